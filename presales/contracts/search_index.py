"""What contracts put in the one search (presales.search).

A contract (购销合同/采购合同) is found by its number, title, parties, opportunity, customer
and notes. No amount is indexed — neither the contract amount, the payment terms nor the
actual costs: a snippet would show them to whoever finds the contract, and an amount is not
a search word. Who finds it is contracts.access (exactly who sees its opportunity).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.contracts.models import KIND_DOCUMENT, Contract
from presales.opportunities.access import opportunities_visible_to
from presales.search.registry import Passage, Source, register, related_by


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def contract_passage(contract: Contract) -> Passage:
    opportunity = contract.opportunity
    signed = contract.signed_on or (contract.created_at.date() if contract.created_at else None)
    return Passage(
        title=contract.title,
        body=contract.notes,
        url=reverse("contracts:detail", args=[contract.pk]),
        keywords=_join(
            contract.number,
            KIND_DOCUMENT.get(contract.kind, ""),
            contract.party_a,
            contract.party_b,
            opportunity.code,
            opportunity.name,
            opportunity.customer.name,
        ),
        industry=opportunity.industry,
        year=signed.year if signed else None,
        updated_at=contract.updated_at,
    )


def contracts_visible(user: User) -> QuerySet | None:
    """None for the roles that see every opportunity (sees_all): no IN over every row."""
    if sees_all(user):
        return None
    return Contract.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk")).values("pk")


register(
    Source(
        type="contract",
        label=_("Contract"),
        model="contracts.Contract",
        document=contract_passage,
        queryset=lambda: Contract.objects.select_related("opportunity__customer"),
        related=(
            related_by("opportunities.Opportunity", Contract, "opportunity_id"),
            related_by("customers.Customer", Contract, "opportunity__customer_id"),
        ),
        visible=contracts_visible,
        order=70,
    )
)
