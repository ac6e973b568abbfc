"""Reads of handovers, permission-scoped, in a fixed number of queries."""

from __future__ import annotations

from presales.accounts.models import User
from presales.approvals.selectors import panel
from presales.events import selectors as event_selectors
from presales.handover import access
from presales.handover.models import AcceptanceReport, Handover
from presales.opportunities.models import Opportunity, StageRole


def for_opportunity(opportunity: Opportunity, user: User) -> dict | None:
    """The handover card of the opportunity page: the handover with its acceptance status,
    or the button that starts it; None (no card) when there is neither."""
    handover = Handover.objects.filter(opportunity=opportunity).select_related("acceptance").first()
    in_implementation = opportunity.in_stage_role(StageRole.IMPLEMENTATION)
    can_start = handover is None and in_implementation and access.can_start_handover(user, opportunity)
    if handover is None and not can_start:
        return None
    return {
        "opportunity": opportunity,
        "handover": handover,
        "in_implementation": in_implementation,
        "can_start_handover": can_start,
    }


def handover_detail(user: User, handover: Handover) -> dict:
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
