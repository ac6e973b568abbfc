"""The profit list across contracts (/contracts/profit/) and its export: for who sees cost
only; filters; a totals row summed in one query with the contract page's rules; each
contract's profit labelled provisional (暂估) until finance marks its costs complete."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presales.contracts.models import ActualCost, Contract
from presales.contracts.selectors import profit_totals
from presales.contracts.tests.conftest import make_quote_version
from presales.testing import make_customer, make_opportunity, xlsx_rows

SIGNED = datetime.date(2026, 5, 1)


def _contract(opportunity, user, number, *, amount, version=None, costs=(), complete=False, signed=None):
    contract = Contract.objects.create(
        opportunity=opportunity,
        kind="sales",
        number=number,
        title=f"{number}合同",
        party_a=opportunity.customer.name,
        amount=Decimal(amount),
        quote_version=version,
        status="signed" if signed else "draft",
        signed_on=signed,
        costs_complete=complete,
        created_by=user,
    )
    for cost in costs:
        ActualCost.objects.create(
            contract=contract, category="equipment", amount=Decimal(cost), incurred_on=SIGNED, entered_by=user
        )
    return contract


@pytest.fixture
def book(rep, other_rep):
    """Three contracts with figures checked by hand:
    A 1,000,000 (plan 700,000), costs 300,000 + 200,000, provisional → profit 500,000;
    B amount 0 → the quote's 500,000 (plan 400,000), cost 450,000, final → profit 50,000;
    C 200,000 without a quote, no cost, provisional → no profit yet (it would read as the price).
    Totals: price 1,700,000, plan 1,100,000, actual 950,000; profit 550,000 and margin 36.67 %
    over A and B (1,500,000), the contracts with costs."""
    east = make_customer(rep, "杭州市公安局", short_name="杭州公安")
    west = make_customer(other_rep, "温州市交通局", short_name="温州交通")
    a_opp = make_opportunity(rep, east, name="雪亮工程")
    b_opp = make_opportunity(other_rep, west, name="智慧交通")
    c_opp = make_opportunity(rep, east, name="机房改造")
    return {
        "A": _contract(
            a_opp,
            rep,
            "HT-A",
            amount="1000000",
            version=make_quote_version(a_opp, rep, total="1000000", cost="700000", code="BJ-A"),
            costs=("300000", "200000"),
            signed=SIGNED,
        ),
        "B": _contract(
            b_opp,
            other_rep,
            "HT-B",
            amount="0",
            version=make_quote_version(b_opp, other_rep, total="500000", cost="400000", code="BJ-B"),
            costs=("450000",),
            complete=True,
            signed=SIGNED + datetime.timedelta(days=40),
        ),
        "C": _contract(c_opp, rep, "HT-C", amount="200000"),
    }


def numbers(response) -> list[str]:
    assert response.status_code == 200
    return sorted(c.number for c, _p in response.context["page"].object_list)


def test_totals_follow_the_contract_pages_rules(client, finance, book):
    client.force_login(finance)

    totals = client.get(reverse("contracts:profit")).context["totals"]

    assert totals.count == 3
    assert totals.reviewed_price == Decimal("1700000.00")
    assert totals.planned_cost == Decimal("1100000.00")
    assert totals.actual_cost == Decimal("950000.00")
    assert totals.profit == Decimal("550000.00")
    assert totals.margin == Decimal("36.67")
    assert totals.provisional == 2
    assert totals.without_costs == 1


def test_the_totals_are_one_query(book):
    with CaptureQueriesContext(connection) as queries:
        profit_totals(Contract.objects.all())

    assert len(queries.captured_queries) == 1


def test_each_row_shows_the_contract_pages_profit_and_its_label(client, finance, book):
    client.force_login(finance)

    response = client.get(reverse("contracts:profit"), {"sort": "number"}, HTTP_ACCEPT_LANGUAGE="en")

    rows = {c.number: p for c, p in response.context["page"].object_list}
    assert rows["HT-A"].profit == Decimal("500000.00") and rows["HT-A"].entered_share == Decimal("71.43")
    assert rows["HT-B"].reviewed_price == Decimal("500000.00") and rows["HT-B"].profit == Decimal("50000.00")
    html = response.content.decode()
    assert html.count('data-testid="profit-provisional"') == 2
    assert html.count('data-testid="profit-final"') == 1
    assert "71.43% of plan entered" in html
    assert "550,000.00" in html.split('data-testid="total-profit"')[1][:60]
    assert html.count('data-testid="no-cost-yet"') == 1  # HT-C: no cost, so no profit to show yet
    assert 'data-testid="totals-without-costs"' in html


@pytest.mark.parametrize(
    "params, wanted",
    [
        ({}, ["HT-A", "HT-B", "HT-C"]),
        ({"costs": "yes"}, ["HT-B"]),
        ({"costs": "no"}, ["HT-A", "HT-C"]),
        ({"customer": "温州"}, ["HT-B"]),
        ({"customer": "杭州公安"}, ["HT-A", "HT-C"]),
        ({"status": "signed"}, ["HT-A", "HT-B"]),
        ({"signed_from": "2026-05-02"}, ["HT-B"]),
        ({"signed_to": "2026-05-01"}, ["HT-A"]),
        ({"signed_from": "2026-04-01", "signed_to": "2026-06-30"}, ["HT-A", "HT-B"]),
        ({"q": "HT-C"}, ["HT-C"]),
    ],
)
def test_filters_narrow_the_rows_and_the_totals(client, finance, book, params, wanted):
    client.force_login(finance)

    response = client.get(reverse("contracts:profit"), params)

    assert numbers(response) == wanted
    assert response.context["totals"].count == len(wanted)
    expected_price = sum((p.reviewed_price for c, p in response.context["page"].object_list), Decimal("0"))
    assert response.context["totals"].reviewed_price == expected_price


def test_filter_by_sales_owner(client, finance, book, other_rep):
    client.force_login(finance)

    assert numbers(client.get(reverse("contracts:profit"), {"owner": other_rep.pk})) == ["HT-B"]


@pytest.mark.parametrize(
    "params",
    [
        {"owner": "99999999999999999999999"},
        {"owner": "x"},
        {"signed_from": "2026-13-45"},
        {"costs": "maybe"},
        {"customer": "客" * 5000},
        {"sort": "-profit;"},
    ],
)
def test_crafted_filters_answer_200(client, finance, book, params):
    client.force_login(finance)

    assert client.get(reverse("contracts:profit"), params).status_code == 200
    assert client.get(reverse("contracts:profit_export"), params).status_code == 200


def test_the_export_has_the_same_rows_and_the_totals_row(client, finance, book):
    client.force_login(finance)

    rows = xlsx_rows(client.get(reverse("contracts:profit_export"), {"costs": "no", "sort": "-number"}))

    header, *body, footer = rows
    assert [r[0] for r in body] == ["HT-C", "HT-A"]
    figures = dict(zip(header, footer, strict=True))
    assert figures["Reviewed price (CNY)"] == 1200000
    assert figures["Actual cost (CNY)"] == 500000
    assert figures["Profit (CNY)"] == 500000  # HT-A only: HT-C has no cost entered yet
    assert figures["Margin %"] == pytest.approx(50.00)
    assert dict(zip(header, body[1], strict=True))["Profit status"] == "Provisional"


@pytest.mark.parametrize("persona", ["finance", "manager", "sales_head", "general_manager", "commercial", "admin_user"])
def test_who_sees_cost_opens_the_list_and_finds_it_in_the_navigation(client, request, book, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("contracts:profit"))

    assert response.status_code == 200
    assert 'data-testid="nav-profit"' in response.content.decode()
    assert client.get(reverse("contracts:profit_export")).status_code == 200


@pytest.mark.parametrize("persona", ["rep", "engineer", "service_mgmt", "nobody"])
def test_who_may_not_see_profit_is_refused_and_has_no_link(client, request, book, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("contracts:profit")).status_code == 403
    assert client.get(reverse("contracts:profit_export")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-profit"' not in home and reverse("contracts:profit") not in home
    contracts = client.get(reverse("contracts:list")).content.decode()
    assert reverse("contracts:profit") not in contracts


def test_the_export_link_keeps_the_filters(client, finance, book):
    client.force_login(finance)

    html = client.get(reverse("contracts:profit"), {"costs": "yes"}).content.decode()

    assert 'href="/contracts/profit/export/?costs=yes' in html


def test_the_contract_list_links_the_profit_list_for_who_sees_cost(client, finance, book):
    client.force_login(finance)

    assert 'data-testid="profit-link"' in client.get(reverse("contracts:list")).content.decode()


def test_the_contract_list_export_is_no_longer_a_404(client, rep, book):
    client.force_login(rep)

    rows = xlsx_rows(client.get(reverse("contracts:export")))

    assert sorted(r[0] for r in rows[1:]) == ["HT-A", "HT-C"]  # the rep's own, never another's


def test_no_planned_cost_total_without_any_plan(client, finance, book):
    """HT-C has no quote version: its plan is unknown, not zero."""
    client.force_login(finance)

    response = client.get(reverse("contracts:profit"), {"q": "HT-C"})

    assert response.context["totals"].planned_cost is None
    assert 'data-testid="total-planned">—' in response.content.decode()
