"""What the services of this app share: locks, the product-gap rule, the answer fields."""

from __future__ import annotations

from django.utils import timezone

from presales.accounts.models import User
from presales.lib.services import save_with_history
from presales.responses.fill import Filled
from presales.responses.models import Clause, ClauseStatus, Deviation, GapStatus, ProductGap, Specification

ANSWER_FIELDS = [
    "status",
    "response",
    "deviation",
    "deviation_note",
    "guarantee",
    "entry",
    "confidence",
    "reasons",
    "suggestions",
]


def lock_spec(specification: Specification) -> Specification:
    return (
        Specification.objects.select_for_update(of=("self",))
        .select_related("tender", "tender__opportunity")
        .get(pk=specification.pk)
    )


def lock_clause(clause: Clause) -> Clause:
    return (
        Clause.objects.select_for_update(of=("self",))
        .select_related("specification", "specification__tender", "specification__tender__opportunity")
        .get(pk=clause.pk)
    )


def apply_filled(clause: Clause, filled: Filled) -> None:
    clause.status = filled.status
    clause.response = filled.response
    clause.deviation = filled.deviation
    clause.deviation_note = filled.deviation_note
    clause.guarantee = filled.guarantee
    clause.entry_id = filled.entry_id
    clause.confidence = filled.confidence
    clause.reasons = filled.reasons
    clause.suggestions = filled.suggestions


def save_clause(clause: Clause, user: User, reason: str, fields: list[str] | None = None) -> None:
    clause.version += 1
    save_with_history(
        clause, user, reason, update_fields=None if fields is None else [*fields, "version", "updated_at"]
    )


def mark_answered(clause: Clause, user: User) -> None:
    clause.status = ClauseStatus.ANSWERED
    clause.answered_by = user
    clause.answered_at = timezone.now()


def sync_gaps(specification: Specification, clauses: list[Clause]) -> None:
    """Every 负偏离 is a product gap on the opportunity (clause, product, deal amount): one is
    opened for a clause that became one, resolved for one that stopped being one. A bounded
    number of queries for any number of clauses."""
    opportunity = specification.tender.opportunity
    product = specification.products.order_by("pk").first()
    existing = {g.clause_id: g for g in ProductGap.objects.filter(clause__in=[c.pk for c in clauses])}
    new, changed = [], []
    for clause in clauses:
        gap = existing.get(clause.pk)
        negative = clause.deviation == Deviation.NEGATIVE and clause.status != ClauseStatus.TO_CONFIRM
        if negative and gap is None:
            new.append(
                ProductGap(
                    opportunity=opportunity,
                    clause=clause,
                    product=product,
                    requirement=clause.text,
                    deal_amount=opportunity.expected_amount,
                )
            )
        elif gap is not None:
            status = GapStatus.OPEN if negative else GapStatus.RESOLVED
            if gap.status != status or (negative and gap.requirement != clause.text):
                gap.status, gap.requirement = status, clause.text
                changed.append(gap)
    if new:
        ProductGap.objects.bulk_create(new)
    for gap in changed:  # few: only the rows whose answer changed sides
        gap.save(update_fields=["status", "requirement", "updated_at"])
