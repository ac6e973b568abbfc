"""Reads of solutions and handovers, permission-scoped, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Max, Prefetch, Q

from presales.approvals.selectors import panel
from presales.events import selectors as event_selectors
from presales.opportunities.models import StageRole
from presales.solutions import access
from presales.solutions.models import (
    Handover,
    QASession,
    Solution,
    SolutionStatus,
    SolutionVersion,
)


def solution_list(user, *, status: str = "", mine: bool = False):
    qs = (
        access.solutions_visible_to(user)
        .select_related("opportunity", "opportunity__customer", "created_by")
        .prefetch_related("designers")
        .annotate(latest_number=Max("versions__number"))
        .order_by("-created_at", "-id")
    )
    if status in SolutionStatus.values:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(Q(designers=user) | Q(team=user) | Q(created_by=user)).distinct()
    return qs


def solution_detail(user, solution: Solution) -> dict:
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


def for_opportunity(opportunity, user) -> dict:
    """The solutions card of the opportunity page."""
    solutions = list(
        Solution.objects.filter(opportunity=opportunity)
        .annotate(latest_number=Max("versions__number"))
        .order_by("created_at", "id")
    )
    handover = Handover.objects.filter(opportunity=opportunity).select_related("acceptance").first()
    in_implementation = opportunity.in_stage_role(StageRole.IMPLEMENTATION)
    return {
        "opportunity": opportunity,
        "solutions": solutions,
        "handover": handover,
        "in_implementation": in_implementation,
        "can_create": access.can_create_solution(user, opportunity),
        "can_start_handover": handover is None and in_implementation and access.can_start_handover(user, opportunity),
    }


def handover_detail(user, handover: Handover) -> dict:
    from presales.solutions.models import AcceptanceReport

    report = AcceptanceReport.objects.filter(handover=handover).first()
    return {
        "handover": handover,
        "team": list(handover.implementation_team.all()),
        "checklist": list(handover.checklist.all()),
        "visits": list(handover.visits.select_related("engineer")),
        "report": report,
        "panel": panel(user, report) if report else None,
        "can_change": access.can_change_handover(user, handover),
        "events": event_selectors.for_subject(handover, user, limit=50),
    }
