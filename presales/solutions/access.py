"""Who may see and do what with solutions (their versions, reviews and Q&A).

Everything follows the opportunity: a solution is visible exactly when its
opportunity is (presales.opportunities.access.opportunities_visible_to).
"""

from __future__ import annotations

from django.db.models import QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role
from presales.lib.services import require
from presales.lib.views import get_or_404
from presales.opportunities.access import can_contribute, on_visible_opportunities
from presales.opportunities.models import Opportunity
from presales.solutions.models import Solution, SolutionVersion


def solutions_visible_to(user: User) -> QuerySet[Solution]:
    return on_visible_opportunities(Solution.objects.all(), user)


def _designer_ids(solution: Solution) -> set[int]:
    if solution._designer_ids is None:
        solution._designer_ids = {u.pk for u in solution.designers.all()}
    return solution._designer_ids


def is_designer(user: User, solution: Solution) -> bool:
    return user.pk in _designer_ids(solution)


def can_create_solution(user: User, opportunity: Opportunity) -> bool:
    return can_contribute(user, opportunity)


def can_change(user: User, solution: Solution) -> bool:
    """Edit the report, upload versions, record Q&A: designers, the presales lead, the
    opportunity team with the contribute right, managers."""
    opportunity = solution.opportunity
    if not opportunity.is_active:
        return False
    return is_designer(user, solution) or can_contribute(user, opportunity)


def can_record_review(user: User, solution: Solution) -> bool:
    """The review is recorded by its chair (a technical head) or a designer."""
    if not solution.opportunity.is_active:
        return False
    return is_designer(user, solution) or has_role(user, Role.PRESALES_MANAGER)


def can_submit_signoff(user: User, solution: Solution) -> bool:
    """Sign-off is requested by a designer or the opportunity's presales lead."""
    if not solution.opportunity.is_active:
        return False
    return is_designer(user, solution) or solution.opportunity.presales_lead_id == user.pk


SOLUTION_ACTIONS = {
    "view": lambda user, s: True,
    "change": can_change,
    "review": can_record_review,
    "submit": can_submit_signoff,
}


def get_solution_for(user: User, pk: object, action: str = "view") -> Solution:
    solution = get_or_404(
        solutions_visible_to(user).select_related(
            "opportunity", "opportunity__current_stage", "created_by", "service_request"
        ),
        pk=pk,
    )
    require(SOLUTION_ACTIONS[action](user, solution))
    return solution


def get_version_for(user: User, pk: object, action: str = "view") -> SolutionVersion:
    version = get_or_404(
        SolutionVersion.objects.filter(solution__in=solutions_visible_to(user)).select_related(
            "solution", "solution__opportunity"
        ),
        pk=pk,
    )
    require(SOLUTION_ACTIONS[action](user, version.solution))
    return version
