"""Closing an opportunity (won, lost, abandoned) and reopening it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib import signals
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text
from presales.opportunities import access, events
from presales.opportunities.models import Opportunity, OpportunityStatus
from presales.opportunities.services._common import lock, save
from presales.opportunities.services.stages import gate_missing


@transaction.atomic
def opportunity_close(
    *, opportunity: Opportunity, user: User, status: str, reason: str, winning_competitor: str = ""
) -> Opportunity:
    """Close as won, lost or abandoned, with a reason (and who won, when lost).

    Won is the end of the whole presales project: the seed's last stage (实施) ends with
    项目验收合格, so an opportunity is won only from the last stage of its template with
    that stage's exit criteria met. Winning the tender is the 投标 gate (中标公告函), after
    which the project stays active through implementation. Lost and abandoned may happen in
    any stage.
    """
    locked = lock(opportunity)
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
        # The opportunity's current stage is one of its template's: the template has a last stage.
        last_stage = locked.template.stages.order_by("-order")[0]
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
    save(locked, user, reason=reason)
    events.closed(locked, user, status=status, reason=reason, winning_competitor=locked.winning_competitor)
    # The apps built on opportunities end what waits on it (pending approvals are withdrawn).
    signals.opportunity_closed.send(sender=Opportunity, opportunity=locked, user=user)
    return locked


@transaction.atomic
def opportunity_reopen(*, opportunity: Opportunity, user: User, reason: str) -> Opportunity:
    locked = lock(opportunity)
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
    save(locked, user, reason=reason)
    events.reopened(locked, user, reason.strip())
    return locked
