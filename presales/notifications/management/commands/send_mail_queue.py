"""Send the queued e-mail that is due, including the retries of failed sends. Run it every
minute or few from cron or a scheduled worker (docs/security-ops.md); it is safe to run while
the app is sending too."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.notifications.models import MailStatus, OutgoingMail
from presales.notifications.outbox import send_due


class Command(BaseCommand):
    help = "Send the queued e-mail that is due, retrying failed sends with back-off."

    def handle(self, *args, **options):
        report = send_due()
        waiting = OutgoingMail.objects.filter(status__in=[MailStatus.QUEUED, MailStatus.FAILED]).count()
        given_up = OutgoingMail.objects.filter(status=MailStatus.GIVEN_UP).count()
        self.stdout.write(
            f"sent {report.sent}, failed {report.failed} (will retry), given up {report.given_up}, "
            f"not needed {report.cancelled}; waiting {waiting}, given up in total {given_up}"
        )
        if report.given_up:
            self.stderr.write(f"{report.given_up} e-mail(s) given up: see Outgoing e-mail in the admin.")
