"""Rebuild the answer matcher's index from the approved entries (after the synonym groups
changed, or a bulk load that bypassed the services)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from presales.answers import indexing


class Command(BaseCommand):
    help = "Rebuild the answer matcher's index."

    def handle(self, *args, **options):
        self.stdout.write(f"answers indexed: {indexing.rebuild()}")
