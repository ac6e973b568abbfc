"""The outgoing mail queue: e-mail is never sent from inside a business transaction and never
lost when the mail server is down.

- `mail_queue` writes one `OutgoingMail` row per message in the caller's transaction (the one
  that writes the notification), so the message exists exactly when the notification does.
- `send_due` sends the rows that are due, one by one: a failure is recorded on its row
  (error, attempt count) and does not stop the others. A failed row is tried again after the
  waits of `PRESALES_MAIL_RETRY_MINUTES` (1, 5, 30 min, 2 h, 12 h by default; the last one
  repeats) and given up after `PRESALES_MAIL_MAX_ATTEMPTS` attempts. Given-up rows are kept
  and listed in the admin, where "retry now" starts them over.
- It runs right after the commit (the `send_queued_mail` task) and from
  `manage.py send_mail_queue` (cron or a scheduled worker), which picks up every retry.

Concurrency: each attempt is claimed by one conditional UPDATE that also moves
`next_attempt_at` to the next retry, so two senders (the task and the command) never send the
same attempt, and a sender that dies mid-send leaves the row due again later, not lost. The
price is at-least-once delivery: a crash between the server's "accepted" and our write sends
that one message twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from presales.lib.forms import TEXT_LONG
from presales.notifications.models import MailStatus, Notification, OutgoingMail

logger = logging.getLogger(__name__)

WAITING = (MailStatus.QUEUED, MailStatus.FAILED)


def max_attempts() -> int:
    return max(1, int(settings.PRESALES_MAIL_MAX_ATTEMPTS))


def retry_delay(failed_attempts: int) -> timedelta:
    """The wait after the n-th failed attempt (n from 1); past the list its last entry repeats."""
    waits = list(settings.PRESALES_MAIL_RETRY_MINUTES) or [60]
    return timedelta(minutes=int(waits[min(failed_attempts, len(waits)) - 1]))


def _one_line(text: str) -> str:
    # A subject is a header: a line break in a user's text must not fail the send (or add headers).
    return " ".join(text.split())


def mail_queue(*, notifications: Iterable[Notification]) -> list[OutgoingMail]:
    """Queue the e-mail of each notification whose recipient has an address (the others are
    in-app only). Rendered now, in the site's language, so a retry sends the same text."""
    now = timezone.now()
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for notification in notifications:
            address = notification.recipient.email
            if not address:
                continue
            link = f"{settings.PRESALES_BASE_URL}{notification.url}" if notification.url else ""
            body = "\n\n".join(part for part in (notification.text, notification.comment, link) if part)
            subject = _one_line(f"[{_('Presales Workbench')}] {notification.text}")[:200]
            rows.append(
                OutgoingMail(
                    notification=notification,
                    recipient=address,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    subject=subject,
                    body=body[:TEXT_LONG],
                    status=MailStatus.QUEUED,
                    next_attempt_at=now,
                )
            )
    return OutgoingMail.objects.bulk_create(rows)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    cancelled: int = 0

    @property
    def tried(self) -> int:
        return self.sent + self.failed + self.given_up


def _give_up_exhausted(due) -> int:
    """Rows left waiting with no attempt left (a sender died on the last one, or the setting
    was lowered): give them up now, keeping their last error."""
    return due.filter(attempts__gte=max_attempts()).update(status=MailStatus.GIVEN_UP, next_attempt_at=None)


def _claim(mail: OutgoingMail, now) -> bool:
    """Take this attempt of the row, or learn that another sender took it."""
    return bool(
        OutgoingMail.objects.filter(
            pk=mail.pk, attempts=mail.attempts, status__in=WAITING, next_attempt_at__lte=now
        ).update(
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            next_attempt_at=now + retry_delay(mail.attempts + 1),
        )
    )


class _Connection:
    """One mail connection for a run, opened on first use and dropped after a failure so the
    next message starts afresh (a broken SMTP session must not fail every message after it)."""

    def __init__(self):
        self.backend = None

    def send(self, message: EmailMessage) -> None:
        if self.backend is None:
            self.backend = mailers.default
            self.backend.open()
        if self.backend.send_messages([message]) != 1:
            raise RuntimeError("the mail server did not accept the message")

    def drop(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                pass
            self.backend = None


def send_due(*, ids: Iterable[int] | None = None) -> SendReport:
    """Send every due row (only those of `ids` when given), one by one."""
    report = SendReport()
    now = timezone.now()
    due = OutgoingMail.objects.filter(status__in=WAITING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    report.given_up += _give_up_exhausted(due)
    rows = list(due.select_related("notification").order_by("next_attempt_at", "id"))
    connection = _Connection()
    try:
        for mail in rows:
            _send_one(mail, connection, report)
    finally:
        connection.drop()
    return report


def _send_one(mail: OutgoingMail, connection: _Connection, report: SendReport) -> None:
    now = timezone.now()
    if not _claim(mail, now):
        return
    attempt = mail.attempts + 1
    if mail.notification is not None and mail.notification.emailed_at is not None:
        # Marked e-mailed by other means (the demo data tells its people in the app only).
        OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.CANCELLED, next_attempt_at=None)
        report.cancelled += 1
        return
    message = EmailMessage(mail.subject, mail.body, mail.from_email, [mail.recipient])
    try:
        connection.send(message)
    except Exception as error:  # noqa: BLE001 - any failure of one message is recorded on its row
        connection.drop()
        text = f"{type(error).__name__}: {error}"[:2000]
        if attempt >= max_attempts():
            # Only this attempt's row: an admin's "retry now" meanwhile (attempts back to 0) stands.
            OutgoingMail.objects.filter(pk=mail.pk, attempts=attempt).update(
                status=MailStatus.GIVEN_UP, next_attempt_at=None, last_error=text
            )
            report.given_up += 1
            logger.error("E-mail %s to %s given up after %s attempts: %s", mail.pk, mail.recipient, attempt, text)
        else:
            OutgoingMail.objects.filter(pk=mail.pk, attempts=attempt).update(status=MailStatus.FAILED, last_error=text)
            report.failed += 1
            logger.warning(
                "E-mail %s to %s failed (attempt %s of %s), retried after %s: %s",
                mail.pk,
                mail.recipient,
                attempt,
                max_attempts(),
                now + retry_delay(attempt),
                text,
            )
        return
    sent_at = timezone.now()
    OutgoingMail.objects.filter(pk=mail.pk).update(status=MailStatus.SENT, sent_at=sent_at, next_attempt_at=None)
    if mail.notification_id:
        Notification.objects.filter(pk=mail.notification_id, emailed_at__isnull=True).update(emailed_at=sent_at)
    report.sent += 1
