"""Sending notifications: a row per recipient for the in-app list, and its e-mail queued in the
same transaction (presales/notifications/outbox.py), sent by a background task once the
transaction commits (inline with the default task back-end) and retried until it goes out."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from presales.accounts.models import User
from presales.notifications.models import MailStatus, Notification, OutgoingMail
from presales.notifications.outbox import mail_queue
from presales.notifications.tasks import send_queued_mail


def notify(
    *, recipients: Iterable, kind: str, actor: User | None, subject: str, url: str = "", comment: str = ""
) -> list:
    """Tell each recipient (never the actor himself) that something happened."""
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person is None or person.pk in seen or (actor is not None and person.pk == actor.pk):
            continue
        seen.add(person.pk)
        rows.append(
            Notification(recipient=person, actor=actor, kind=kind, subject=subject[:300], url=url, comment=comment)
        )
    with transaction.atomic():  # the notifications and their e-mail exist together or not at all
        created = Notification.objects.bulk_create(rows)
        if any(row.pk is None for row in created):  # some back-ends do not return ids from bulk_create
            created = list(
                Notification.objects.filter(recipient__in=seen, kind=kind, subject=subject[:300], emailed_at=None)
                .select_related("recipient", "actor")
                .order_by("-id")[: len(rows)]
            )[::-1]
        mails = mail_queue(notifications=created)
    mail_ids = [mail.pk for mail in mails]
    if mail_ids:
        transaction.on_commit(lambda: send_queued_mail.enqueue(mail_ids))
    return created


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def mail_retry(*, user: User, mail_ids: Iterable[int]) -> list[int]:
    """Start unsent e-mails over (the admin's "retry now"): attempts back to zero, due now,
    and sent right after the commit. Sent ones are left alone, so nobody gets a message twice."""
    if not user.has_perm("notifications.change_outgoingmail"):
        raise PermissionDenied
    rows = OutgoingMail.objects.select_for_update().filter(pk__in=list(mail_ids))
    ids = list(rows.exclude(status=MailStatus.SENT).values_list("pk", flat=True))
    OutgoingMail.objects.filter(pk__in=ids).update(status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if ids:
        transaction.on_commit(lambda: send_queued_mail.enqueue(ids))
    return ids
