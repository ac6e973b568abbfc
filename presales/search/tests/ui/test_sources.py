"""What the existing apps put in the one search: each object is found after its save by its
title words and its code, only by who may see it, never with a cost; reindexing a source
runs the same number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from presales.search import registry
from presales.search.models import SearchEntry
from presales.search.selectors import search, suggest
from presales.search.services import indexing_paused, reindex
from presales.search.tests.ui import conftest as build

pytestmark = pytest.mark.django_db

TYPES = {
    "customer",
    "contact",
    "opportunity",
    "activity",
    "service_request",
    "survey",
    "solution",
    "product",
    "component",
    "quote",
    "contract",
}


def found(user, q, type):
    """The object ids of that type found for `q` by `user`."""
    return {hit.object_id for hit in search(user, q, types=[type], per_page=100).hits}


def test_every_app_registers_its_sources():
    assert TYPES <= {source.type for source in registry.sources()}
    assert registry.facet_labels("industry")["power_grid"] == "Power grid"


@pytest.fixture
def world(rep, engineer, manager, commercial, indexed):
    """One object of each source, all on the rep's opportunity (engineer: its presales lead)."""
    with indexed():
        cust = build.customer(rep)
        opp = build.opportunity(rep, cust, presales_lead=engineer)
        objects = {
            "customer": cust,
            "contact": build.contact(cust, rep),
            "opportunity": opp,
            "activity": build.activity(opp, rep),
            "service_request": build.service_request(rep, opp),
            "solution": build.solution(opp, engineer),
            "product": build.product(commercial),
            "component": build.component(),
            "quote": build.quote(opp, commercial),
            "contract": build.contract(opp, rep),
        }
    with indexed():
        objects["survey"] = build.survey(objects["service_request"], manager, engineer)
    return objects


@pytest.mark.parametrize(
    ("type", "words", "code"),
    [
        ("customer", "公安局", "杭州公安"),
        ("contact", "张主任", "信息科科长"),
        ("opportunity", "雪亮工程", None),  # code: PS-…, below
        ("activity", "直流屏改造", "蓄电池寿命"),
        ("service_request", "一体化电源方案", None),
        ("survey", "壁挂式电源", "二号机房"),
        ("solution", "一体化电源解决方案", "阀控式密封铅酸电池"),  # the second: the text of the .docx
        ("product", "高频开关电源", "imps48"),
        ("component", "塑壳断路器", "3VA1"),
        ("quote", "一体化电源报价", "ZHM05P"),
        ("contract", "购销合同", None),
    ],
)
def test_an_object_is_found_after_its_save_by_title_words_and_code(world, manager, type, words, code):
    obj = world[type]
    assert obj.pk in found(manager, words, type)
    code = code or getattr(obj, "code", None) or obj.number
    assert obj.pk in found(manager, code, type)
    entry = SearchEntry.objects.get(type=type, object_id=obj.pk)
    assert entry.url.startswith("/") and entry.url != "/"


def test_a_product_is_found_by_its_model_code_however_typed(world, rep):
    product = world["product"]
    for typed in ("IMPS48/150", "imps48", "IMPS 48"):
        assert product.pk in found(rep, typed, "product"), typed
    assert "额定电压: 48 V" in SearchEntry.objects.get(type="product", object_id=product.pk).body


def test_a_change_reindexes_and_a_delete_removes(world, rep, indexed):
    from presales.customers.services import contact_delete

    contact = world["contact"]
    with indexed():
        contact_delete(contact=contact, user=rep)
    assert not found(rep, "张主任", "contact")
    solution = world["solution"]
    from presales.solutions.tests.conftest import add_version

    with indexed():
        add_version(solution, world["opportunity"].presales_lead, reason="改用磷酸铁锂电池")
    assert solution.pk in found(rep, "磷酸铁锂", "solution")  # a new version re-indexes its solution


def test_a_rep_does_not_find_another_reps_rows(world, rep, other_rep, engineer, indexed):
    """Not as a hit, not in the total, not in a facet."""
    with indexed():
        theirs = build.opportunity(other_rep, build.customer(other_rep, "宁波市公安局", short_name="宁波公安"))
        their = {
            "opportunity": theirs,
            "activity": build.activity(theirs, other_rep),
            "quote": build.quote(theirs, other_rep),
            "contract": build.contract(theirs, other_rep),
            "customer": theirs.customer,
        }
    words = {
        "opportunity": "雪亮工程",
        "activity": "直流屏改造",
        "quote": "一体化电源报价",
        "contract": "购销合同",
        "customer": "公安局",
    }
    for type, obj in their.items():
        assert obj.pk in found(other_rep, words[type], type)
        assert found(rep, words[type], type) == {world[type].pk}, type
        results = search(rep, words[type])
        assert all(hit.object_id != obj.pk or hit.type != type for hit in results.hits)
        type_counts = {facet.value: facet.count for facet in results.facets["type"]}
        assert type_counts[type] == 1, type
        mine = search(rep, words[type], types=[type])
        assert mine.total == 1
    # the industry/year facets count only his own customer
    assert {f.value: f.count for f in search(rep, "公安局", types=["customer"]).facets["industry"]} == {
        "public_security": 1
    }
    # the manager sees both; the engineer (presales lead of the rep's) only the rep's
    assert found(engineer, "雪亮工程", "opportunity") == {world["opportunity"].pk}
    assert not suggest(rep, "宁波公安")


def test_a_user_without_a_role_finds_nothing(world, db):
    from presales.testing import make_user

    nobody = make_user("nobody")
    assert search(nobody, "一体化电源").total == 0
    assert search(nobody, "imps48").total == 0


@pytest.mark.parametrize("q", ["7313", "7313.57", "9876", "4321", "731357", "1234567"])
def test_no_cost_or_amount_is_indexed(world, manager, q):
    """Standard cost and channel price (product), unit cost (quote line), the solution's cost
    range and the contract amount are never a search word nor in a snippet."""
    assert search(manager, q).total == 0
    for entry in SearchEntry.objects.all():
        assert q not in entry.body and q not in entry.title and q not in entry.keywords, entry.type


def _reindex_queries(type: str) -> int:
    """Queries of rebuilding the type's index from empty (an update takes its own path)."""
    from presales.search.models import SearchFacet

    SearchFacet.objects.filter(entry__type=type).delete()
    SearchEntry.objects.filter(type=type).delete()
    with CaptureQueriesContext(connection) as queries:
        indexed = reindex([type])[type]
    assert indexed > 0
    return len(queries)


MAKERS = {
    "customer": lambda u, i: build.customer(u["rep"], f"第{i}客户公安局", short_name=f"简{i}"),
    "contact": lambda u, i: build.contact(build.customer(u["rep"], f"联系{i}客户"), u["rep"], name=f"联系人{i}"),
    "opportunity": lambda u, i: build.opportunity(u["rep"], name=f"商机{i}"),
    "activity": lambda u, i: build.activity(build.opportunity(u["rep"], name=f"活动商机{i}"), u["rep"]),
    "service_request": lambda u, i: build.service_request(u["rep"], build.opportunity(u["rep"], name=f"请求{i}")),
    "survey": lambda u, i: build.survey(
        build.service_request(u["rep"], build.opportunity(u["rep"], name=f"勘察{i}")), u["manager"], u["engineer"]
    ),
    "solution": lambda u, i: build.solution(
        build.opportunity(u["rep"], name=f"方案商机{i}", presales_lead=u["engineer"]), u["engineer"]
    ),
    "product": lambda u, i: build.product(u["commercial"], code=f"IMPS48/{i}", cost="100"),
    "component": lambda u, i: build.component(model=f"3VA{i}"),
    "quote": lambda u, i: build.quote(build.opportunity(u["rep"], name=f"报价商机{i}"), u["commercial"]),
    "contract": lambda u, i: build.contract(build.opportunity(u["rep"], name=f"合同商机{i}"), u["rep"]),
}


@pytest.mark.parametrize("type", sorted(MAKERS))
def test_reindexing_a_source_runs_the_same_queries_for_3_or_9_rows(type, rep, manager, engineer, commercial):
    users = {"rep": rep, "manager": manager, "engineer": engineer, "commercial": commercial}
    with indexing_paused():
        for i in range(3):
            MAKERS[type](users, i)
    _reindex_queries(type)  # the first loads the admin's words and synonyms (then cached)
    few = _reindex_queries(type)
    with indexing_paused():
        for i in range(3, 9):
            MAKERS[type](users, i)
    assert _reindex_queries(type) == few
