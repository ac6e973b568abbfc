"""Tell each owner, once a day, which of his library documents are due for review within two
weeks or overdue, and mark those past their date "review overdue" (search results flag
them). Run it once a day from cron (docs/backup.md, "scheduled jobs"); a second run the same
day tells nobody twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.knowledge.services import send_review_digest


class Command(BaseCommand):
    help = "Send library owners their review digest and mark overdue documents."

    def handle(self, *args, **options):
        notified, expired = send_review_digest()
        self.stdout.write(f"library review digests sent: {notified}; documents marked review overdue: {expired}")
