"""SQLite: a consistent copy through the online backup API, restored the same way; the row
counts and migrations are read from the copy itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from presales.backups.services._common import BackupError, _group_migrations, _quote


def _sqlite_state(db: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {name: db.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0] for name in tables}
    migrations = (
        db.execute("SELECT app, name FROM django_migrations").fetchall() if "django_migrations" in counts else []
    )
    return counts, _group_migrations(migrations)


def _sqlite_backup(connection, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    if connection.in_atomic_block:  # the backup API would wait forever for our own lock
        raise BackupError("A backup cannot run inside a transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy while others write
        return _sqlite_state(copy)
    finally:
        copy.close()


def _sqlite_restore(connection, source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)  # replaces every page of the configured database
    finally:
        copy.close()


def _sqlite_live_state(connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection.ensure_connection()
    return _sqlite_state(connection.connection)
