"""Sending notifications: a row per recipient for the in-app list, and an e-mail sent by a
background task once the transaction commits (inline with the default task back-end)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from presales.notifications.models import Notification
from presales.notifications.tasks import email_notifications


def notify(*, recipients: Iterable, kind: str, actor, subject: str, url: str = "", comment: str = "") -> list:
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
    created = Notification.objects.bulk_create(rows)
    ids = [row.pk for row in created if row.pk]
    if not ids:  # some back-ends do not return ids from bulk_create
        ids = list(
            Notification.objects.filter(recipient__in=seen, kind=kind, subject=subject[:300], emailed_at=None)
            .order_by("-id")
            .values_list("pk", flat=True)[: len(rows)]
        )
    if ids:
        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return created


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
