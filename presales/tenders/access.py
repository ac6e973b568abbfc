"""Who may see and do what with a tender — the one place these rules live (docs/tenders.md).

A tender belongs to its opportunity: whoever sees the opportunity sees its tenders (a sales
rep never sees another rep's). Working on the bid (files, lots, package, reviews, tasks,
scores) is for the opportunity's team, the bid team, commercial and the managers, while the
bid is being prepared. The bid/no-bid decision is the managers' (presales manager, sales
head, admin); the outcome and cancelling, as closing the opportunity, the sales owner's and
the managers'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from presales.accounts.models import User
from presales.accounts.roles import is_manager
from presales.lib.views import get_or_404
from presales.opportunities import access as opportunity_access
from presales.opportunities.access import on_visible_opportunities, sees_opportunity
from presales.opportunities.models import Opportunity
from presales.tenders.models import Tender, TenderQuerySet


def tenders_visible_to(user: User) -> TenderQuerySet:
    """The tenders of the opportunities the user sees."""
    return cast(TenderQuerySet, on_visible_opportunities(Tender.objects.all(), user))


def can_view(user: User, tender: Tender) -> bool:
    return sees_opportunity(user, tender.opportunity_id)


def can_register(user: User, opportunity: Opportunity) -> bool:
    """Register a tender: whoever contributes to the opportunity (its team, commercial — the
    seed's 商务 buys and registers the tender document — and managers)."""
    return opportunity_access.can_contribute(user, opportunity)


def _on_bid_team(user: User, tender: Tender) -> bool:
    return tender.team.filter(user=user).exists()


def can_work_on(user: User, tender: Tender) -> bool:
    """Files, lots, scores, the package, the reviews and tasks: the opportunity's team,
    commercial, managers and the bid team, while the bid is being prepared."""
    if not tender.is_working:
        return False
    opportunity = tender.opportunity
    return opportunity_access.can_contribute(user, opportunity) or (
        opportunity.is_active and _on_bid_team(user, tender)
    )


def can_edit(user: User, tender: Tender) -> bool:
    """The tender's own data (number, dates, bond): as working on it, also after submission
    (the bond comes back after the opening)."""
    if not tender.is_active:
        return False
    opportunity = tender.opportunity
    return opportunity_access.can_contribute(user, opportunity) or (
        opportunity.is_active and _on_bid_team(user, tender)
    )


def can_decide(user: User, tender: Tender) -> bool:
    """The bid/no-bid decision (投标决策): presales manager, sales head, admin — before the
    bid is submitted."""
    return tender.is_working and tender.opportunity.is_active and is_manager(user)


def can_manage_team(user: User, tender: Tender) -> bool:
    """Add and remove bid team members: who manages the opportunity's team."""
    return tender.is_working and opportunity_access.can_manage_team(user, tender.opportunity)


def can_record_outcome(user: User, tender: Tender) -> bool:
    """Award or loss, and cancelling: as closing the opportunity (sales owner, managers)."""
    return tender.is_active and tender.opportunity.is_active and opportunity_access.can_close(user, tender.opportunity)


ACTIONS: dict[str, Callable[[User, Tender], bool]] = {
    "view": lambda user, tender: True,
    "edit": can_edit,
    "work": can_work_on,
    "decide": can_decide,
    "team": can_manage_team,
    "outcome": can_record_outcome,
}


def get_tender_for(user: User, pk: object, action: str = "view", *, queryset: QuerySet[Tender] | None = None) -> Tender:
    """The tender if the user may see it (else 404) and may do `action` (else 403)."""
    qs = (queryset if queryset is not None else Tender.objects.with_list_data()).filter(
        pk__in=tenders_visible_to(user).values("pk")
    )
    tender = get_or_404(qs, pk=pk)
    require(user, action, tender)
    return tender


def require(user: User, action: str, tender: Tender) -> None:
    if not ACTIONS[action](user, tender):
        raise PermissionDenied
