"""Who may see and do what with handovers and acceptance reports.

Everything follows the opportunity: a handover is visible exactly when its opportunity is
(presales.opportunities.access.opportunities_visible_to).
"""

from __future__ import annotations

from django.db.models import QuerySet

from presales.accounts.models import User
from presales.accounts.roles import is_manager
from presales.handover.models import AcceptanceReport, Handover
from presales.lib.services import require
from presales.lib.views import get_or_404
from presales.opportunities.access import can_contribute, on_visible_opportunities
from presales.opportunities.models import Opportunity


def handovers_visible_to(user: User) -> QuerySet[Handover]:
    return on_visible_opportunities(Handover.objects.all(), user)


def can_start_handover(user: User, opportunity: Opportunity) -> bool:
    """The presales lead or a manager starts the handover (in the implementation stage:
    the service checks the stage)."""
    return opportunity.is_active and (is_manager(user) or opportunity.presales_lead_id == user.pk)


def can_change_handover(user: User, handover: Handover) -> bool:
    """The plan, checklist, visits and acceptance report: the implementation lead and team,
    and whoever may contribute to the opportunity."""
    opportunity = handover.opportunity
    if not opportunity.is_active:
        return False
    if handover.implementation_lead_id == user.pk or can_contribute(user, opportunity):
        return True
    return handover.implementation_team.filter(pk=user.pk).exists()


def get_handover_for(user: User, pk: object, action: str = "view") -> Handover:
    handover = get_or_404(handovers_visible_to(user).select_related("opportunity", "implementation_lead"), pk=pk)
    if action == "change":
        require(can_change_handover(user, handover))
    return handover


def get_acceptance_for(user: User, pk: object, action: str = "view") -> AcceptanceReport:
    report = get_or_404(
        AcceptanceReport.objects.filter(handover__in=handovers_visible_to(user)).select_related(
            "handover", "handover__opportunity"
        ),
        pk=pk,
    )
    if action == "change":
        require(can_change_handover(user, report.handover))
    return report
