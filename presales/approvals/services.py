"""Every change of an approval: submit, decide, withdraw. One function each, in a transaction.

The calling app checks whether the user may submit its object (its own rule) and then calls
`approval_submit`; deciding and withdrawing are checked here, because they are the same for
every object: only a person assigned to a pending step decides, never the submitter, and
only the submitter withdraws, before anyone has decided.

A step whose only holder is the submitter is signed by the submission (recorded as his
approval, `by_submission`, in the round's history); when others hold it too, they decide it.
A round needs at least one step someone else decides: one the submitter alone would sign
is refused, as before.

Concurrency: each change locks the Approval row first (SELECT … FOR UPDATE on PostgreSQL;
SQLite runs write transactions with BEGIN IMMEDIATE), then re-reads the step, so of two
decisions on a one-of step exactly one counts and the other is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.approvals import events
from presales.approvals.models import (
    Approval,
    ApprovalAssignment,
    ApprovalStatus,
    ApprovalStep,
    ApprovalTemplate,
    ApprovalTemplateStep,
    Outcome,
    StepMode,
    StepStatus,
)
from presales.approvals.registry import hooks_for
from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.services import ServiceError, check_text
from presales.notifications.models import NotificationKind
from presales.notifications.services import notify

if TYPE_CHECKING:
    from datetime import datetime

    from django.db import models

    from presales.approvals.registry import TargetHooks


def template_for(code: str) -> ApprovalTemplate:
    template = ApprovalTemplate.objects.filter(code=code, is_active=True).first()
    if template is None:
        raise ServiceError(
            _("The approval template “%(code)s” is missing or inactive. Ask an administrator to set it up.")
            % {"code": code}
        )
    return template


def _holders(template_step: ApprovalTemplateStep) -> models.QuerySet:
    """Everyone a template step names: active holders of its roles and its named persons."""
    people = User.objects.filter(is_active=True)
    by_role = people.filter(groups__in=template_step.approver_roles.all())
    by_name = people.filter(pk__in=template_step.approver_users.all())
    return (by_role | by_name).distinct()


def _approvers(template_step: ApprovalTemplateStep, submitter: User) -> list:
    """The people a template step asks: holders of its roles and the named persons, except
    the submitter (nobody approves his own submission)."""
    return list(_holders(template_step).exclude(pk=submitter.pk).order_by("username"))


def _signed_by_submission(template_step: ApprovalTemplateStep, submitter: User) -> bool:
    """The submitter is the only person the step names: his submission is his sign-off on
    it (a team with one commercial person can still send its contract to review)."""
    return _holders(template_step).filter(pk=submitter.pk).exists()


@transaction.atomic
def approval_submit(*, target: models.Model, template: ApprovalTemplate | str, user: User, note: str = "") -> Approval:
    """Start a new round of approval of `target`. Steps whose condition does not hold for
    the object are left out; the lowest-numbered steps start at once."""
    check_text(_("Note"), note, TEXT_LONG)
    if isinstance(template, str):
        template = template_for(template)
    target_type = ContentType.objects.get_for_model(target)
    if template.target_type_id != target_type.pk:
        raise ServiceError(_("The approval template “%(name)s” is not for this kind of object.") % {"name": template})
    hooks = hooks_for(target)
    previous = Approval.objects.select_for_update().filter(target_type=target_type, target_id=target.pk)
    if previous.filter(status=ApprovalStatus.PENDING).exists():
        raise ServiceError(_("This is already awaiting approval."))
    plan = []  # (template step, the people asked; empty: signed by the submission)
    for template_step in template.steps.prefetch_related("approver_roles", "approver_users"):
        if not template_step.applies_to(target):
            continue
        people = _approvers(template_step, user)
        if not people and not _signed_by_submission(template_step, user):
            raise ServiceError(
                _("Nobody but you can approve the step “%(step)s”: ask an administrator to name its approvers.")
                % {"step": template_step.name}
            )
        plan.append((template_step, people))
    if not plan:
        raise ServiceError(_("The approval template “%(name)s” has no step for this object.") % {"name": template})
    if all(not people for _template_step, people in plan):
        # Someone other than the submitter must decide something: a round he alone would sign is refused.
        raise ServiceError(
            _("Nobody but you can approve the step “%(step)s”: ask an administrator to name its approvers.")
            % {"step": plan[0][0].name}
        )
    now = timezone.now()
    last_round = previous.aggregate(last=Max("round"))["last"] or 0
    approval = Approval.objects.create(
        template=template,
        target_type=target_type,
        target_id=target.pk,
        round=last_round + 1,
        title=str(hooks.title(target))[:300],
        opportunity=hooks.opportunity(target),
        submitted_by=user,
        submitted_at=now,
        note=(note or "").strip(),
        amount=hooks.amount(target),
    )
    first_order = min(template_step.order for template_step, people in plan if people)
    for template_step, people in plan:
        if not people:
            # The submitter is the step's only holder: the step is recorded as signed by the
            # submission (approved, by him, now) and the round goes on to the others.
            step = ApprovalStep.objects.create(
                approval=approval,
                order=template_step.order,
                name=template_step.name,
                mode=template_step.mode,
                status=StepStatus.APPROVED,
                started_at=now,
                finished_at=now,
                comment_required=template_step.comment_required,
            )
            ApprovalAssignment.objects.create(
                step=step, approver=user, outcome=Outcome.APPROVE, decided_at=now, by_submission=True
            )
            continue
        starts = template_step.order == first_order
        step = ApprovalStep.objects.create(
            approval=approval,
            order=template_step.order,
            name=template_step.name,
            mode=template_step.mode,
            status=StepStatus.PENDING if starts else StepStatus.WAITING,
            started_at=now if starts else None,
            comment_required=template_step.comment_required,
        )
        ApprovalAssignment.objects.bulk_create([ApprovalAssignment(step=step, approver=p) for p in people])
    _notify_pending(approval, user, hooks, [s for s in approval.steps.all() if s.status == StepStatus.PENDING])
    return approval


def _notify_pending(approval: Approval, actor: User, hooks: TargetHooks, steps: list[ApprovalStep]) -> None:
    people = [a.approver for a in ApprovalAssignment.objects.filter(step__in=steps).select_related("approver")]
    notify(
        recipients=people,
        kind=NotificationKind.APPROVAL_REQUESTED,
        actor=actor,
        subject=approval.title,
        url=hooks.url(approval.target),
        comment=approval.note,
    )


def _tell_submitter(approval: Approval, kind: str, user: User, url: str, comment: str) -> None:
    """The submitter hears of each decision on his round (a step passed, approved, rejected)."""
    notify(recipients=[approval.submitted_by], kind=kind, actor=user, subject=approval.title, url=url, comment=comment)


def _finished_error(approval: Approval) -> ServiceError:
    return ServiceError(
        _("This approval is already finished (%(status)s).") % {"status": approval.get_status_display()}
    )


def _lock(approval: Approval) -> Approval:
    return Approval.objects.select_for_update().get(pk=approval.pk)


@transaction.atomic
def approval_decide(
    *,
    approval: Approval,
    user: User,
    approve: bool,
    comment: str = "",
    step: ApprovalStep | None = None,
    bulk: bool = False,
) -> Approval:
    """Record one approver's decision on his pending step (one event each, `bulk` noted
    when it came from a bulk approval of the inbox).

    Approve: a one-of step is done at the first approval, an all-of step when everyone has
    approved; when all steps of an order are done the next order starts, and after the last
    the object is approved. A step whose template asks for a comment to approve refuses an
    approval without one. Reject (a comment is always required): the round ends at once,
    the other steps are cancelled and the object returns to draft with the reasons.
    """
    check_text(_("Comment"), comment, TEXT_SHORT)
    locked = _lock(approval)
    if locked.status != ApprovalStatus.PENDING:
        raise ServiceError(
            _("This approval is already finished (%(status)s).") % {"status": locked.get_status_display()}
        )
    if locked.target is None:
        raise ServiceError(_("What this approval was about has been deleted: there is nothing left to decide."))
    if locked.submitted_by_id == user.pk:
        raise ServiceError(_("You cannot approve your own submission."))
    assignments = ApprovalAssignment.objects.select_related("step").filter(
        step__approval=locked, approver=user, step__status=StepStatus.PENDING, outcome=""
    )
    if step is not None:
        assignments = assignments.filter(step=step)
    assignment = assignments.order_by("step__order", "step_id").first()
    if assignment is None:
        if ApprovalAssignment.objects.filter(step__approval=locked, approver=user).exists():
            raise ServiceError(_("Nothing is waiting for your decision here: your step is decided or not started yet."))
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ServiceError(_("Say why you reject it: the submitter needs the reasons."))
    if approve and not comment and assignment.step.comment_required:
        raise ServiceError(
            _("The step “%(step)s” needs a comment to approve: open it and write one.") % {"step": assignment.step.name}
        )
    now = timezone.now()
    assignment.outcome = Outcome.APPROVE if approve else Outcome.REJECT
    assignment.comment = comment
    assignment.decided_at = now
    assignment.save(update_fields=["outcome", "comment", "decided_at"])
    step = assignment.step
    events.step_decided(locked, step, user, outcome=assignment.outcome, comment=comment, bulk=bulk)
    hooks = hooks_for(locked.target_type.model_class())
    target = locked.target
    url = hooks.url(target)

    if not approve:
        step.status = StepStatus.REJECTED
        step.finished_at = now
        step.save(update_fields=["status", "finished_at"])
        locked.steps.exclude(pk=step.pk).filter(status__in=[StepStatus.PENDING, StepStatus.WAITING]).update(
            status=StepStatus.CANCELLED, finished_at=now
        )
        _finish(locked, ApprovalStatus.REJECTED, now)
        hooks.on_rejected(target, locked, user, [comment])
        _tell_submitter(locked, NotificationKind.APPROVAL_REJECTED, user, url, comment)
        return locked

    step_done = step.mode == StepMode.ANY or not step.assignments.filter(outcome="").exists()
    if not step_done:
        return locked
    step.status = StepStatus.APPROVED
    step.finished_at = now
    step.save(update_fields=["status", "finished_at"])
    if locked.steps.filter(order=step.order, status=StepStatus.PENDING).exists():
        return locked  # a parallel step of the same order still waits
    waiting = list(locked.steps.filter(status=StepStatus.WAITING).order_by("order"))
    if waiting:
        next_order = waiting[0].order
        starting = [s for s in waiting if s.order == next_order]
        ApprovalStep.objects.filter(pk__in=[s.pk for s in starting]).update(status=StepStatus.PENDING, started_at=now)
        _tell_submitter(locked, NotificationKind.STEP_DECIDED, user, url, comment)
        _notify_pending(locked, locked.submitted_by, hooks, starting)
        return locked
    _finish(locked, ApprovalStatus.APPROVED, now)
    hooks.on_approved(target, locked, user)
    _tell_submitter(locked, NotificationKind.APPROVAL_APPROVED, user, url, comment)
    return locked


def _finish(approval: Approval, status: str, now: datetime, also: tuple[str, ...] = ()) -> None:
    approval.status = status
    approval.finished_at = now
    approval.save(update_fields=["status", "finished_at", *also])


@transaction.atomic
def approvals_end_for_deleted(target: models.Model) -> int:
    """The object of a pending approval is being deleted: its rounds end as withdrawn, so they
    leave the approvers' inboxes instead of waiting for an object that no longer exists
    (called by the engine for every registered type, whatever deletes the object)."""
    now = timezone.now()
    pending = list(Approval.objects.for_target(target).pending().select_for_update())
    for approval in pending:
        approval.steps.filter(status=StepStatus.PENDING).update(status=StepStatus.CANCELLED, finished_at=now)
        _finish(approval, ApprovalStatus.WITHDRAWN, now)
    return len(pending)


@transaction.atomic
def approval_withdraw(*, approval: Approval, user: User, reason: str = "") -> Approval:
    """The submitter takes the object back before anyone has decided."""
    check_text(_("Reason"), reason, TEXT_SHORT)
    locked = _lock(approval)
    if locked.submitted_by_id != user.pk:
        raise PermissionDenied
    if locked.status != ApprovalStatus.PENDING:
        raise ServiceError(
            _("This approval is already finished (%(status)s).") % {"status": locked.get_status_display()}
        )
    if ApprovalAssignment.objects.filter(step__approval=locked, by_submission=False).exclude(outcome="").exists():
        raise ServiceError(_("Someone has already decided on it: it can no longer be withdrawn."))
    now = timezone.now()
    pending_people = [
        a.approver
        for a in ApprovalAssignment.objects.filter(
            step__approval=locked, step__status=StepStatus.PENDING
        ).select_related("approver")
    ]
    locked.steps.exclude(status=StepStatus.APPROVED).update(status=StepStatus.CANCELLED, finished_at=now)
    locked.note = "\n".join(part for part in (locked.note, (reason or "").strip()) if part)[:TEXT_LONG]
    _finish(locked, ApprovalStatus.WITHDRAWN, now, also=("note",))  # the reason is kept with the round
    hooks = hooks_for(locked.target_type.model_class())
    target = locked.target
    hooks.on_withdrawn(target, locked, user)
    notify(
        recipients=pending_people,
        kind=NotificationKind.APPROVAL_WITHDRAWN,
        actor=user,
        subject=locked.title,
        url=hooks.url(target),
        comment=(reason or "").strip(),
    )
    return locked


def approvals_bulk_approve(*, user: User, approvals: list[Approval]) -> tuple[list[Approval], list[tuple[str, str]]]:
    """Approve several rounds from the inbox: each one is its own decision through
    `approval_decide` (its own transaction, its own rules and event), never one all-or-nothing
    change. Returns the rounds approved and, for each one refused, its title and the reason
    (a step that needs a comment, a round decided meanwhile, one not waiting for this user)."""
    done, refused = [], []
    for approval in approvals:
        try:
            done.append(approval_decide(approval=approval, user=user, approve=True, bulk=True))
        except ServiceError as exc:
            refused.append((approval.title, " ".join(str(m) for m in exc.messages)))
        except PermissionDenied:
            refused.append((approval.title, _("It is not waiting for your decision.")))
    return done, refused


@transaction.atomic
def approvals_withdraw_for_closed(*, opportunity_id: int, user: User, note: str) -> list[Approval]:
    """The opportunity was closed (won, lost, abandoned): every round still pending about it
    is withdrawn with `note` instead of waiting for a decision nobody needs. The object goes
    back to its draft through its app's `on_withdrawn` hook as when its submitter withdraws
    it; the engine records one event per round and tells the submitter and the people asked."""
    note = (note or "").strip()[:TEXT_SHORT]
    rounds = list(
        Approval.objects.select_for_update()
        .filter(opportunity_id=opportunity_id, status=ApprovalStatus.PENDING)
        .select_related("target_type")
        .order_by("pk")
    )
    now = timezone.now()
    for approval in rounds:
        asked = [
            a.approver
            for a in ApprovalAssignment.objects.filter(
                step__approval=approval, step__status=StepStatus.PENDING, outcome=""
            ).select_related("approver")
        ]
        approval.steps.filter(status__in=[StepStatus.PENDING, StepStatus.WAITING]).update(
            status=StepStatus.CANCELLED, finished_at=now
        )
        approval.note = "\n".join(part for part in (approval.note, note) if part)[:TEXT_LONG]
        _finish(approval, ApprovalStatus.WITHDRAWN, now, also=("note",))
        hooks = hooks_for(approval.target_type.model_class())
        target = approval.target
        url = ""
        if target is not None:
            hooks.on_withdrawn(target, approval, user)
            url = hooks.url(target)
        events.withdrawn_closed(approval, user, note=note)
        notify(
            recipients=[*asked, approval.submitted_by],
            kind=NotificationKind.APPROVAL_WITHDRAWN,
            actor=user,
            subject=approval.title,
            url=url,
            comment=note,
        )
    return rounds
