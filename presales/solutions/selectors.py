"""Reads of solutions, permission-scoped, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Max, Prefetch, Q, QuerySet

from presales.accounts.models import User
from presales.approvals.selectors import panel
from presales.events import selectors as event_selectors
from presales.lib.paging import CUSTOMER_NAMES, contains_any
from presales.lib.sorting import Sorting
from presales.opportunities.models import Opportunity
from presales.solutions import access
from presales.solutions.models import QASession, Solution, SolutionStatus, SolutionVersion

# The list's column heads (presales.lib.sorting); each first field has an index.
SOLUTION_SORTING = Sorting(
    {
        "code": ("code",),
        "title": ("title",),
        "status": ("status",),
        "due": ("due_date",),
        "created": ("created_at",),
    },
    default="-created",
)


def solution_list(user: User, *, q: str = "", status: str = "", mine: bool = False) -> QuerySet[Solution]:
    """The solutions the user sees, filtered; `q` searches the code, the title, the
    opportunity's name and the customer's name."""
    qs = (
        access.solutions_visible_to(user)
        .select_related("opportunity", "opportunity__customer", "created_by")
        .prefetch_related("designers")
        .annotate(latest_number=Max("versions__number"))
        .order_by("-created_at", "-id")
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            contains_any(q, "code", "title", "opportunity__name", *(f"opportunity__{f}" for f in CUSTOMER_NAMES))
        )
    if status in SolutionStatus.values:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(Q(designers=user) | Q(team=user) | Q(created_by=user)).distinct()
    return qs


def solution_detail(user: User, solution: Solution) -> dict:
    """The design report page: versions (newest first) with review and Q&A, the approval
    panel of the version in sign-off (or the latest one)."""
    versions = list(
        SolutionVersion.objects.filter(solution=solution)
        .select_related("created_by", "review", "review__chair", "review__recorded_by")
        .prefetch_related(
            "review__attendees",
            Prefetch(
                "qa_sessions",
                queryset=QASession.objects.select_related("created_by").prefetch_related("items", "our_attendees"),
            ),
        )
        .order_by("-number")
    )
    designers = list(solution.designers.all())
    solution._designer_ids = {u.pk for u in designers}
    focus = next((v for v in versions if v.status == "signing"), versions[0] if versions else None)
    return {
        "solution": solution,
        "designers": designers,
        "team": list(solution.team.all()),
        "versions": versions,
        "focus": focus,
        "panel": panel(user, focus) if focus else None,
        "can_change": access.can_change(user, solution),
        "can_review": access.can_record_review(user, solution),
        "can_submit": access.can_submit_signoff(user, solution),
        "signing": any(v.status == "signing" for v in versions),
        "events": event_selectors.for_subject(solution, user, limit=50),
    }


def for_opportunity(opportunity: Opportunity, user: User) -> dict:
    """The solutions card of the opportunity page."""
    solutions = list(
        Solution.objects.filter(opportunity=opportunity)
        .annotate(latest_number=Max("versions__number"))
        .order_by("created_at", "id")
    )
    for solution in solutions:
        solution.opportunity = opportunity  # read by Solution.no_way_forward: no query per row
    return {
        "opportunity": opportunity,
        "solutions": solutions,
        "can_create": access.can_create_solution(user, opportunity),
    }
