"""Which functions back up, restore and count a database of each vendor."""

from __future__ import annotations

import sqlite3

from presales.backups.services._common import PG_MEMBER, SQLITE_MEMBER, BackupError
from presales.backups.services.postgres import _pg_backup, _pg_live_state, _pg_restore, _pg_tool_major
from presales.backups.services.sqlite import _sqlite_backup, _sqlite_live_state, _sqlite_restore

VENDORS = {
    "sqlite": (SQLITE_MEMBER, _sqlite_backup, _sqlite_restore, _sqlite_live_state),
    "postgresql": (PG_MEMBER, _pg_backup, _pg_restore, _pg_live_state),
}


def _vendor(connection) -> tuple:
    if connection.vendor not in VENDORS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return VENDORS[connection.vendor]


def _versions(connection) -> dict:
    if connection.vendor == "postgresql":
        return {"server_major": connection.pg_version // 10000, "pg_dump_major": _pg_tool_major("pg_dump")}
    return {"sqlite_version": sqlite3.sqlite_version}
