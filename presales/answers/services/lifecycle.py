"""The life of an entry, one service per transition, its wordings and uses, and the review
digest.

    draft ──submit──▶ in review ──approve──▶ approved ──retire──▶ retired
      ▲  (approve also from draft)  │return                         │
      └─────────────────────────────┴──────────restore──────────────┘

Who: the entry's editors (its owner, the category's owner, the managers) submit; the
category's owner and the managers approve, return, retire and restore; the owner, the
category's owner and the managers record a review ("still valid": next review moves on).
Approving and reviewing set the next review date (today + the interval; none when 0).
Only approved entries are matched (presales.answers.indexing keeps them indexed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from presales.accounts.models import User
from presales.answers import access, events, indexing, text
from presales.answers.models import (
    AnswerChange,
    AnswerEntry,
    AnswerStatus,
    AnswerUsage,
    AnswerWording,
    ChangeStatus,
    WordingSource,
)
from presales.answers.services.entries import _lock_entry
from presales.lib import lifecycle
from presales.lib.forms import TEXT_SHORT
from presales.lib.lifecycle import CURATOR, DUE_WITHIN_DAYS, EDITOR, OWNER_OR_CURATOR, Transition, status_refusal
from presales.lib.services import ServiceError, check_text, require

S = AnswerStatus
MAX_WORDINGS = 60  # wordings per entry: the oldest learned ones go first beyond it

TRANSITIONS = {
    "submit": Transition(frozenset({S.DRAFT}), S.IN_REVIEW, EDITOR, gettext_lazy("Submit for review")),
    "approve": Transition(frozenset({S.DRAFT, S.IN_REVIEW}), S.APPROVED, CURATOR, gettext_lazy("Approve")),
    "return": Transition(frozenset({S.IN_REVIEW}), S.DRAFT, CURATOR, gettext_lazy("Return to draft")),
    "review_done": Transition(
        frozenset({S.APPROVED}), S.APPROVED, OWNER_OR_CURATOR, gettext_lazy("Reviewed, still valid")
    ),
    "retire": Transition(frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED}), S.RETIRED, CURATOR, gettext_lazy("Retire")),
    "restore": Transition(frozenset({S.RETIRED}), S.DRAFT, CURATOR, gettext_lazy("Restore as draft")),
}


def _allowed_person(user: User, entry: AnswerEntry, who: str) -> bool:
    if who == EDITOR:
        return access.can_edit_entry(user, entry) and entry.status != S.APPROVED
    if who == CURATOR:
        return access.is_curator(user, entry)
    return access.can_review(user, entry)


def refusal(user: User, entry: AnswerEntry, action: str) -> str:
    """Why `user` may not take `action` on the entry now ("" when he may)."""
    transition = TRANSITIONS[action]
    if not _allowed_person(user, entry, transition.who):
        return {
            EDITOR: _("Only the answer's owner, the category's owner and the presales managers may do this."),
            CURATOR: _("Only the category's owner and the presales managers may do this."),
            OWNER_OR_CURATOR: _("Only the answer's owner, the category's owner and the presales managers may do this."),
        }[transition.who]
    if wrong_status := status_refusal(entry, transition, _("Not possible while the answer is “%(status)s”.")):
        return wrong_status
    if action == "retire" and AnswerChange.objects.filter(entry=entry, status=ChangeStatus.PENDING).exists():
        return _("A change to this answer is awaiting approval: decide or withdraw it first.")
    return ""


def allowed_actions(user: User, entry: AnswerEntry) -> list[tuple[str, object]]:
    return lifecycle.allowed_actions(TRANSITIONS, lambda action: refusal(user, entry, action))


def _move(entry: AnswerEntry, user: User, action: str, note: str = "") -> AnswerEntry:
    check_text(_("Note"), note, TEXT_SHORT)
    locked = _lock_entry(entry)
    reason = refusal(user, locked, action)
    if reason:
        if not _allowed_person(user, locked, TRANSITIONS[action].who):
            raise PermissionDenied(reason)
        raise ServiceError(reason)
    before, fields = lifecycle.move(
        locked, TRANSITIONS, action, sets_review=("approve", "review_done"), stamp=("approve", "approved_at")
    )
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save(update_fields=fields)
    if before != locked.status:
        indexing.index_entry(locked)
    if action == "review_done":
        events.review_done(locked, user)
    else:
        events.status_changed(locked, user, before, note=note[:500])
    return locked


@transaction.atomic
def entry_submit_for_review(*, user: User, entry: AnswerEntry) -> AnswerEntry:
    return _move(entry, user, "submit")


@transaction.atomic
def entry_approve(*, user: User, entry: AnswerEntry) -> AnswerEntry:
    """The category's owner (or a manager) says the answer may be used: it is matched from now on."""
    return _move(entry, user, "approve")


@transaction.atomic
def entry_return(*, user: User, entry: AnswerEntry, reason: str = "") -> AnswerEntry:
    return _move(entry, user, "return", note=reason)


@transaction.atomic
def entry_retire(*, user: User, entry: AnswerEntry, reason: str = "") -> AnswerEntry:
    """Out of matching and of the readers' lists; kept with its history and uses."""
    return _move(entry, user, "retire", note=reason)


@transaction.atomic
def entry_restore(*, user: User, entry: AnswerEntry) -> AnswerEntry:
    return _move(entry, user, "restore")


@transaction.atomic
def entry_mark_reviewed(*, user: User, entry: AnswerEntry) -> AnswerEntry:
    """The owner (or a curator) looked at the answer and it still holds: next review moves on."""
    return _move(entry, user, "review_done")


# Wordings -------------------------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    return "".join(text.normalize(a).split()) == "".join(text.normalize(b).split())


def _add_wording(locked: AnswerEntry, user: User | None, value: str, source: str, label: str) -> AnswerWording | None:
    value = " ".join((value or "").split())
    if not value:
        raise ServiceError(_("Write the wording."))
    check_text(_("Wording"), value, TEXT_SHORT)
    if _same_text(value, locked.requirement):
        return None
    existing = list(AnswerWording.objects.filter(entry=locked).order_by("created_at", "pk"))
    if any(_same_text(value, w.text) for w in existing):
        return None
    if len(existing) >= MAX_WORDINGS:
        oldest = next((w for w in existing if w.source == WordingSource.LEARNED), None)
        if oldest is None:
            raise ServiceError(_("At most %(max)d wordings per answer.") % {"max": MAX_WORDINGS})
        oldest.delete()
    wording = AnswerWording.objects.create(
        entry=locked, text=value, source=source, tender_label=(label or "")[:200], created_by=user
    )
    indexing.index_entry(locked)
    events.wording_added(locked, user, value)
    return wording


@transaction.atomic
def wording_add(*, user: User, entry: AnswerEntry, text: str) -> AnswerWording | None:
    """Another way buyers word the requirement (None when the entry already has it)."""
    locked = _lock_entry(entry)
    require(access.can_edit_entry(user, locked), _("You may not change this answer."))
    return _add_wording(locked, user, text, WordingSource.MANUAL, "")


@transaction.atomic
def wording_remove(*, user: User, wording: AnswerWording) -> None:
    locked = _lock_entry(wording.entry)
    require(access.can_edit_entry(user, locked), _("You may not change this answer."))
    value = wording.text
    AnswerWording.objects.filter(pk=wording.pk).delete()
    indexing.index_entry(locked)
    events.wording_removed(locked, user, value)


@transaction.atomic
def learn_wording(*, user: User, entry: AnswerEntry, text: str, tender_label: str = "") -> AnswerWording | None:
    """An accepted match: keep the tender clause's wording on the entry, so the same
    requirement matches better next time. Anyone who reads the entry and accepted it in a
    deviation table may; None when the entry already has that wording."""
    locked = _lock_entry(entry)
    require(access.can_view_entry(user, locked), _("You may not read this answer."))
    if locked.status != S.APPROVED:
        return None
    return _add_wording(locked, user, text, WordingSource.LEARNED, tender_label)


# Uses -----------------------------------------------------------------------------------------


@transaction.atomic
def record_usage(*, user: User, entry: AnswerEntry, opportunity=None, label: str, url: str = "") -> AnswerUsage:
    """The entry answered a clause of `label` (a tender's deviation table): counted and listed
    under "where used"."""
    require(access.can_view_entry(user, entry), _("You may not read this answer."))
    label = (label or "").strip()[:200] or _("Deviation table")
    usage = AnswerUsage.objects.create(
        entry=entry, opportunity=opportunity, label=label, url=(url or "")[:300], used_by=user
    )
    AnswerEntry.objects.filter(pk=entry.pk).update(usage_count=F("usage_count") + 1)
    return usage


# The review digest ----------------------------------------------------------------------------


def review_state(entry: AnswerEntry, today: date | None = None) -> str:
    """ "expired" (past its review date), "due" (within DUE_WITHIN_DAYS) or ""."""
    if entry.status != S.APPROVED or entry.next_review_on is None:
        return ""
    today = today or timezone.localdate()
    if entry.next_review_on < today:
        return "expired"
    if entry.next_review_on <= today + timedelta(days=DUE_WITHIN_DAYS):
        return "due"
    return ""


def send_review_digest(*, today: date | None = None) -> int:
    """Tell each active owner, in one notification, which of his approved answers are due for
    review within DUE_WITHIN_DAYS or overdue. An owner told today is not told again."""
    from presales.notifications.models import Notification, NotificationKind
    from presales.notifications.services import notify

    today = today or timezone.localdate()
    due = (
        AnswerEntry.objects.filter(status=S.APPROVED, next_review_on__lte=today + timedelta(days=DUE_WITHIN_DAYS))
        .filter(owner__is_active=True)
        .select_related("owner")
        .order_by("owner_id", "next_review_on", "pk")
    )
    by_owner: dict[int, list[AnswerEntry]] = {}
    for entry in due:
        by_owner.setdefault(entry.owner_id, []).append(entry)
    start = timezone.make_aware(datetime.combine(today, time.min))
    url = reverse("answers:list") + "?due=1"
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.LIBRARY_REVIEW_DUE, recipient_id__in=list(by_owner), created_at__gte=start, url=url
        ).values_list("recipient_id", flat=True)
    )
    notified = 0
    for owner_id, entries in by_owner.items():
        if owner_id in told:
            continue
        lines = []
        for e in entries:
            state = _("overdue") if e.next_review_on and e.next_review_on < today else _("due")
            lines.append(f"{e.next_review_on:%Y-%m-%d} {e.code} ({state}) {e.requirement[:60]}")
        with transaction.atomic():
            notify(
                recipients=[entries[0].owner],
                kind=NotificationKind.LIBRARY_REVIEW_DUE,
                actor=None,
                subject=(_("Library answers to review: %(codes)s") % {"codes": "、".join(e.code for e in entries)})[
                    :300
                ],
                url=url,
                comment="\n".join(lines),
            )
        notified += 1
    return notified
