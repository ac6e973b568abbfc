"""Who may see and do what with solutions and handovers.

Everything follows the opportunity: a solution or handover is visible exactly when its
opportunity is (presales.opportunities.access.opportunities_visible_to).
"""

from __future__ import annotations

from presales.accounts.roles import Role, has_role, is_manager
from presales.lib.services import require
from presales.lib.views import get_or_404
from presales.opportunities.access import can_contribute, opportunities_visible_to
from presales.solutions.models import AcceptanceReport, Handover, Solution, SolutionVersion


def solutions_visible_to(user):
    return Solution.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk"))


def handovers_visible_to(user):
    return Handover.objects.filter(opportunity_id__in=opportunities_visible_to(user).values("pk"))


def _designer_ids(solution: Solution) -> set[int]:
    cached = getattr(solution, "_designer_ids", None)
    if cached is None:
        cached = {u.pk for u in solution.designers.all()}
        solution._designer_ids = cached
    return cached


def is_designer(user, solution: Solution) -> bool:
    return user.pk in _designer_ids(solution)


def can_create_solution(user, opportunity) -> bool:
    return can_contribute(user, opportunity)


def can_change(user, solution: Solution) -> bool:
    """Edit the report, upload versions, record Q&A: designers, the presales lead, the
    opportunity team with the contribute right, managers."""
    opportunity = solution.opportunity
    if not opportunity.is_active:
        return False
    return is_designer(user, solution) or can_contribute(user, opportunity)


def can_record_review(user, solution: Solution) -> bool:
    """The review is recorded by its chair (a technical head) or a designer."""
    if not solution.opportunity.is_active:
        return False
    return is_designer(user, solution) or has_role(user, Role.PRESALES_MANAGER)


def can_submit_signoff(user, solution: Solution) -> bool:
    """Sign-off is requested by a designer or the opportunity's presales lead."""
    if not solution.opportunity.is_active:
        return False
    return is_designer(user, solution) or solution.opportunity.presales_lead_id == user.pk


def can_start_handover(user, opportunity) -> bool:
    return opportunity.is_active and (is_manager(user) or opportunity.presales_lead_id == user.pk)


def can_change_handover(user, handover: Handover) -> bool:
    opportunity = handover.opportunity
    if not opportunity.is_active:
        return False
    if handover.implementation_lead_id == user.pk or can_contribute(user, opportunity):
        return True
    return handover.implementation_team.filter(pk=user.pk).exists()


SOLUTION_ACTIONS = {
    "view": lambda user, s: True,
    "change": can_change,
    "review": can_record_review,
    "submit": can_submit_signoff,
}


def get_solution_for(user, pk, action: str = "view") -> Solution:
    solution = get_or_404(
        solutions_visible_to(user).select_related(
            "opportunity", "opportunity__current_stage", "created_by", "service_request"
        ),
        pk=pk,
    )
    require(SOLUTION_ACTIONS[action](user, solution))
    return solution


def get_version_for(user, pk, action: str = "view") -> SolutionVersion:
    version = get_or_404(
        SolutionVersion.objects.filter(solution__in=solutions_visible_to(user)).select_related(
            "solution", "solution__opportunity"
        ),
        pk=pk,
    )
    require(SOLUTION_ACTIONS[action](user, version.solution))
    return version


def get_handover_for(user, pk, action: str = "view") -> Handover:
    handover = get_or_404(handovers_visible_to(user).select_related("opportunity", "implementation_lead"), pk=pk)
    if action == "change":
        require(can_change_handover(user, handover))
    return handover


def get_acceptance_for(user, pk, action: str = "view") -> AcceptanceReport:
    report = get_or_404(
        AcceptanceReport.objects.filter(handover__in=handovers_visible_to(user)).select_related(
            "handover", "handover__opportunity"
        ),
        pk=pk,
    )
    if action == "change":
        require(can_change_handover(user, report.handover))
    return report
