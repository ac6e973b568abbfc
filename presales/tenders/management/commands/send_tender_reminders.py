"""Remind the bid team of each tender deadline three days and one day before (questions,
submission, opening, the bond's return). Run it from cron every hour (docs/tenders.md); a
second run tells nobody twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.tenders.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders of tender deadlines due within three days or one day."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"tender deadline reminders sent: {count}")
