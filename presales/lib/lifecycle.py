"""What the library's documents and the answer library share: statuses moved by one service per
transition (each allowed to some people, from some statuses), and a review interval — approving
or reviewing sets the next review date (today + the interval; none when it is 0), and the
owners' digest lists what falls due within DUE_WITHIN_DAYS.

Each app keeps its own transitions, its people rules and its wording; this module holds the
mechanics they have in common."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

EDITOR, CURATOR, OWNER_OR_CURATOR = "editor", "curator", "owner_or_curator"
DUE_WITHIN_DAYS = 14  # the digest lists what falls due in the next two weeks, and what is overdue


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    who: str  # EDITOR, CURATOR or OWNER_OR_CURATOR
    label: object  # the button


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_date(obj) -> date | None:
    """Today + the object's `review_interval_months`; None when it is 0 (never reviewed)."""
    months = obj.review_interval_months
    return add_months(timezone.localdate(), months) if months else None


def status_refusal(obj, transition: Transition, message: str) -> str:
    """`message` (with %(status)s) when the object's status is not one the transition starts from."""
    if obj.status not in transition.sources:
        return message % {"status": obj.get_status_display()}
    return ""


def allowed_actions(transitions: Mapping[str, Transition], refusal: Callable[[str], str]) -> list[tuple[str, object]]:
    """The (action, button label) pairs not refused now."""
    return [(name, t.label) for name, t in transitions.items() if not refusal(name)]


def move(
    locked,
    transitions: Mapping[str, Transition],
    action: str,
    *,
    sets_review: Iterable[str],
    stamp: tuple[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Set the locked row's status for `action`; the actions in `sets_review` also set the next
    review date, and `stamp` (action, field) the time of that action. Returns the status
    before and the fields to save."""
    before = locked.status
    locked.status = transitions[action].target
    fields = ["status", "updated_at"]
    if action in sets_review:
        locked.next_review_on = next_review_date(locked)
        fields.append("next_review_on")
    if stamp is not None and action == stamp[0]:
        setattr(locked, stamp[1], timezone.now())
        fields.append(stamp[1])
    return before, fields
