"""A contract's amount and its actual costs have bounds their columns hold (issue 8): at most
¥10,000,000,000.00 — the limit of the quote version a contract comes from — refused by the
forms, the service and the import with the limit named; a crafted number is a form error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from presales.contracts import services
from presales.contracts.models import ActualCost
from presales.contracts.tests.test_profit_and_costs import add_cost, workbook
from presales.lib.services import ServiceError

pytestmark = pytest.mark.django_db

LIMIT = "¥10,000,000,000.00"


def edit_data(contract, amount):
    return {
        "version": contract.version,
        "kind": contract.kind,
        "number": contract.number,
        "title": contract.title,
        "party_a": contract.party_a,
        "party_b": contract.party_b,
        "amount": amount,
        "payment_terms": contract.payment_terms,
    }


def test_contract_amount_beyond_the_limit_is_refused_keeping_the_input(contract, rep, finance, client):
    """99,999,999,999.99 fits the column but no quote version can reach it."""
    client.force_login(rep)
    url = reverse("contracts:edit", args=[contract.pk])
    response = client.post(url, edit_data(contract, "99999999999.99"))
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [f"Enter a value of at most {LIMIT}."]
    assert 'value="99999999999.99"' in response.text
    contract.refresh_from_db()
    assert contract.amount == Decimal("1000000.00")
    assert client.post(url, edit_data(contract, "10000000000.00")).status_code == 302
    contract.refresh_from_db()
    assert contract.amount == Decimal("10000000000.00")
    for user in (rep, finance):
        client.force_login(user)
        assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
        assert client.get("/api/v1/contracts/").status_code == 200


@pytest.mark.parametrize("crafted", ["NaN", "Infinity", "1e400", "1e-999", "1" + "0" * 30, "-1"])
def test_crafted_amounts_get_a_form_error(contract, rep, finance, client, crafted):
    client.force_login(rep)
    response = client.post(reverse("contracts:edit", args=[contract.pk]), edit_data(contract, crafted))
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    client.force_login(finance)
    response = client.post(
        reverse("contracts:cost_add", args=[contract.pk]),
        {"category": "travel", "amount": crafted, "incurred_on": "2026-02-01", "description": "差旅"},
    )
    assert response.status_code == 200
    assert response.context["cost_form"].errors["amount"]
    assert not ActualCost.objects.exists()


def test_the_service_refuses_an_amount_beyond_the_limit(contract, rep, finance):
    with pytest.raises(ServiceError) as refused:
        services.contract_update(
            contract=contract, user=rep, data={"amount": Decimal("10000000000.01")}, seen_version=contract.version
        )
    assert refused.value.messages == [f"Contract amount (CNY) cannot be more than {LIMIT}."]
    with pytest.raises(ServiceError, match=f"The amount is too large: at most {LIMIT}."):
        add_cost(contract, finance, "10000000000.01")
    add_cost(contract, finance, "10000000000.00")
    contract.refresh_from_db()
    assert contract.amount == Decimal("1000000.00")


def test_an_actual_cost_beyond_the_limit_is_refused_by_the_form(contract, finance, client):
    client.force_login(finance)
    response = client.post(
        reverse("contracts:cost_add", args=[contract.pk]),
        {"category": "travel", "amount": "10000000000.01", "incurred_on": "2026-02-01", "description": "差旅"},
    )
    assert response.status_code == 200
    assert response.context["cost_form"].errors["amount"] == [f"Enter a value of at most {LIMIT}."]
    assert not ActualCost.objects.exists()


def test_import_of_a_crafted_amount_is_refused_by_row(contract, finance, client):
    """1e400 made the import fail (quantize cannot hold it): now a row error naming the limit."""
    client.force_login(finance)
    upload = workbook([("1e400", "差旅", "", "2026-02-01"), ("10000000000.01", "差旅", "", "2026-02-01")])
    response = client.post(reverse("contracts:costs_import", args=[contract.pk]), {"file": upload})
    assert response.status_code == 200
    assert response.context["report"].errors == [
        (2, f"The amount is too large: at most {LIMIT}."),
        (3, f"The amount is too large: at most {LIMIT}."),
    ]
    assert not ActualCost.objects.exists()


def test_costs_add_up_within_the_limit_and_read_back(contract, finance, client):
    """One cost at the limit is booked and read back; a second one would take the contract's
    total past what its sum can hold, so it is refused, by the service and by the import."""
    add_cost(contract, finance, "10000000000.00")
    with pytest.raises(ServiceError) as refused:
        add_cost(contract, finance, "0.01")
    assert "would add up to ¥10,000,000,000.01" in refused.value.messages[0]
    client.force_login(finance)
    upload = workbook([("1.00", "差旅", "", "2026-02-01"), ("2.00", "差旅", "", "2026-02-02")])
    response = client.post(reverse("contracts:costs_import", args=[contract.pk]), {"file": upload})
    assert [number for number, _message in response.context["report"].errors] == [3]
    assert ActualCost.objects.count() == 1
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    assert client.get(reverse("contracts:list")).status_code == 200
    response = client.get(f"/api/v1/contracts/{contract.pk}/")
    assert response.status_code == 200
    assert response.json()["actual_cost"] == "10000000000.00"
