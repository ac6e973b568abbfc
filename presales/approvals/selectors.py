"""Reads of approvals: the inbox, the counts in the navigation, an object's rounds."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from presales.accounts.models import User
from presales.accounts.roles import sees_all, sees_cost
from presales.approvals.filters import InboxFilter
from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus, ApprovalStep, StepStatus
from presales.approvals.registry import hooks_for, kind_label_of
from presales.lib.numbers import capped_count

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db import models
    from django.db.models import QuerySet


def my_pending_assignments(user: User) -> QuerySet[ApprovalAssignment]:
    """What waits for this user's decision now: one row per step, oldest first."""
    return (
        ApprovalAssignment.objects.filter(
            approver=user, outcome="", step__status=StepStatus.PENDING, step__approval__status=ApprovalStatus.PENDING
        )
        .select_related(
            "step",
            "step__approval",
            "step__approval__submitted_by",
            "step__approval__template",
            "step__approval__opportunity",
            "step__approval__target_type",
        )
        .order_by("step__approval__submitted_at", "pk")
    )


# The navigation's badge is read once per request: the count is kept on the request's user
# object, which is loaded anew for every request.
_PENDING_COUNT = "_approvals_pending_count"


def pending_count(user: User) -> int:
    """How many decisions wait for the user (the navigation's badge), counted up to the
    badge's cap ("99+")."""
    count = getattr(user, _PENDING_COUNT, None)
    if count is None:
        count = capped_count(my_pending_assignments(user))
        setattr(user, _PENDING_COUNT, count)
    return count


def pending_shown(user: User, limit: int) -> list[ApprovalAssignment]:
    """The first `limit` decisions waiting for the user (the home page's card), in the order
    they reached him: read in the order of his own index, so the database stops after `limit`
    rows instead of sorting everything that waits by the submission time of its approval."""
    return list(my_pending_assignments(user).order_by("pk")[:limit])


def my_submissions(user: User) -> QuerySet[Approval]:
    return (
        Approval.objects.filter(submitted_by=user)
        .select_related("template", "opportunity", "target_type")
        .prefetch_related(_steps_prefetch())
    )


def my_decisions(user: User) -> QuerySet[ApprovalAssignment]:
    return (
        ApprovalAssignment.objects.filter(approver=user)
        .exclude(outcome="")
        .select_related("step__approval", "step__approval__submitted_by", "step__approval__target_type")
        .order_by("-decided_at")
    )


def _steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=ApprovalStep.objects.order_by("order", "id").prefetch_related(
            Prefetch("assignments", queryset=ApprovalAssignment.objects.select_related("approver").order_by("id"))
        ),
    )


def rounds_for(target: models.Model) -> list[Approval]:
    """Every round of approval of the object, newest first, with steps and approvers."""
    return list(
        Approval.objects.for_target(target)
        .select_related("submitted_by", "template")
        .prefetch_related(_steps_prefetch())
        .order_by("-round")
    )


def can_view(user: User, approval: Approval) -> bool:
    if approval.submitted_by_id == user.pk or sees_all(user):
        return True
    if ApprovalAssignment.objects.filter(step__approval=approval, approver=user).exists():
        return True
    target = approval.target
    if target is None:  # deleted: only the people of the round (above) still see it
        return False
    return hooks_for(approval.target_type.model_class()).can_view(user, target)


def panel(user: User, target: models.Model) -> dict:
    """The context of the approval panel shown on the object's page (approvals/_panel.html)."""
    rounds = rounds_for(target)
    current = rounds[0] if rounds and rounds[0].is_pending else None
    my_step = None
    can_withdraw = False
    if current is not None:
        for step in current.steps.all():
            if step.status != StepStatus.PENDING:
                continue
            for assignment in step.assignments.all():
                if assignment.approver_id == user.pk and not assignment.outcome:
                    my_step = step
        can_withdraw = current.submitted_by_id == user.pk and not any(
            a.outcome for s in current.steps.all() for a in s.assignments.all()
        )
    return {"rounds": rounds, "current": current, "my_step": my_step, "can_withdraw": can_withdraw}


def visible_approvals_filter(user: User) -> Q:
    return Q(submitted_by=user) | Q(steps__assignments__approver=user)


def latest_rounds(model: type[models.Model], ids: Iterable[int], user: User) -> dict:
    """For many objects of one model at once (a list page): each one's latest round, with
    `my_step` (the step waiting for this user, if any) and `can_withdraw` set on it."""
    from django.contrib.contenttypes.models import ContentType

    latest: dict = {}
    rows = (
        Approval.objects.filter(target_type=ContentType.objects.get_for_model(model), target_id__in=list(ids))
        .select_related("submitted_by", "template")
        .prefetch_related(_steps_prefetch())
        .order_by("target_id", "-round")
    )
    for approval in rows:
        if approval.target_id in latest:
            continue
        approval.my_step = None
        decided = False
        for step in approval.steps.all():
            for assignment in step.assignments.all():
                decided = decided or bool(assignment.outcome)
                if (
                    approval.is_pending
                    and step.status == StepStatus.PENDING
                    and assignment.approver_id == user.pk
                    and not assignment.outcome
                ):
                    approval.my_step = step
        approval.can_withdraw = approval.is_pending and approval.submitted_by_id == user.pk and not decided
        latest[approval.target_id] = approval
    return latest


def inbox_filter(user: User, params) -> InboxFilter:
    """What waits for the user, filtered and sorted by the inbox's query string."""
    return InboxFilter(params or None, queryset=my_pending_assignments(user))


def shows_margin(user: User) -> bool:
    """Margins are shown only to the roles that see cost (docs/permissions.md); each kind's
    `margins` hook applies its app's own rule as well."""
    return sees_cost(user)


def with_row_context(rows: Iterable[ApprovalAssignment], user: User) -> list[ApprovalAssignment]:
    """Set `kind` (the name of the kind of object) and `margin` on each row (an assignment of
    the inbox): its object's margin in percent, None for who may not see it or for a kind
    without one. One query per kind of object on the rows, whatever their number."""
    rows = list(rows)
    for row in rows:
        row.kind = kind_label_of(row.step.approval.target_type)  # type: ignore[attr-defined]
        row.margin = None  # type: ignore[attr-defined]
    if not rows or not shows_margin(user):
        return rows
    by_kind: dict = defaultdict(list)
    for row in rows:
        by_kind[row.step.approval.target_type].append(row)
    for target_type, kind_rows in by_kind.items():
        margins = hooks_for(target_type.model_class()).margins(user, [r.step.approval.target_id for r in kind_rows])
        for row in kind_rows:
            row.margin = margins.get(row.step.approval.target_id)
    return rows


def in_chunks(rows: QuerySet, user: User, size: int = 500):
    """The rows of a long list (an export) one by one, read in chunks with their margins."""
    chunk = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield from with_row_context(chunk, user)
            chunk = []
    yield from with_row_context(chunk, user)
