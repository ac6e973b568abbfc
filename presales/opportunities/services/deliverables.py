"""Deliverables: a stage's documents and records, their versions, and their approval.

A submitted deliverable goes through its type's approval template (the approvals engine);
the engine calls the on_deliverable_* hooks back, as registered in presales/opportunities/apps.py.
Outputs another app produces are recorded through deliverable_record_approved (a signed-off
solution, the PCST-approved bid price, …) and deliverable_record_quote (a quote version that
satisfies 《项目报价清单》): those apps call in, this one imports none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text
from presales.opportunities import access, events
from presales.opportunities.models import (
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Opportunity,
    OpportunityTask,
    SatisfiedByQuote,
)
from presales.opportunities.services._common import lock, save

if TYPE_CHECKING:
    from presales.approvals.models import Approval


def _start_approval(locked_opp: Opportunity, deliverable: Deliverable, user: User, note: str = "") -> None:
    """Send a submitted deliverable through its type's approval template (the one engine);
    a type without a template is accepted as submitted."""
    from presales.approvals.services import approval_submit

    template = deliverable.deliverable_type.approval_template
    events.deliverable_submitted(locked_opp, deliverable, user)
    if template is None:
        deliverable.status = DeliverableStatus.APPROVED
        deliverable.approved_at = timezone.now()
        save(deliverable, user, update_fields=["status", "approved_at"])
        events.deliverable_approved(locked_opp, deliverable, user)
        return
    approval_submit(target=deliverable, template=template, user=user, note=note)


def _next_version(opportunity: Opportunity, deliverable_type: DeliverableType) -> int:
    last = (
        Deliverable.objects.filter(opportunity=opportunity, deliverable_type=deliverable_type)
        .order_by("-version")
        .first()
    )
    return (last.version + 1) if last else 1


@transaction.atomic
def deliverable_submit(
    *,
    opportunity: Opportunity,
    user: User,
    deliverable_type: DeliverableType,
    title: str = "",
    file: File | None = None,
    link: str = "",
    note: str = "",
    draft: bool = False,
) -> Deliverable:
    """Attach a new version of a deliverable. It goes to approval unless `draft`."""
    locked = lock(opportunity)
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
    deliverable = Deliverable(
        opportunity=locked,
        deliverable_type=deliverable_type,
        title=(title or "").strip() or deliverable_type.name,
        link=(link or "").strip(),
        note=(note or "").strip(),
        version=_next_version(locked, deliverable_type),
        status=DeliverableStatus.DRAFT if draft else DeliverableStatus.SUBMITTED,
        submitted_at=None if draft else timezone.now(),
        created_by=user,
    )
    if file:
        deliverable.file = file
    save(deliverable, user)
    if not draft:
        _start_approval(locked, deliverable, user)
    return deliverable


@transaction.atomic
def deliverable_send_for_approval(*, deliverable: Deliverable, user: User, note: str = "") -> Deliverable:
    """Submit a draft (a new one, or one returned by a rejection): a new approval round."""
    locked_opp = lock(deliverable.opportunity)
    access.require(user, "contribute", locked_opp)
    deliverable = (
        Deliverable.objects.select_for_update(of=("self",)).select_related("deliverable_type").get(pk=deliverable.pk)
    )
    if deliverable.status != DeliverableStatus.DRAFT:
        raise ServiceError(_("Only a draft can be submitted."))
    if deliverable.amount is not None and deliverable.deliverable_type.satisfied_by_quote:
        raise ServiceError(
            _("This record comes from a quote version withdrawn from price review: submit the quote version again.")
        )
    check_text(_("Note"), note, TEXT_SHORT)
    deliverable.status = DeliverableStatus.SUBMITTED
    deliverable.submitted_at = timezone.now()
    save(deliverable, user, update_fields=["status", "submitted_at"])
    _start_approval(locked_opp, deliverable, user, note=note)
    return deliverable


# Hooks the approvals engine calls inside its transaction (registered in apps.py).
def on_deliverable_approved(deliverable: Deliverable, approval: Approval, user: User) -> None:
    deliverable.status = DeliverableStatus.APPROVED
    deliverable.approved_at = timezone.now()
    save(deliverable, user, update_fields=["status", "approved_at"])
    events.deliverable_approved(deliverable.opportunity, deliverable, user)


def on_deliverable_rejected(deliverable: Deliverable, approval: Approval, user: User, reasons: list[str]) -> None:
    deliverable.status = DeliverableStatus.DRAFT
    save(deliverable, user, reason="; ".join(reasons), update_fields=["status"])
    events.deliverable_returned(deliverable.opportunity, deliverable, user, reasons)


def on_deliverable_withdrawn(deliverable: Deliverable, approval: Approval, user: User) -> None:
    deliverable.status = DeliverableStatus.DRAFT
    save(deliverable, user, update_fields=["status"])
    events.deliverable_withdrawn(deliverable.opportunity, deliverable, user)


@transaction.atomic
def deliverable_record_approved(
    *,
    opportunity: Opportunity,
    user: User,
    fulfilled_by: str,
    title: str,
    source_url: str,
    file: File | None = None,
    note: str = "",
    original_name: str = "",
) -> Deliverable | None:
    """Record an output approved elsewhere (a signed-off solution version, an approved
    acceptance report) as the deliverable of the stage type that names that source, so the
    gate reads one place. Returns None when the opportunity's template has no such type."""
    locked = lock(opportunity)
    dtype = (
        DeliverableType.objects.filter(stage__template_id=locked.template_id, fulfilled_by=fulfilled_by)
        .order_by("stage__order", "order")
        .first()
    )
    if dtype is None:
        return None
    now = timezone.now()
    deliverable = Deliverable(
        opportunity=locked,
        deliverable_type=dtype,
        title=title[:200],
        note=note,
        source_url=source_url,
        version=_next_version(locked, dtype),
        status=DeliverableStatus.APPROVED,
        submitted_at=now,
        approved_at=now,
        created_by=user,
    )
    if file:
        deliverable.file.name = file.name  # the same stored file, not a copy
        deliverable.original_name = original_name[:255]  # the name it was uploaded under, if kept
    save(deliverable, user)
    events.deliverable_approved(locked, deliverable, user)
    _tick_tasks_done_when(locked, fulfilled_by, user)
    return deliverable


def _tick_tasks_done_when(locked: Opportunity, fulfilled_by: str, user: User) -> None:
    """The open checklist items that tick themselves when this source is recorded
    (StageTask.done_when: the tender registered ticks 登记招标文件), each with its event."""
    tasks = OpportunityTask.objects.select_for_update(of=("self",)).filter(
        opportunity=locked, done_at__isnull=True, stage_task__done_when=fulfilled_by
    )
    now = timezone.now()
    for task in tasks:
        task.done_at, task.done_by = now, user
        save(task, user, update_fields=["done_at", "done_by"])
        events.task_done(locked, task, user)


def _quote_types(locked: Opportunity, reached: str) -> list[DeliverableType]:
    """The output types of the opportunity's template a quote version satisfies once it has
    `reached` "submitted" or "approved" — of the current stage or one ahead (a quote
    submitted in 投标 does not rewrite 咨询's history)."""
    accepted = [SatisfiedByQuote.SUBMITTED, SatisfiedByQuote.APPROVED] if reached == "approved" else [reached]
    if reached not in (SatisfiedByQuote.SUBMITTED, SatisfiedByQuote.APPROVED):
        raise ValueError(reached)
    return list(
        DeliverableType.objects.filter(
            stage__template_id=locked.template_id,
            satisfied_by_quote__in=accepted,
            stage__order__gte=locked.current_stage.order,
        ).order_by("stage__order", "order")
    )


@transaction.atomic
def deliverable_record_quote(
    *, opportunity: Opportunity, user: User, reached: str, title: str, source_url: str, amount, note: str = ""
) -> list[Deliverable]:
    """Record a quote version as the deliverable of the types it satisfies
    (DeliverableType.satisfied_by_quote), once it is submitted to price review or approved,
    so the gate reads one place — as deliverable_record_approved does for the PCST-approved
    bid price. Called by the quotes app (which this app never imports): `source_url` is the
    version's page, `amount` its total. A type already recorded from that version is left
    alone. Returns the deliverables recorded."""
    locked = lock(opportunity)
    title = title[:200]
    recorded = []
    now = timezone.now()
    for dtype in _quote_types(locked, reached):
        if Deliverable.objects.filter(
            opportunity=locked, deliverable_type=dtype, source_url=source_url, status=DeliverableStatus.APPROVED
        ).exists():
            continue
        deliverable = Deliverable(
            opportunity=locked,
            deliverable_type=dtype,
            title=title,
            note=note,
            source_url=source_url,
            amount=amount,
            version=_next_version(locked, dtype),
            status=DeliverableStatus.APPROVED,
            submitted_at=now,
            approved_at=now,
            created_by=user,
        )
        save(deliverable, user)
        events.deliverable_approved(locked, deliverable, user)
        recorded.append(deliverable)
    return recorded


@transaction.atomic
def deliverable_unrecord_quote(*, opportunity: Opportunity, user: User, source_url: str) -> list[Deliverable]:
    """A quote version withdrawn from price review or returned by it no longer counts: the
    deliverables recorded from it (deliverable_record_quote) go back to draft, with a
    "withdrawn" event, and the gate asks again."""
    locked = lock(opportunity)
    undone = list(
        Deliverable.objects.filter(
            opportunity=locked,
            source_url=source_url,
            status=DeliverableStatus.APPROVED,
            deliverable_type__satisfied_by_quote__in=[SatisfiedByQuote.SUBMITTED, SatisfiedByQuote.APPROVED],
        )
    )
    for deliverable in undone:
        deliverable.status = DeliverableStatus.DRAFT
        deliverable.approved_at = None
        save(deliverable, user, update_fields=["status", "approved_at"])
        events.deliverable_withdrawn(locked, deliverable, user)
    return undone
