"""A hidden row never appears: not as a hit, a title, a snippet, a count, a facet or a
suggestion. Customers with their real rule (presales/customers/access.py): a sales rep sees
his own, managers all, a user without a role none."""

from __future__ import annotations

import pytest

from presales.search.selectors import search, suggest
from presales.search.services import reindex
from presales.search.tests.conftest import CUSTOMER
from presales.testing import make_customer


@pytest.fixture
def customers(customer_source, rep, other_rep):
    mine = make_customer(rep, "华东蓄电池电力公司", industry="power_grid", notes="采购直流屏和蓄电池")
    theirs = make_customer(other_rep, "华北蓄电池轨道公司", industry="rail", notes="机密：蓄电池改造预算")
    reindex([CUSTOMER])
    return mine, theirs


def test_a_rep_finds_only_his_customers(customers, rep):
    mine, theirs = customers
    results = search(rep, "蓄电池", types=[CUSTOMER])
    assert [h.object_id for h in results.hits] == [mine.pk]
    assert results.total == 1
    assert all("机密" not in h.snippet_html and "华北" not in h.title for h in results.hits)
    assert {f.value: f.count for f in results.facets["industry"]} == {"power_grid": 1}
    assert {f.value: f.count for f in results.facets["type"]} == {CUSTOMER: 1}
    assert [h.object_id for h in suggest(rep, "蓄电池")] == [mine.pk]


def test_a_word_only_in_a_hidden_row_finds_nothing(customers, rep, other_rep):
    assert search(rep, "机密", types=[CUSTOMER]).total == 0
    assert search(rep, "轨道").facets["industry"] == []
    assert suggest(rep, "华北") == []
    assert search(other_rep, "机密", types=[CUSTOMER]).total == 1


def test_a_manager_finds_every_customer(customers, manager):
    results = search(manager, "蓄电池", types=[CUSTOMER])
    assert {h.object_id for h in results.hits} == {c.pk for c in customers}
    assert results.total == 2
    labels = {f.value: f.label for f in results.facets["industry"]}
    assert set(labels) == {"power_grid", "rail"} and "power_grid" not in labels.values()  # labels, not codes


def test_a_user_without_a_role_finds_nothing(customers, nobody, django_assert_max_num_queries):
    search(nobody, "蓄电池")
    with django_assert_max_num_queries(2):  # his roles are read; no search query runs
        results = search(nobody, "蓄电池", types=[CUSTOMER])
    assert results.total == 0 and results.hits == [] and results.facets == {}
    assert suggest(nobody, "蓄电池") == []


def test_the_visibility_rule_is_applied_before_the_page_and_the_count(customers, rep, other_rep):
    for n in range(5):
        make_customer(other_rep, f"其他蓄电池客户{n}")
    reindex([CUSTOMER])
    results = search(rep, "蓄电池", types=[CUSTOMER], per_page=1)
    assert results.total == 1 and results.pages == 1
    assert [h.object_id for h in results.hits] == [customers[0].pk]
