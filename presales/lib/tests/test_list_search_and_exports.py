"""Search on every list, and the list exports: the same filters, search and sort as the
list, only the rows the user may see, cost and margin columns only for who sees cost, user
text written as text, and a fixed number of queries however many rows (lists and exports)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.contracts.models import Contract
from presales.lib.tests.list_rows import ListRows
from presales.opportunities.models import Opportunity
from presales.quotes.models import Quote
from presales.service_requests.models import ServiceRequest
from presales.solutions.models import Solution
from presales.testing import xlsx_rows, xlsx_sheet

# list → its export, the model, and how a row's first exported column reads
EXPORTS = {
    "opportunities:list": ("opportunities:export", Opportunity, lambda o: o.code),
    "customers:list": ("customers:export", None, lambda c: c.name),
    "service_requests:list": ("service_requests:export", ServiceRequest, lambda r: r.code),
    "solutions:list": ("solutions:export", Solution, lambda s: s.code),
    "quotes:list": ("quotes:export", Quote, lambda q: q.code),
    "contracts:list": ("contracts:export", Contract, lambda c: c.number),
}
SEARCHABLE = ["opportunities:list", "service_requests:list", "solutions:list", "quotes:list", "contracts:list"]


@pytest.fixture(autouse=True)
def english(settings):
    """Messages compared in English: logged in, pages follow the organisation's language."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def rows(rep, other_rep):
    made = ListRows(rep, other_rep)
    made.add(6)
    return made


def first_column(response) -> list:
    return [row[0] for row in xlsx_rows(response)[1:]]


def page_firsts(response, first) -> list:
    assert response.status_code == 200
    return [first(row) for row in response.context["page"].object_list]


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEARCHABLE)
def test_search_matches_the_customers_name(client, manager, rows, name):
    _export, model, first = EXPORTS[name]
    opportunity = rows.opportunities[2]
    client.force_login(manager)

    response = client.get(reverse(name), {"q": opportunity.customer.name})

    wanted = {first(o) for o in model.objects.filter(**_of(model, opportunity))}
    assert wanted and set(page_firsts(response, first)) == wanted
    # … and its short name
    response = client.get(reverse(name), {"q": opportunity.customer.short_name})
    assert wanted <= set(page_firsts(response, first))


def _of(model, opportunity) -> dict:
    return {"pk": opportunity.pk} if model is Opportunity else {"opportunity": opportunity}


@pytest.mark.parametrize(
    "name, field",
    [
        ("opportunities:list", "code"),
        ("opportunities:list", "name"),
        ("service_requests:list", "code"),
        ("service_requests:list", "title"),
        ("solutions:list", "code"),
        ("solutions:list", "title"),
        ("contracts:list", "number"),
        ("contracts:list", "title"),
    ],
)
def test_search_matches_number_and_title(client, manager, rows, name, field):
    _export, model, first = EXPORTS[name]
    target = model.objects.order_by("pk")[3]
    client.force_login(manager)

    response = client.get(reverse(name), {"q": getattr(target, field)})

    assert page_firsts(response, first) == [first(target)]


@pytest.mark.parametrize("name", [*SEARCHABLE, "customers:list"])
def test_crafted_search_and_filters_answer_200(client, manager, rows, name):
    client.force_login(manager)
    for params in (
        {"q": "项" * 5000},
        {"q": "%_\\'\""},
        {"status": "nonsense", "mine": "x", "overdue": "maybe", "request_type": "?"},
        {"page": "99999999999999999999999"},
    ):
        assert client.get(reverse(name), params).status_code == 200, params
        assert client.get(reverse(EXPORTS[name][0]), params).status_code == 200, params


def test_search_never_widens_a_reps_scope(client, rep, other_rep, rows):
    others = [o for o in rows.opportunities if o.sales_owner_id == other_rep.pk]
    client.force_login(rep)

    for name in SEARCHABLE:
        response = client.get(reverse(name), {"q": others[0].customer.name})
        assert list(response.context["page"].object_list) == [], name


# --- exports --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPORTS))
def test_the_export_has_the_lists_rows_in_the_lists_order(client, manager, rows, name):
    export, _model, first = EXPORTS[name]
    client.force_login(manager)
    sort = {"customers:list": "-region", "quotes:list": "title", "opportunities:list": "amount"}.get(name, "-title")
    query = {"sort": sort, "q": "0"}  # every list's search matches a "0" somewhere, not everywhere

    listed = page_firsts(client.get(reverse(name), query), first)
    exported = first_column(client.get(reverse(export), query))

    assert listed and exported == listed


@pytest.mark.parametrize("name", list(EXPORTS))
def test_a_reps_export_holds_only_his_rows(client, rep, other_rep, rows, name):
    export, model, first = EXPORTS[name]
    mine = [o for o in rows.opportunities if o.sales_owner_id == rep.pk]
    if model is None:
        wanted = {o.customer.name for o in mine}
    else:
        wanted = {first(row) for o in mine for row in model.objects.filter(**_of(model, o))}
    client.force_login(rep)

    assert set(first_column(client.get(reverse(export)))) == wanted


COST_HEADERS = {
    "quotes:export": {"Total cost", "Gross margin %"},
    "contracts:export": {
        "Reviewed price (CNY)",
        "Planned cost (CNY)",
        "Actual cost (CNY)",
        "Profit (CNY)",
        "Margin %",
        "Profit status",
    },
}


@pytest.mark.parametrize("export", list(COST_HEADERS))
def test_cost_and_margin_columns_only_for_who_sees_cost(
    client, rep, engineer, service_mgmt, finance, manager, rows, export
):
    for user, sees in ((rep, False), (engineer, False), (service_mgmt, False), (finance, True), (manager, True)):
        client.force_login(user)
        headers = set(xlsx_rows(client.get(reverse(export), HTTP_ACCEPT_LANGUAGE="en"))[0])
        assert (COST_HEADERS[export] <= headers) is sees, (user.username, headers)
        if not sees:
            assert not (COST_HEADERS[export] & headers), user.username


def test_contract_export_profit_figures_for_finance(client, finance, rows):
    contract = Contract.objects.order_by("pk").first()
    client.force_login(finance)

    sheet = xlsx_rows(client.get(reverse("contracts:export"), {"q": contract.number}, HTTP_ACCEPT_LANGUAGE="en"))

    header, row = sheet[0], sheet[1]
    figures = dict(zip(header, row, strict=True))
    cost = contract.actual_costs.get().amount
    assert figures["Actual cost (CNY)"] == float(cost)
    assert figures["Profit (CNY)"] == float(contract.amount - cost)
    assert figures["Profit status"] == "Provisional"


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)"]


def test_formula_looking_text_is_written_as_text(client, manager, rep, rows):
    opportunity = rows.opportunities[0]
    ServiceRequest.objects.filter(opportunity=opportunity).update(title=FORMULAS[0])
    Solution.objects.filter(opportunity=opportunity).update(title=FORMULAS[1])
    Quote.objects.filter(opportunity=opportunity).update(title=FORMULAS[2])
    Contract.objects.filter(opportunity=opportunity).update(title=FORMULAS[3])
    client.force_login(manager)

    for export in ("service_requests:export", "solutions:export", "quotes:export", "contracts:export"):
        sheet = xlsx_sheet(client.get(reverse(export)))
        planted = [c for row in sheet.iter_rows() for c in row if c.value in FORMULAS]
        assert planted, export
        for cell in planted:
            assert cell.data_type == "s", (export, cell.coordinate, cell.value)


def test_every_list_shows_an_export_link_that_keeps_the_filters(client, manager, rows):
    client.force_login(manager)
    for name, (export, _model, _first) in EXPORTS.items():
        html = client.get(reverse(name), {"q": "x"}).content.decode()
        assert f'href="{reverse(export)}?q=x' in html, name


# --- fixed number of queries ----------------------------------------------------------------

PAGES = [*EXPORTS, *(e for e, _m, _f in EXPORTS.values()), "contracts:profit", "contracts:profit_export"]


def test_lists_and_exports_read_a_fixed_number_of_queries(client, manager, rep, other_rep):
    made = ListRows(rep, other_rep)
    client.force_login(manager)
    counts: dict[str, list[int]] = {name: [] for name in PAGES}
    for extra in (3, 9):
        made.add(extra)
        for name in PAGES:
            client.get(reverse(name), {"sort": "title"})  # warm the caches (sessions, templates)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name), {"sort": "title"})
            assert response.status_code == 200, name
            counts[name].append(len(queries.captured_queries))

    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} queries with 3 rows, {large} with 12"
