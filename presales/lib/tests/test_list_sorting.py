"""Click-to-sort on every list (presales.lib.sorting): each whitelisted key in both
directions gives the order computed here in Python from the rows themselves; anything else
falls back to the list's default; the column heads link to the other direction and keep the
filters. Each key's first column has an index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from presales.contracts.filters import SORTING as CONTRACT_SORTING
from presales.contracts.models import Contract
from presales.customers.models import Customer
from presales.customers.selectors import CUSTOMER_SORTING
from presales.lib.sorting import Sorting
from presales.lib.tests.list_rows import ListRows
from presales.opportunities.filters import SORTING as OPPORTUNITY_SORTING
from presales.opportunities.models import Opportunity
from presales.quotes.models import Quote
from presales.quotes.selectors import QUOTE_SORTING
from presales.service_requests.models import ServiceRequest
from presales.service_requests.selectors import REQUEST_SORTING
from presales.solutions.models import Solution
from presales.solutions.selectors import SOLUTION_SORTING

# url name → (the list's Sorting, its model, key → the value it sorts by, read in Python)
LISTS = {
    "opportunities:list": (
        OPPORTUNITY_SORTING,
        Opportunity,
        {
            "code": lambda o: o.code,
            "name": lambda o: o.name,
            "stage": lambda o: o.current_stage.order,
            "status": lambda o: o.status,
            "amount": lambda o: o.expected_amount,
            "sign_date": lambda o: o.expected_sign_date,
            "created": lambda o: o.created_at,
            "in_stage": lambda o: o.stage_entered_at,
        },
    ),
    "customers:list": (
        CUSTOMER_SORTING,
        Customer,
        {
            "name": lambda c: c.name,
            "short_name": lambda c: c.short_name,
            "industry": lambda c: c.industry,
            "region": lambda c: c.region,
            "status": lambda c: c.status,
        },
    ),
    "service_requests:list": (
        REQUEST_SORTING,
        ServiceRequest,
        {
            "code": lambda r: r.code,
            "title": lambda r: r.title,
            "type": lambda r: r.request_type,
            "status": lambda r: r.status,
            "submitted": lambda r: r.submitted_at,
            "due": lambda r: r.due_date or r.wanted_by,
        },
    ),
    "solutions:list": (
        SOLUTION_SORTING,
        Solution,
        {
            "code": lambda s: s.code,
            "title": lambda s: s.title,
            "status": lambda s: s.status,
            "due": lambda s: s.due_date,
            "created": lambda s: s.created_at,
        },
    ),
    "quotes:list": (
        QUOTE_SORTING,
        Quote,
        {"code": lambda q: q.code, "title": lambda q: q.title, "created": lambda q: q.created_at},
    ),
    "contracts:list": (
        CONTRACT_SORTING,
        Contract,
        {
            "number": lambda c: c.number,
            "title": lambda c: c.title,
            "kind": lambda c: c.kind,
            "amount": lambda c: c.amount,
            "status": lambda c: c.status,
            "signed": lambda c: c.signed_on,
            "created": lambda c: c.created_at,
        },
    ),
}
LISTS["contracts:profit"] = LISTS["contracts:list"]
CASES = [(name, key) for name, (sorting, _m, values) in LISTS.items() for key in sorting.keys]
BAD_KEYS = ["bogus", "-", "--code", "pk", "-id", "customer__name", "code;drop", "²", "x" * 500]


@pytest.fixture
def rows(rep, other_rep):
    made = ListRows(rep, other_rep)
    made.add(7)
    return made


def listed_pks(response) -> list[int]:
    assert response.status_code == 200
    return [getattr(row, "pk", None) or row[0].pk for row in response.context["page"].object_list]


def expected_pks(model, value, key: str) -> list[int]:
    descending = key.startswith("-")
    objects = sorted(model.objects.all(), key=lambda o: (value(o), o.pk), reverse=descending)
    return [o.pk for o in objects]


def test_every_sort_key_is_tested_here():
    for name, (sorting, _model, values) in LISTS.items():
        assert set(sorting.keys) == set(values), name


@pytest.mark.parametrize("name, key", CASES)
def test_each_key_sorts_both_ways(client, manager, rows, name, key):
    sorting, model, values = LISTS[name]
    client.force_login(manager)

    for asked in (key, f"-{key}"):
        response = client.get(reverse(name), {"sort": asked})

        assert listed_pks(response) == expected_pks(model, values[key], asked), asked
        assert response.context["sort"].current == asked


@pytest.mark.parametrize("name", LISTS)
def test_a_key_not_whitelisted_falls_back_to_the_default(client, manager, rows, name):
    sorting, model, values = LISTS[name]
    client.force_login(manager)
    default = listed_pks(client.get(reverse(name)))

    assert default == expected_pks(model, values[sorting.default.lstrip("-")], sorting.default)
    for bad in BAD_KEYS:
        response = client.get(reverse(name), {"sort": bad})
        assert listed_pks(response) == default, bad


def test_the_column_head_links_to_the_other_direction_and_keeps_the_filters(client, manager, rows):
    client.force_login(manager)

    page = client.get(reverse("contracts:list"), {"q": "合同", "status": "draft", "sort": "amount", "page": "1"})
    html = page.content.decode()

    assert 'data-sort="amount" data-sort-active="asc"' in html
    assert "bi-arrow-up" in html
    link = html.split('data-sort="amount"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert link == "?q=%E5%90%88%E5%90%8C&amp;status=draft&amp;sort=-amount"  # no page: a new order starts at 1
    other = html.split('data-sort="title"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert other.endswith("&amp;sort=title")
    # the export link keeps the sort and the filters
    assert 'href="/contracts/export/?q=%E5%90%88%E5%90%8C&amp;status=draft&amp;sort=amount"' in html


def test_the_descending_head_shows_the_down_arrow(client, manager, rows):
    client.force_login(manager)

    html = client.get(reverse("solutions:list"), {"sort": "-due"}).content.decode()

    assert 'data-sort="due" data-sort-active="desc"' in html and "bi-arrow-down" in html


def test_the_same_table_elsewhere_shows_plain_heads(client, manager, rows):
    """The requests table on a customer page has no sort state: its heads are plain labels."""
    client.force_login(manager)
    customer = rows.opportunities[0].customer

    html = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()

    assert "data-sort=" not in html


def test_unknown_keys_never_reach_the_database():
    sorting = Sorting({"code": ("code",)}, default="-code")

    assert sorting.chosen("code") == "code"
    assert sorting.chosen("-code") == "-code"
    for bad in [None, "", *BAD_KEYS]:
        assert sorting.chosen(bad) == "-code"


def _indexed_columns(table: str) -> set[str]:
    """The first column of each index of `table` (SQLite or PostgreSQL introspection)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {c["columns"][0] for c in constraints.values() if c["index"] or c["unique"] if c["columns"]}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in LISTS if n != "contracts:profit"])
def test_every_sort_key_has_an_index(name):
    sorting, model, _values = LISTS[name]
    indexed = _indexed_columns(model._meta.db_table)
    expression_indexes = {"due"} if model is ServiceRequest else set()  # Coalesce(due_date, wanted_by)
    for key, fields in sorting.keys.items():
        if key in expression_indexes or not isinstance(fields[0], str):
            continue
        first = fields[0].split("__")[0]
        column = model._meta.get_field(first).column
        assert column in indexed, f"{name}: {key} ({column}) has no index"
