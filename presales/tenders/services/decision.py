"""The bid/no-bid decision (投标决策): scores on the admin's criteria, a recommendation, and
the manager's call — before the bid work starts (DESIGN.md §3: 招标 exits with the decision)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text, check_version, require
from presales.opportunities.models import FulfilledBy, OpportunityStatus
from presales.opportunities.services import deliverable_record_approved, opportunity_close
from presales.tenders import access, events
from presales.tenders.models import (
    SCORE_MAX,
    SCORE_MIN,
    BidCriterion,
    BidDecision,
    BidScore,
    Decision,
    Tender,
    TenderStatus,
)
from presales.tenders.services._common import lock, save, tender_url

# The weighted score (1–5) from which bidding is recommended: the middle of the scale.
BID_THRESHOLD = Decimal("3.0")


@dataclass
class Recommendation:
    score: Decimal | None  # weighted average of the scores given, 1–5
    threshold: Decimal
    recommend: str  # Decision.BID / Decision.NO_BID, "" while nothing is scored
    unscored: list[str] = field(default_factory=list)  # names of the active criteria not scored

    @property
    def complete(self) -> bool:
        return not self.unscored


def recommendation(decision: BidDecision, criteria: list[BidCriterion] | None = None, scores=None) -> Recommendation:
    """Σ(weight × score) / Σ weight over the active criteria scored; bid when at or above
    BID_THRESHOLD. Two queries (or none when the caller passes what it read)."""
    if criteria is None:
        criteria = list(BidCriterion.objects.filter(is_active=True))
    if scores is None:
        scores = list(decision.scores.all())
    by_criterion = {s.criterion_id: s.score for s in scores}
    weighted = total = 0
    unscored = []
    for criterion in criteria:
        score = by_criterion.get(criterion.pk)
        if score is None:
            unscored.append(criterion.name)
            continue
        weighted += criterion.weight * score
        total += criterion.weight
    if not total:
        return Recommendation(None, BID_THRESHOLD, "", unscored)
    value = (Decimal(weighted) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Recommendation(value, BID_THRESHOLD, Decision.BID if value >= BID_THRESHOLD else Decision.NO_BID, unscored)


def _lock_decision(tender: Tender) -> BidDecision:
    decision, _created = BidDecision.objects.get_or_create(tender=tender)
    return BidDecision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def decision_score(*, tender: Tender, user: User, criterion: BidCriterion, score: int, note: str = "") -> BidScore:
    """Score one criterion (1–5, with a note); the team scores, the manager decides."""
    locked = lock(tender)
    require(access.can_work_on(user, locked))
    decision = _lock_decision(locked)
    if decision.decision:
        raise ServiceError(_("The bid decision is made: its scores stay as they were."))
    if not criterion.is_active:
        raise ServiceError(_("This criterion is no longer used."))
    try:
        score = int(score)
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("Score from %(min)d to %(max)d.") % {"min": SCORE_MIN, "max": SCORE_MAX}) from exc
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ServiceError(_("Score from %(min)d to %(max)d.") % {"min": SCORE_MIN, "max": SCORE_MAX})
    check_text(_("Note"), note, 300)
    row = BidScore.objects.filter(decision=decision, criterion=criterion).first() or BidScore(
        decision=decision, criterion=criterion
    )
    row.score, row.note, row.scored_by = score, (note or "").strip(), user
    save(row, user)
    events.scored(locked, user, criterion=criterion.name, score=score)
    return row


@transaction.atomic
def decision_record(
    *, tender: Tender, user: User, decision: str, reason: str, seen_version: int | str | None = None
) -> BidDecision:
    """The manager's decision (presales manager, sales head, admin) with its reason, once every
    active criterion is scored. Bid: the team starts the bid (status bidding). No bid: the
    opportunity is closed as abandoned with that reason (the issue: "a no-bid closes the
    opportunity as abandoned"). Either way 投标决策 is recorded as the stage's output."""
    locked = lock(tender)
    require(access.can_decide(user, locked))
    row = _lock_decision(locked)
    check_version(row, seen_version)
    if row.decision:
        raise ServiceError(_("The bid decision is already made."))
    if decision not in (Decision.BID, Decision.NO_BID):
        raise ServiceError(_("Choose bid or no bid."))
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append(_("Give the reason for the decision."))
    advice = recommendation(row)
    if advice.unscored:
        problems.append(_("Score every criterion first: %(criteria)s") % {"criteria": "、".join(advice.unscored)})
    if problems:
        raise ServiceError(problems)
    check_text(_("Reason"), reason, TEXT_SHORT)
    row.decision, row.reason, row.decided_by, row.decided_at = decision, reason, user, timezone.now()
    row.version += 1
    save(row, user, reason=reason)
    label = str(Decision(decision).label)
    events.decided(locked, user, decision=decision, reason=reason, recommendation=advice.recommend)
    deliverable_record_approved(
        opportunity=locked.opportunity,
        user=user,
        fulfilled_by=FulfilledBy.BID_DECISION,
        title=f"投标决策 {locked.number}：{label}",
        source_url=tender_url(locked),
        note=reason,
    )
    locked.status = TenderStatus.BIDDING if decision == Decision.BID else TenderStatus.NO_BID
    locked.version += 1
    save(locked, user, reason=label)
    if decision == Decision.NO_BID:
        opportunity_close(
            opportunity=locked.opportunity,
            user=user,
            status=OpportunityStatus.ABANDONED,
            reason=(_("No bid for the tender %(number)s: %(reason)s") % {"number": locked.number, "reason": reason})[
                :TEXT_SHORT
            ],
        )
    return row
