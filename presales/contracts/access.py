"""Who may see and do what with contracts and their actual costs.

A contract is visible exactly when its opportunity is. Drafting, editing, submitting for
review and marking signed: commercial, the opportunity's sales owner and managers. Actual
costs: commercial, finance and managers; marking them complete (final profit) or reopening
them: finance. Costs, profit and margin are shown only to the
roles that see cost (presales.accounts.roles.sees_cost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, is_manager, sees_cost
from presales.contracts.models import Contract
from presales.lib.views import get_or_404
from presales.opportunities.access import on_visible_opportunities

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from presales.opportunities.models import Opportunity


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    return on_visible_opportunities(Contract.objects.all(), user)


def can_draft(user: User, opportunity: Opportunity) -> bool:
    """Create or edit contracts of this opportunity."""
    return opportunity.sales_owner_id == user.pk or is_manager(user) or has_role(user, Role.COMMERCIAL)


def can_edit(user: User, contract: Contract) -> bool:
    return contract.is_editable and can_draft(user, contract.opportunity)


def can_submit(user: User, contract: Contract) -> bool:
    return can_edit(user, contract)


def can_sign(user: User, contract: Contract) -> bool:
    return can_draft(user, contract.opportunity)


def can_enter_costs(user: User, contract: Contract | None = None) -> bool:
    return is_manager(user) or has_role(user, Role.COMMERCIAL, Role.FINANCE)


def can_complete_costs(user: User, contract: Contract | None = None) -> bool:
    """Mark the actual costs complete (the profit becomes final) or reopen them: finance."""
    return has_role(user, Role.FINANCE)


def can_see_cost(user: User) -> bool:
    return sees_cost(user)


ACTIONS = {
    "view": lambda user, c: True,
    "edit": can_edit,
    "submit": can_submit,
    "sign": can_sign,
    "costs": can_enter_costs,
    "complete_costs": can_complete_costs,
}


def get_contract_for(user: User, pk: int | str, action: str = "view") -> Contract:
    """The contract if the user may see it (else 404) and may do `action` (else 403)."""
    contract = get_or_404(
        contracts_visible_to(user).select_related(
            "opportunity", "opportunity__customer", "opportunity__current_stage", "created_by"
        ),
        pk=pk,
    )
    if not ACTIONS[action](user, contract):
        raise PermissionDenied
    return contract
