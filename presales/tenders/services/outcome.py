"""The outcome of a submitted bid: the award (中标通知书/中标公告, the 投标 stage's exit
output) or the loss (who won, their price, why: it closes the opportunity as lost, and the
competitor profiles read it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.bounds import TOTAL_MAX
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text, require
from presales.opportunities.models import FulfilledBy, OpportunityStatus
from presales.opportunities.services import deliverable_record_approved, opportunity_close
from presales.tenders import access, events
from presales.tenders.models import OutcomeResult, Tender, TenderOutcome, TenderStatus
from presales.tenders.services._common import lock, save, tender_url


def _check_amount(label: str, value: Decimal | None) -> None:
    if value is not None and not Decimal(0) <= value <= TOTAL_MAX:
        raise ServiceError(_("%(field)s is between 0 and %(max)s.") % {"field": label, "max": f"{TOTAL_MAX:,.2f}"})


def _check_date(on: date | None) -> date:
    if on is None:
        return timezone.localdate()
    if on > timezone.localdate():
        raise ServiceError(_("The date of the outcome cannot be in the future."))
    return on


@transaction.atomic
def outcome_award(
    *, tender: Tender, user: User, file, decided_on: date | None = None, amount: Decimal | None = None
) -> TenderOutcome:
    """We won: the award notice is uploaded and recorded as 中标公告函 (the 投标 gate)."""
    locked = lock(tender)
    require(access.can_record_outcome(user, locked))
    if locked.status != TenderStatus.SUBMITTED:
        raise ServiceError(_("The outcome is recorded once the bid is submitted."))
    if file is None:
        raise ServiceError(_("Upload the award notice (中标通知书 or 中标公告)."))
    _check_amount(_("Awarded amount"), amount)
    outcome = TenderOutcome(
        tender=locked, result=OutcomeResult.AWARD, decided_on=_check_date(decided_on), amount=amount, recorded_by=user
    )
    outcome.file = file
    save(outcome, user)
    locked.status = TenderStatus.AWARDED
    locked.version += 1
    save(locked, user)
    events.awarded(locked, user, amount=str(amount) if amount is not None else "")
    deliverable_record_approved(
        opportunity=locked.opportunity,
        user=user,
        fulfilled_by=FulfilledBy.AWARD,
        title=f"中标公告函 {locked.number}",
        source_url=tender_url(locked),
        file=outcome.file,
        original_name=outcome.original_name,
        note=f"{locked.number} {locked.title}",
    )
    return outcome


@transaction.atomic
def outcome_loss(
    *,
    tender: Tender,
    user: User,
    winning_competitor: str,
    reasons: str,
    winning_price: Decimal | None = None,
    decided_on: date | None = None,
) -> TenderOutcome:
    """We lost (also before the opening: disqualified): who won, their price if known, why.
    The opportunity is closed as lost with the winner, which the competitor profiles count."""
    locked = lock(tender)
    require(access.can_record_outcome(user, locked))
    if locked.status not in (TenderStatus.BIDDING, TenderStatus.SUBMITTED):
        raise ServiceError(_("A loss is recorded for a bid the team decided to make."))
    winner = (winning_competitor or "").strip()
    reasons = (reasons or "").strip()
    problems = []
    if not winner:
        problems.append(_("Say which competitor won (or “unknown”)."))
    if not reasons:
        problems.append(_("Say why the bid was lost."))
    if problems:
        raise ServiceError(problems)
    if len(winner) > 100:
        raise ServiceError(_("Name the winning competitor in at most 100 characters."))
    check_text(_("Reasons"), reasons, TEXT_SHORT)
    _check_amount(_("Their price"), winning_price)
    outcome = TenderOutcome(
        tender=locked,
        result=OutcomeResult.LOSS,
        decided_on=_check_date(decided_on),
        winning_competitor=winner,
        winning_price=winning_price,
        reasons=reasons,
        recorded_by=user,
    )
    save(outcome, user)
    locked.status = TenderStatus.LOST
    locked.version += 1
    save(locked, user)
    events.lost(locked, user, winner=winner, price=str(winning_price) if winning_price is not None else "")
    opportunity_close(
        opportunity=locked.opportunity,
        user=user,
        status=OpportunityStatus.LOST,
        reason=(_("Tender %(number)s lost: %(reasons)s") % {"number": locked.number, "reasons": reasons})[:TEXT_SHORT],
        winning_competitor=winner,
    )
    return outcome
