"""The planner's statistics (presales.lib.db): refreshed by migrate, the demo load and a
command, so that on SQLite a join is driven from its selective index (the approvals badge
from the user's own assignments, not from every pending approval of the company — seen in
bench/ at 30,000 approvals)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection


def analyzed_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_command_refreshes_the_statistics_of_filled_tables(rep, manager, capsys):
    call_command("refresh_db_statistics")
    assert "accounts_user" in analyzed_tables()
    assert "refreshed" in capsys.readouterr().out
