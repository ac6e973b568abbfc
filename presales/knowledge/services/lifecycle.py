"""The life-cycle of a library document, one service per transition, and the daily review
digest.

    draft ──submit──▶ in review ──publish──▶ published ──expire──▶ review overdue
      ▲                   │ (publish also from draft)   ▲   review done  │
      │                   │                             └────────────────┘
      └────restore──── archived ◀──archive── (any status but archived)

Who (docs/permissions.md): editors (owner, the folder's editors, a document's own edit grants,
managers) submit and archive; curators (the folder's editors and the managers) publish,
expire and restore — publishing is the library keeper's word that the document may be used;
the owner or a curator records a review. Publishing and reviewing set the next review date
(today + the interval; none when the interval is 0).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from presales.accounts.models import User
from presales.knowledge import access, events
from presales.knowledge.models import Document, DocumentStatus
from presales.knowledge.services.documents import _lock
from presales.lib import lifecycle
from presales.lib.lifecycle import CURATOR, DUE_WITHIN_DAYS, EDITOR, OWNER_OR_CURATOR, Transition, status_refusal
from presales.lib.services import ServiceError

S = DocumentStatus

TRANSITIONS = {
    "submit": Transition(frozenset({S.DRAFT}), S.IN_REVIEW, EDITOR, gettext_lazy("Submit for review")),
    "publish": Transition(frozenset({S.DRAFT, S.IN_REVIEW}), S.PUBLISHED, CURATOR, gettext_lazy("Publish")),
    "review_done": Transition(
        frozenset({S.PUBLISHED, S.EXPIRED}), S.PUBLISHED, OWNER_OR_CURATOR, gettext_lazy("Reviewed, still valid")
    ),
    "expire": Transition(frozenset({S.PUBLISHED}), S.EXPIRED, CURATOR, gettext_lazy("Mark review overdue")),
    "archive": Transition(
        frozenset({S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.EXPIRED}), S.ARCHIVED, EDITOR, gettext_lazy("Archive")
    ),
    "restore": Transition(frozenset({S.ARCHIVED}), S.DRAFT, CURATOR, gettext_lazy("Restore as draft")),
}


def _allowed_person(user: User, document: Document, who: str) -> bool:
    if who == EDITOR:
        return access.can_edit_document(user, document)
    if who == CURATOR:
        return access.is_curator(user, document)
    return document.owner_id == user.pk or access.is_curator(user, document)


def refusal(user: User, document: Document, action: str) -> str:
    """Why `user` may not take `action` on the document now ("" when he may)."""
    transition = TRANSITIONS[action]
    if not _allowed_person(user, document, transition.who):
        return {
            EDITOR: _("Only the document's owner and editors may do this."),
            CURATOR: _("Only the folder's editors and the presales managers may do this."),
            OWNER_OR_CURATOR: _(
                "Only the document's owner, the folder's editors and the presales managers may do this."
            ),
        }[transition.who]
    return status_refusal(document, transition, _("Not possible while the document is “%(status)s”."))


def allowed_actions(user: User, document: Document) -> list[tuple[str, object]]:
    """The (action, button label) pairs `user` may take now, for the document page."""
    return lifecycle.allowed_actions(TRANSITIONS, lambda action: refusal(user, document, action))


def _move(document: Document, user: User, action: str, note: str = "") -> Document:
    locked = _lock(document)
    reason = refusal(user, locked, action)
    if reason:
        if not _allowed_person(user, locked, TRANSITIONS[action].who):
            raise PermissionDenied(reason)
        raise ServiceError(reason)
    before, fields = lifecycle.move(
        locked, TRANSITIONS, action, sets_review=("publish", "review_done"), stamp=("publish", "published_at")
    )
    locked.save(update_fields=fields)
    if action == "review_done":
        events.review_done(locked, user)
    else:
        events.status_changed(locked, user, before, note=note[:500])
    return locked


@transaction.atomic
def document_submit_review(*, document: Document, user: User) -> Document:
    return _move(document, user, "submit")


@transaction.atomic
def document_publish(*, document: Document, user: User) -> Document:
    return _move(document, user, "publish")


@transaction.atomic
def document_expire(*, document: Document, user: User) -> Document:
    return _move(document, user, "expire")


@transaction.atomic
def document_archive(*, document: Document, user: User) -> Document:
    """Archive: out of the folder lists and search for readers; every version and file kept."""
    return _move(document, user, "archive")


@transaction.atomic
def document_restore(*, document: Document, user: User) -> Document:
    return _move(document, user, "restore")


@transaction.atomic
def document_review_done(*, document: Document, user: User) -> Document:
    """The owner (or a curator) looked at the document and it still holds: published again,
    next review in `review_interval_months`."""
    return _move(document, user, "review_done")


# The daily digest ------------------------------------------------------------------------------


def expire_overdue(*, today: date) -> int:
    """Mark published documents past their review date "review overdue" (search flags them).
    Each one is claimed by a conditional UPDATE, so two runs at once expire it once."""
    expired = 0
    for document in Document.objects.filter(status=S.PUBLISHED, next_review_on__lt=today).select_related("owner"):
        with transaction.atomic():
            if not Document.objects.filter(pk=document.pk, status=S.PUBLISHED).update(status=S.EXPIRED):
                continue
            document.status = S.EXPIRED
            document.save(update_fields=["updated_at"])  # the on-save hooks (the search index) see it
            events.review_overdue(document, S.PUBLISHED)
            expired += 1
    return expired


def send_review_digest(*, today: date | None = None) -> tuple[int, int]:
    """Expire what is overdue, then tell each active owner, in one notification, which of his
    documents fall due within DUE_WITHIN_DAYS or are overdue. An owner told today is not told
    again (running the command twice sends nothing twice). Returns (notified, expired)."""
    from presales.notifications.models import Notification, NotificationKind
    from presales.notifications.services import notify

    today = today or timezone.localdate()
    expired = expire_overdue(today=today)
    due = (
        Document.objects.filter(
            status__in=access.OPEN_STATUSES, next_review_on__lte=today + timedelta(days=DUE_WITHIN_DAYS)
        )
        .filter(owner__is_active=True)
        .select_related("owner")
        .order_by("owner_id", "next_review_on", "pk")
    )
    by_owner: dict[int, list[Document]] = {}
    for document in due:
        by_owner.setdefault(document.owner_id, []).append(document)
    start = timezone.make_aware(datetime.combine(today, time.min))
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.LIBRARY_REVIEW_DUE, recipient_id__in=list(by_owner), created_at__gte=start
        ).values_list("recipient_id", flat=True)
    )
    notified = 0
    for owner_id, documents in by_owner.items():
        if owner_id in told:
            continue
        lines = [f"{d.next_review_on:%Y-%m-%d} {d.title}" for d in documents]
        with transaction.atomic():
            notify(
                recipients=[documents[0].owner],
                kind=NotificationKind.LIBRARY_REVIEW_DUE,
                actor=None,
                subject="、".join(d.title for d in documents)[:300],
                url=reverse("knowledge:home") + "#due",
                comment="\n".join(lines),
            )
        notified += 1
    return notified, expired
