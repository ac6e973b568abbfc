"""Tell each owner, once a day, which of his approved library answers are due for review
within two weeks or overdue. Run it once a day from cron, beside send_library_review_digest;
a second run the same day tells nobody twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.answers.services import send_review_digest


class Command(BaseCommand):
    help = "Send answer library owners their review digest."

    def handle(self, *args, **options):
        notified = send_review_digest()
        self.stdout.write(f"answer review digests sent: {notified}")
