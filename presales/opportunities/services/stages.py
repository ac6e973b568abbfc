"""The stage gates and the moves between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import GateBlocked, ServiceError, check_text
from presales.opportunities import access, events
from presales.opportunities.models import (
    Deliverable,
    DeliverableStatus,
    FulfilledBy,
    Opportunity,
    OpportunityTask,
    SatisfiedByQuote,
    Stage,
)
from presales.opportunities.services._common import lock, open_stage_tasks, save

# The outputs the tender page records (presales.tenders): the gate says where they come from.
TENDER_SOURCES = (FulfilledBy.TENDER, FulfilledBy.BID_DECISION, FulfilledBy.TECHNICAL_BID, FulfilledBy.AWARD)


def gate_missing(opportunity: Opportunity) -> list[str]:
    """What keeps the opportunity in its current stage: the exit criteria checked as data —
    each required deliverable present and approved (for 《项目报价清单》: a quote version
    recorded by the quotes app, or an approved upload), each required task done."""
    stage = opportunity.current_stage
    missing: list[str] = []
    deliverables = list(
        Deliverable.objects.filter(opportunity=opportunity, deliverable_type__stage=stage).only(
            "deliverable_type_id", "status"
        )
    )
    for dtype in stage.deliverable_types.filter(required=True):
        statuses = {d.status for d in deliverables if d.deliverable_type_id == dtype.pk}
        if dtype.satisfied_by_quote and DeliverableStatus.APPROVED not in statuses:
            if DeliverableStatus.SUBMITTED in statuses:
                missing.append(_("Deliverable awaiting approval: 《%(name)s》") % {"name": dtype.name})
            elif dtype.satisfied_by_quote == SatisfiedByQuote.APPROVED:
                missing.append(
                    _(
                        "Deliverable missing: 《%(name)s》 — a version of the opportunity's quote approved in price "
                        "review counts as it (a draft does not), or upload a quote made outside the workbench."
                    )
                    % {"name": dtype.name}
                )
            else:
                missing.append(
                    _(
                        "Deliverable missing: 《%(name)s》 — a version of the opportunity's quote submitted to price "
                        "review counts as it (a draft does not), or upload a quote made outside the workbench."
                    )
                    % {"name": dtype.name}
                )
            continue
        if not statuses and dtype.fulfilled_by in TENDER_SOURCES:
            missing.append(
                _("Deliverable missing: 《%(name)s》 — it comes from: %(source)s")
                % {"name": dtype.name, "source": dtype.get_fulfilled_by_display()}
            )
        elif not statuses:
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
def opportunity_advance(*, opportunity: Opportunity, user: User, to_stage: Stage, reason: str = "") -> StageMove:
    """Move an opportunity to another stage of its template.

    Forward: only to the next stage, passing over stages that are skipped for this project
    (招标/投标 when it has no tender), and only when the current stage's exit criteria are
    met (gate_missing). Back: to any earlier stage, with a reason. The row is locked and the
    move is refused if the stage changed since the caller read it, so two concurrent moves
    cannot both succeed.
    """
    locked = lock(opportunity)
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


def _move(locked: Opportunity, user: User, from_stage: Stage, to_stage: Stage, now: datetime, reason: str) -> None:
    locked.current_stage = to_stage
    locked.stage_entered_at = now
    locked.version += 1
    save(locked, user, reason=f"{from_stage.name} → {to_stage.name} {reason}".strip())
    open_stage_tasks(locked, to_stage, now)


def next_stage(opportunity: Opportunity) -> Stage | None:
    """The stage a forward move goes to, passing over the ones skipped for this project."""
    for stage in opportunity.template.stages.filter(order__gt=opportunity.current_stage.order).order_by("order"):
        if not stage.is_skipped_for(opportunity):
            return stage
    return None
