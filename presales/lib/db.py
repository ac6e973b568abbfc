"""Database upkeep the query planner needs: fresh table statistics.

SQLite keeps no statistics until ANALYZE runs, and without them it may drive a join from
the wrong table (the approvals badge counted from every pending approval of the company
instead of from the user's own assignments). PostgreSQL's autovacuum analyzes in the
background, but not right after a bulk load. `refresh_statistics` runs after every
`migrate`, at the end of the demo load and from `manage.py refresh_db_statistics` (daily,
docs/backup.md)."""

from __future__ import annotations

from django.db import connections

# Rows SQLite samples per index (PRAGMA analysis_limit): approximate statistics in a
# fraction of a second whatever the table's size.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
