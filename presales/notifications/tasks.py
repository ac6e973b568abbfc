"""Background work of notifications (Django's task framework; inline by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _


@task
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail each notification to its recipient (those with an address), once."""
    from presales.notifications.models import Notification

    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
            "recipient", "actor"
        )
    )
    messages = []
    rows = [row for row in rows if row.recipient.email]  # no address: in-app only
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            link = f"{settings.PRESALES_BASE_URL}{row.url}" if row.url else ""
            body = "\n\n".join(part for part in (row.text, row.comment, link) if part)
            subject = f"[{_('Presales Workbench')}] {row.text}"[:200]
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [row.recipient.email]))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
    return sent
