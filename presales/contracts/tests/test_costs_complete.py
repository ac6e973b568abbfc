"""Provisional (暂估) and final (最终) profit: finance marks a contract's actual costs complete,
or reopens them; while complete the costs cannot change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from presales.contracts import services
from presales.contracts.selectors import profit_of
from presales.contracts.tests.test_profit_and_costs import add_cost
from presales.events.models import Event
from presales.lib.services import ServiceError


def kinds(contract) -> list[str]:
    return list(
        Event.objects.about(contract)
        .filter(kind__startswith="contracts.costs_")
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_profit_is_provisional_with_the_share_of_the_plan_entered(client, contract, finance):
    add_cost(contract, finance, "238000.00")
    p = profit_of(contract)
    assert not p.costs_complete
    assert p.entered_share == Decimal("34.00")  # 238,000 of the planned 700,000

    client.force_login(finance)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).text
    assert "Project profit (provisional)" in page and "Final project profit" not in page
    assert '<dt class="col-7" data-testid="profit-label">Provisional profit</dt>' in page
    assert "Actual costs entered: 34.00% of the planned cost." in page
    assert "¥762,000.00" in page  # the provisional profit, through |money
    assert 'data-testid="costs-complete-form"' in page


def test_finance_marks_the_costs_complete_and_the_profit_is_final(client, contract, finance):
    add_cost(contract, finance, "238000.00")
    client.force_login(finance)
    response = client.post(reverse("contracts:costs_complete", args=[contract.pk]))
    assert response.status_code == 302

    contract.refresh_from_db()
    assert contract.costs_complete and contract.costs_completed_by == finance and contract.costs_completed_at
    assert kinds(contract) == ["contracts.costs_completed"]
    p = profit_of(contract)
    assert p.costs_complete and p.entered_share is None
    page = client.get(reverse("contracts:detail", args=[contract.pk])).text
    assert "Final project profit" in page and 'data-testid="profit-provisional"' not in page
    assert '<dt class="col-7" data-testid="profit-label">Final profit</dt>' in page
    assert 'data-testid="costs-completed-by"' in page and 'data-testid="costs-reopen-form"' in page
    assert 'data-testid="cost-form"' not in page  # nobody enters costs while they are complete


@pytest.mark.parametrize("persona", ["commercial", "rep", "general_manager", "service_mgmt"])
def test_only_finance_marks_costs_complete_or_reopens(request, client, persona, contract, finance):
    add_cost(contract, finance, "100.00")
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.contract_costs_complete(contract=contract, user=user)
    client.force_login(user)
    assert client.post(reverse("contracts:costs_complete", args=[contract.pk])).status_code in (403, 404)
    contract.refresh_from_db()
    assert not contract.costs_complete
    services.contract_costs_complete(contract=contract, user=finance)
    with pytest.raises(PermissionDenied):
        services.contract_costs_reopen(contract=contract, user=user)
    assert client.post(reverse("contracts:costs_reopen", args=[contract.pk])).status_code in (403, 404)
    contract.refresh_from_db()
    assert contract.costs_complete


def test_costs_cannot_change_while_complete_until_finance_reopens(contract, finance, commercial):
    """Decided: a late cost is refused while the costs are complete (a final profit never
    changes silently); finance reopens, the cost is entered, the profit is provisional again."""
    cost = add_cost(contract, finance, "238000.00")
    with pytest.raises(ServiceError):
        services.contract_costs_reopen(contract=contract, user=finance)  # not complete yet
    services.contract_costs_complete(contract=contract, user=finance)
    with pytest.raises(ServiceError, match="ask finance to reopen"):
        add_cost(contract, commercial, "1000.00")
    with pytest.raises(ServiceError, match="ask finance to reopen"):
        services.cost_delete(cost=cost, user=finance)
    with pytest.raises(ServiceError, match="already marked complete"):
        services.contract_costs_complete(contract=contract, user=finance)

    services.contract_costs_reopen(contract=contract, user=finance, reason="补录发票")
    contract.refresh_from_db()
    assert not contract.costs_complete and contract.costs_completed_by is None
    add_cost(contract, commercial, "1000.00")
    assert not profit_of(contract).costs_complete
    assert kinds(contract) == ["contracts.costs_completed", "contracts.costs_reopened"]


def test_marking_complete_needs_a_cost(contract, finance):
    with pytest.raises(ServiceError, match="No actual cost is entered yet"):
        services.contract_costs_complete(contract=contract, user=finance)
