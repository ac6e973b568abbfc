"""Remind each person of the follow-ups he set that are due today (an in-app notification and
its e-mail through the outbox). Run it once a day from cron, early in the morning (README,
"scheduled jobs"); running it again, or late, sends nothing twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.opportunities.services.activities import follow_up_remind_due


class Command(BaseCommand):
    help = "Remind people of the follow-ups due today (once per follow-up)."

    def handle(self, *args, **options):
        sent = follow_up_remind_due()
        self.stdout.write(f"follow-up reminders sent: {sent}")
