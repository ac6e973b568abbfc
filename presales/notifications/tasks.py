"""Background work of notifications (Django's task framework; inline by default)."""

from __future__ import annotations

from django.tasks import task


@task
def send_queued_mail(mail_ids: list[int]) -> dict:
    """Send these queued e-mails now (right after the commit that queued them). A failure is
    recorded on its row and retried later by `manage.py send_mail_queue`; nothing is raised,
    so one dead mail server never fails the task or the other messages."""
    from presales.notifications.outbox import send_due

    report = send_due(ids=mail_ids)
    return {"sent": report.sent, "failed": report.failed, "given_up": report.given_up}
