"""Refresh the query planner's table statistics (presales.lib.db; daily from cron, docs/backup.md)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection

from presales.lib.db import refresh_statistics


class Command(BaseCommand):
    help = "Refresh the database's table statistics (SQLite ANALYZE, PostgreSQL ANALYZE) so queries keep their plans."

    def handle(self, *args, **options):
        start = time.monotonic()
        refresh_statistics()
        self.stdout.write(
            f"Statistics of the {connection.vendor} database refreshed in {time.monotonic() - start:.1f} s."
        )
