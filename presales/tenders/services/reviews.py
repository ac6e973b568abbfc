"""The self/cross review (自审/互审) and marking the bid submitted.

The bid is not marked submitted while a review check fails or is not done, a required package
document is missing or expired, or a check registered by another app (presales.tenders.checks:
"★ clauses unanswered") finds something: the refusal lists every problem at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, check_text, check_version, require
from presales.tenders import access, checks, events
from presales.tenders.models import (
    NOTE_MAX,
    PackageItem,
    ReviewKind,
    ReviewResult,
    Tender,
    TenderReview,
    TenderStatus,
    WorkStatus,
)
from presales.tenders.services._common import lock, save


@transaction.atomic
def review_set_result(
    *, review: TenderReview, user: User, result: str, comment: str = "", seen_version: int | str | None = None
) -> TenderReview:
    """The reviewer's result on one check: pass, fail (say what is wrong), not applicable, or
    back to pending. The cross-review (互审) is another pair of eyes: who checked any item of
    the self-review does not check the cross-review, and the other way round."""
    locked = lock(review.tender)
    require(access.can_work_on(user, locked))
    row = TenderReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    check_version(row, seen_version)
    if result not in ReviewResult.values:
        raise ServiceError(_("Choose pass, fail or not applicable."))
    comment = (comment or "").strip()
    check_text(_("Comment"), comment, NOTE_MAX)
    if result == ReviewResult.FAIL and not comment:
        raise ServiceError(_("Say what is wrong when a check fails."))
    if result != ReviewResult.PENDING:
        other = ReviewKind.SELF if row.kind == ReviewKind.CROSS else ReviewKind.CROSS
        checked_other = (
            TenderReview.objects.filter(tender=locked, kind=other, reviewer=user)
            .exclude(result=ReviewResult.PENDING)
            .exists()
        )
        if checked_other:
            if row.kind == ReviewKind.CROSS:
                raise ServiceError(
                    _("You checked items of the self-review: the cross-review is done by another colleague.")
                )
            raise ServiceError(
                _("You checked items of the cross-review: the self-review is done by the bid's authors.")
            )
    row.result = result
    row.comment = comment
    if result == ReviewResult.PENDING:
        row.reviewer, row.checked_at = None, None
    else:
        row.reviewer, row.checked_at = user, timezone.now()
    row.version += 1
    save(row, user)
    events.review_checked(locked, user, check=row.text, result=result)
    return row


def submission_problems(tender: Tender) -> list[str]:
    """Everything that keeps the bid from being submitted, in the page's order: reviews, the
    package, then the registered checks."""
    problems: list[str] = []
    for review in tender.reviews.order_by("kind", "order", "pk"):
        if review.result == ReviewResult.FAIL:
            problems.append(
                _("Review check failed: %(check)s (%(comment)s)") % {"check": review.text, "comment": review.comment}
            )
        elif review.result == ReviewResult.PENDING:
            problems.append(
                _("Review check not done: %(kind)s — %(check)s")
                % {"kind": review.get_kind_display(), "check": review.text}
            )
    today = timezone.localdate()
    items = (
        PackageItem.objects.filter(tender=tender, required=True)
        .select_related("item_type", "document")
        .order_by("item_type__order", "pk")
    )
    for item in items:
        name = str(item)
        document = item.document
        if document is not None and document.valid_until and document.valid_until < today:
            problems.append(
                _("Document expired: %(item)s — “%(title)s” was valid until %(date)s")
                % {"item": name, "title": document.title, "date": document.valid_until.isoformat()}
            )
        elif not item.file and item.document_id is None:
            problems.append(_("Required document missing: %(item)s") % {"item": name})
        elif item.status != WorkStatus.DONE:
            problems.append(_("Bid package item not done: %(item)s") % {"item": name})
    problems.extend(checks.registered_problems(tender))
    return problems


@transaction.atomic
def tender_mark_submitted(*, tender: Tender, user: User) -> Tender:
    locked = lock(tender)
    require(access.can_work_on(user, locked))
    if locked.status != TenderStatus.BIDDING:
        raise ServiceError(_("Only a tender the team decided to bid for is submitted."))
    problems = submission_problems(locked)
    if problems:
        raise ServiceError(problems)
    locked.status = TenderStatus.SUBMITTED
    locked.version += 1
    save(locked, user)
    events.submitted(locked, user)
    return locked
