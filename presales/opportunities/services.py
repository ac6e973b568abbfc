"""Every change to an opportunity: one function each, in a transaction, with an event row.

Views and commands call these; nothing else writes the models. Each function checks the
acting user's right first (presales.opportunities.access) and raises PermissionDenied,
ServiceError (with the exact reasons) or one of its subclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.roles import is_manager
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import (
    GateBlocked,
    ServiceError,
    apply_changes,
    check_text,
    check_text_limits,
    check_version,
    next_yearly_code,
)
from presales.lib.services import save_with_history as _save
from presales.opportunities import access, events
from presales.opportunities.models import (
    Activity,
    Deliverable,
    DeliverableStatus,
    Opportunity,
    OpportunityCodeCounter,
    OpportunityMember,
    OpportunityStatus,
    OpportunityTask,
    Stage,
    StageTemplate,
)

EDITABLE_FIELDS = [
    "name",
    "customer",
    "sales_owner",
    "presales_lead",
    "industry",
    "budget",
    "expected_amount",
    "expected_sign_date",
    "has_tender",
    "source",
    "competitors",
    "description",
]


def _lock(opportunity: Opportunity) -> Opportunity:
    """Re-read the row under a lock (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises
    writers with BEGIN IMMEDIATE, see settings)."""
    return Opportunity.objects.select_for_update().get(pk=opportunity.pk)


def _next_code() -> str:
    return next_yearly_code(OpportunityCodeCounter, settings.PRESALES_OPPORTUNITY_CODE_PREFIX)


def _open_stage_tasks(opportunity: Opportunity, stage: Stage, entered_at) -> None:
    """Put the stage's checklist on the opportunity (once per stage task, kept on moving back)."""
    existing = set(
        OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).values_list("stage_task_id", flat=True)
    )
    new_tasks = [
        OpportunityTask(
            opportunity=opportunity,
            stage=stage,
            stage_task=task,
            title=task.title,
            required=task.required,
            assignee=opportunity.presales_lead or opportunity.sales_owner,
            due_date=(timezone.localtime(entered_at) + timedelta(days=task.due_days)).date()
            if task.due_days is not None
            else None,
        )
        for task in stage.tasks.all()
        if task.pk not in existing
    ]
    OpportunityTask.objects.bulk_create(new_tasks)


def default_template() -> StageTemplate:
    template = StageTemplate.objects.filter(is_default=True).first()
    if template is None:
        raise ServiceError(_("No default stage template is configured. Ask an administrator to set one."))
    return template


@transaction.atomic
def opportunity_create(*, user, data: dict, team: list | None = None) -> Opportunity:
    """Open a presales project in the first stage of the default template. A rep opens his
    own: only managers name another sales owner (as only they reassign one later)."""
    if not access.can_create(user):
        raise PermissionDenied
    owner = data.get("sales_owner")
    if owner is not None and owner.pk != user.pk and not is_manager(user):
        raise ServiceError(_("Only managers can open an opportunity for another sales owner."))
    template = data.get("template") or default_template()
    first_stage = template.stages.order_by("order").first()
    if first_stage is None:
        raise ServiceError(_("The stage template “%(name)s” has no stages.") % {"name": template.name})
    now = timezone.now()
    opportunity = Opportunity(
        code=_next_code(),
        template=template,
        current_stage=first_stage,
        stage_entered_at=now,
        created_by=user,
    )
    apply_changes(opportunity, data, EDITABLE_FIELDS)
    if not opportunity.sales_owner_id:
        opportunity.sales_owner = user
    _save(opportunity, user)
    for member in team or []:
        OpportunityMember.objects.get_or_create(opportunity=opportunity, user=member)
    _open_stage_tasks(opportunity, first_stage, now)
    events.created(opportunity, user, first_stage)
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, user, data: dict, seen_version: int | None) -> Opportunity:
    """Save header fields unless someone else saved since `seen_version` was read."""
    locked = _lock(opportunity)
    access.require(user, "edit", locked)
    check_version(locked, seen_version)
    fields = list(EDITABLE_FIELDS)
    if not is_manager(user) or data.get("sales_owner") is None:
        fields.remove("sales_owner")  # only managers hand an opportunity to another rep; never to nobody
    changed = apply_changes(locked, data, fields)
    if "has_tender" in changed and locked.current_stage.is_skipped_for(locked):
        raise ServiceError(
            _("The project is in “%(stage)s”, a tender stage: move it back before marking it as without a tender.")
            % {"stage": locked.current_stage.name}
        )
    if changed:
        locked.version += 1
        _save(locked, user)
    return locked


def gate_missing(opportunity: Opportunity) -> list[str]:
    """What keeps the opportunity in its current stage: the exit criteria checked as data —
    each required deliverable present and approved, each required task done."""
    stage = opportunity.current_stage
    missing: list[str] = []
    deliverables = list(
        Deliverable.objects.filter(opportunity=opportunity, deliverable_type__stage=stage).only(
            "deliverable_type_id", "status"
        )
    )
    for dtype in stage.deliverable_types.filter(required=True):
        statuses = {d.status for d in deliverables if d.deliverable_type_id == dtype.pk}
        if not statuses:
            missing.append(_("Deliverable missing: 《%(name)s》") % {"name": dtype.name})
        elif DeliverableStatus.APPROVED not in statuses:
            if DeliverableStatus.SUBMITTED in statuses:
                missing.append(_("Deliverable awaiting approval: 《%(name)s》") % {"name": dtype.name})
            else:
                missing.append(_("Deliverable still a draft: 《%(name)s》") % {"name": dtype.name})
    for task in OpportunityTask.objects.filter(
        opportunity=opportunity, stage=stage, required=True, done_at__isnull=True
    ).order_by("id"):
        missing.append(_("Task not done: %(title)s") % {"title": task.title})
    return missing


@dataclass
class StageMove:
    opportunity: Opportunity
    from_stage: Stage
    to_stage: Stage
    skipped: list[Stage] = field(default_factory=list)


@transaction.atomic
def opportunity_advance(*, opportunity: Opportunity, user, to_stage: Stage, reason: str = "") -> StageMove:
    """Move an opportunity to another stage of its template.

    Forward: only to the next stage, passing over stages that are skipped for this project
    (招标/投标 when it has no tender), and only when the current stage's exit criteria are
    met (gate_missing). Back: to any earlier stage, with a reason. The row is locked and the
    move is refused if the stage changed since the caller read it, so two concurrent moves
    cannot both succeed.
    """
    locked = _lock(opportunity)
    access.require(user, "advance", locked)
    if locked.current_stage_id != opportunity.current_stage_id:
        raise ServiceError(
            _("This opportunity was moved to “%(stage)s” by someone else meanwhile. Reload and try again.")
            % {"stage": locked.current_stage.name}
        )
    from_stage = locked.current_stage
    reason = (reason or "").strip()
    check_text(_("Reason"), reason, TEXT_SHORT)
    if to_stage.template_id != locked.template_id:
        raise ServiceError(_("“%(stage)s” is not a stage of this opportunity's template.") % {"stage": to_stage.name})
    if to_stage.pk == from_stage.pk:
        raise ServiceError(_("The opportunity is already in “%(stage)s”.") % {"stage": to_stage.name})

    stages = list(locked.template.stages.order_by("order"))
    now = timezone.now()
    if to_stage.order < from_stage.order:
        if not reason:
            raise ServiceError(_("Moving back to an earlier stage needs a reason."))
        _move(locked, user, from_stage, to_stage, now, reason)
        events.stage_moved_back(locked, user, from_stage, to_stage, reason)
        return StageMove(locked, from_stage, to_stage)

    between = [s for s in stages if from_stage.order < s.order < to_stage.order]
    not_skippable = [s for s in between if not s.is_skipped_for(locked)]
    if not_skippable:
        raise ServiceError(
            _("Stages cannot be jumped: “%(stages)s” must be passed first.")
            % {"stages": "、".join(s.name for s in not_skippable)}
        )
    if to_stage.is_skipped_for(locked):
        raise ServiceError(_("“%(stage)s” is skipped for projects without a tender.") % {"stage": to_stage.name})
    missing = gate_missing(locked)
    if missing:
        raise GateBlocked(missing)
    _move(locked, user, from_stage, to_stage, now, reason)
    for skipped in between:
        events.stage_skipped(locked, user, from_stage, skipped)
    events.stage_advanced(locked, user, from_stage, to_stage, reason)
    return StageMove(locked, from_stage, to_stage, skipped=between)


def _move(locked: Opportunity, user, from_stage: Stage, to_stage: Stage, now, reason: str) -> None:
    locked.current_stage = to_stage
    locked.stage_entered_at = now
    locked.version += 1
    _save(locked, user, reason=f"{from_stage.name} → {to_stage.name} {reason}".strip())
    _open_stage_tasks(locked, to_stage, now)


def next_stage(opportunity: Opportunity) -> Stage | None:
    """The stage a forward move goes to, passing over the ones skipped for this project."""
    for stage in opportunity.template.stages.filter(order__gt=opportunity.current_stage.order).order_by("order"):
        if not stage.is_skipped_for(opportunity):
            return stage
    return None


@transaction.atomic
def opportunity_close(
    *, opportunity: Opportunity, user, status: str, reason: str, winning_competitor: str = ""
) -> Opportunity:
    """Close as won, lost or abandoned, with a reason (and who won, when lost).

    Won is the end of the whole presales project: the seed's last stage (实施) ends with
    项目验收合格, so an opportunity is won only from the last stage of its template with
    that stage's exit criteria met. Winning the tender is the 投标 gate (中标公告函), after
    which the project stays active through implementation. Lost and abandoned may happen in
    any stage.
    """
    locked = _lock(opportunity)
    access.require(user, "close", locked)
    if not locked.is_active:
        raise ServiceError(_("The opportunity is already closed."))
    if status not in (OpportunityStatus.WON, OpportunityStatus.LOST, OpportunityStatus.ABANDONED):
        raise ServiceError(_("Choose won, lost or abandoned."))
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append(_("A reason is required to close an opportunity."))
    check_text(_("Reason"), reason, TEXT_SHORT)
    if status == OpportunityStatus.LOST and not winning_competitor.strip():
        problems.append(_("Say which competitor won (or “unknown”)."))
    if status == OpportunityStatus.WON:
        last_stage = locked.template.stages.order_by("-order").first()
        if locked.current_stage_id != last_stage.pk:
            problems.append(
                _("An opportunity is won at the end of “%(stage)s” (project accepted): advance it there first.")
                % {"stage": last_stage.name}
            )
        else:
            problems.extend(gate_missing(locked))
    if problems:
        raise ServiceError(problems)
    locked.status = status
    locked.close_reason = reason
    locked.winning_competitor = winning_competitor.strip()
    locked.closed_at = timezone.now()
    locked.version += 1
    _save(locked, user, reason=reason)
    events.closed(locked, user, status=status, reason=reason, winning_competitor=locked.winning_competitor)
    return locked


@transaction.atomic
def opportunity_reopen(*, opportunity: Opportunity, user, reason: str) -> Opportunity:
    locked = _lock(opportunity)
    access.require(user, "close", locked)
    if locked.is_active:
        raise ServiceError(_("The opportunity is already active."))
    if not (reason or "").strip():
        raise ServiceError(_("A reason is required to reopen an opportunity."))
    check_text(_("Reason"), reason, TEXT_SHORT)
    locked.status = OpportunityStatus.ACTIVE
    locked.close_reason = ""
    locked.winning_competitor = ""
    locked.closed_at = None
    locked.version += 1
    _save(locked, user, reason=reason)
    events.reopened(locked, user, reason.strip())
    return locked


@transaction.atomic
def opportunity_member_add(*, opportunity: Opportunity, user, member, role: str) -> OpportunityMember:
    locked = _lock(opportunity)
    access.require(user, "team", locked)
    membership, created = OpportunityMember.objects.get_or_create(
        opportunity=locked, user=member, defaults={"role": role}
    )
    if not created:
        raise ServiceError(_("%(name)s is already on the team.") % {"name": member.display_name})
    events.member_added(locked, user, member)
    return membership


@transaction.atomic
def opportunity_member_remove(*, opportunity: Opportunity, user, member) -> None:
    locked = _lock(opportunity)
    access.require(user, "team", locked)
    deleted, _count = OpportunityMember.objects.filter(opportunity=locked, user=member).delete()
    if not deleted:
        raise ServiceError(_("%(name)s is not on the team.") % {"name": member.display_name})
    events.member_removed(locked, user, member)


@transaction.atomic
def task_set_done(*, task: OpportunityTask, user, done: bool) -> OpportunityTask:
    """Tick or untick a checklist item (who and when are kept)."""
    locked_opp = _lock(task.opportunity)
    access.require(user, "contribute", locked_opp)
    task = OpportunityTask.objects.select_for_update().get(pk=task.pk)
    if done == task.is_done:
        return task
    task.done_at = timezone.now() if done else None
    task.done_by = user if done else None
    _save(task, user)
    if done:
        events.task_done(locked_opp, task, user)
    else:
        events.task_reopened(locked_opp, task, user)
    return task


def _start_approval(locked_opp: Opportunity, deliverable: Deliverable, user, note: str = "") -> None:
    """Send a submitted deliverable through its type's approval template (the one engine);
    a type without a template is accepted as submitted."""
    from presales.approvals.services import approval_submit

    template = deliverable.deliverable_type.approval_template
    events.deliverable_submitted(locked_opp, deliverable, user)
    if template is None:
        deliverable.status = DeliverableStatus.APPROVED
        deliverable.approved_at = timezone.now()
        _save(deliverable, user, update_fields=["status", "approved_at"])
        events.deliverable_approved(locked_opp, deliverable, user)
        return
    approval_submit(target=deliverable, template=template, user=user, note=note)


@transaction.atomic
def deliverable_submit(
    *,
    opportunity: Opportunity,
    user,
    deliverable_type,
    title: str = "",
    file=None,
    link: str = "",
    note: str = "",
    draft: bool = False,
) -> Deliverable:
    """Attach a new version of a deliverable. It goes to approval unless `draft`."""
    locked = _lock(opportunity)
    access.require(user, "contribute", locked)
    if deliverable_type.stage.template_id != locked.template_id:
        raise ServiceError(_("This deliverable type does not belong to the opportunity's stage template."))
    if deliverable_type.fulfilled_by:
        raise ServiceError(
            _("《%(name)s》 is not uploaded here: it comes from %(source)s.")
            % {"name": deliverable_type.name, "source": deliverable_type.get_fulfilled_by_display()}
        )
    if not (file or (link or "").strip() or (note or "").strip()):
        raise ServiceError(_("Attach a file, give a link or write the record."))
    last = (
        Deliverable.objects.filter(opportunity=locked, deliverable_type=deliverable_type).order_by("-version").first()
    )
    deliverable = Deliverable(
        opportunity=locked,
        deliverable_type=deliverable_type,
        title=(title or "").strip() or deliverable_type.name,
        link=(link or "").strip(),
        note=(note or "").strip(),
        version=(last.version + 1) if last else 1,
        status=DeliverableStatus.DRAFT if draft else DeliverableStatus.SUBMITTED,
        submitted_at=None if draft else timezone.now(),
        created_by=user,
    )
    if file:
        deliverable.file = file
    _save(deliverable, user)
    if not draft:
        _start_approval(locked, deliverable, user)
    return deliverable


@transaction.atomic
def deliverable_send_for_approval(*, deliverable: Deliverable, user, note: str = "") -> Deliverable:
    """Submit a draft (a new one, or one returned by a rejection): a new approval round."""
    locked_opp = _lock(deliverable.opportunity)
    access.require(user, "contribute", locked_opp)
    deliverable = (
        Deliverable.objects.select_for_update(of=("self",)).select_related("deliverable_type").get(pk=deliverable.pk)
    )
    if deliverable.status != DeliverableStatus.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    check_text(_("Note"), note, TEXT_SHORT)
    deliverable.status = DeliverableStatus.SUBMITTED
    deliverable.submitted_at = timezone.now()
    _save(deliverable, user, update_fields=["status", "submitted_at"])
    _start_approval(locked_opp, deliverable, user, note=note)
    return deliverable


# Hooks the approvals engine calls inside its transaction (registered in apps.py).
def on_deliverable_approved(deliverable: Deliverable, approval, user) -> None:
    deliverable.status = DeliverableStatus.APPROVED
    deliverable.approved_at = timezone.now()
    _save(deliverable, user, update_fields=["status", "approved_at"])
    events.deliverable_approved(deliverable.opportunity, deliverable, user)


def on_deliverable_rejected(deliverable: Deliverable, approval, user, reasons: list[str]) -> None:
    deliverable.status = DeliverableStatus.DRAFT
    _save(deliverable, user, reason="; ".join(reasons), update_fields=["status"])
    events.deliverable_returned(deliverable.opportunity, deliverable, user, reasons)


def on_deliverable_withdrawn(deliverable: Deliverable, approval, user) -> None:
    deliverable.status = DeliverableStatus.DRAFT
    _save(deliverable, user, update_fields=["status"])
    events.deliverable_withdrawn(deliverable.opportunity, deliverable, user)


@transaction.atomic
def deliverable_record_approved(
    *, opportunity: Opportunity, user, fulfilled_by: str, title: str, source_url: str, file=None, note: str = ""
) -> Deliverable | None:
    """Record an output approved elsewhere (a signed-off solution version, an approved
    acceptance report) as the deliverable of the stage type that names that source, so the
    gate reads one place. Returns None when the opportunity's template has no such type."""
    locked = _lock(opportunity)
    from presales.opportunities.models import DeliverableType

    dtype = (
        DeliverableType.objects.filter(stage__template_id=locked.template_id, fulfilled_by=fulfilled_by)
        .order_by("stage__order", "order")
        .first()
    )
    if dtype is None:
        return None
    last = Deliverable.objects.filter(opportunity=locked, deliverable_type=dtype).order_by("-version").first()
    now = timezone.now()
    deliverable = Deliverable(
        opportunity=locked,
        deliverable_type=dtype,
        title=title[:200],
        note=note,
        source_url=source_url,
        version=(last.version + 1) if last else 1,
        status=DeliverableStatus.APPROVED,
        submitted_at=now,
        approved_at=now,
        created_by=user,
    )
    if file:
        deliverable.file.name = file.name  # the same stored file, not a copy
    _save(deliverable, user)
    events.deliverable_approved(locked, deliverable, user)
    return deliverable


@transaction.atomic
def activity_log(*, opportunity: Opportunity, user, data: dict) -> Activity:
    """Record a visit, call, meeting, demo or note on the timeline."""
    locked = _lock(opportunity)
    access.require(user, "contribute", locked)
    activity = Activity(opportunity=locked, created_by=user)
    apply_changes(activity, data, ["kind", "occurred_on", "subject", "people", "duration_minutes", "outcome"])
    check_text_limits(activity, limits={"outcome": TEXT_SHORT})  # as ActivityForm: a note, not a report
    _save(activity, user)
    return activity
