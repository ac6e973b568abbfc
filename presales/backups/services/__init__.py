"""Backup and restore of everything the product keeps: the database and the uploaded files.

One archive (`presales-backup-<time>.tar.gz`) holds

- `database/db.sqlite3` — SQLite, copied by its online backup API (a consistent copy while
  the app runs), or `database/db.pgdump` — PostgreSQL, `pg_dump -Fc`;
- `media/…` — every file under MEDIA_ROOT;
- `manifest.json` — when, which app version, which database vendor, the applied Django
  migrations, the row count of every table, and the sha256 and size of every other member.

The row counts and migrations are read in the same snapshot as the copy (SQLite: from the
copy itself; PostgreSQL: `pg_dump --snapshot` of the transaction that counts), so a restore
can be verified against them exactly, even when the backup ran while people worked.

A restore refuses before changing anything when the archive is damaged (a member missing,
added, or with another checksum), was made from another database vendor, or holds migrations
this version of the code does not know. It then replaces the database (SQLite: backup API
into the configured database; PostgreSQL: `pg_restore --clean --if-exists` in one
transaction, then drops the tables the backup did not have) and the files (MEDIA_ROOT ends up
exactly as in the archive), and verifies both again. The command takes a safety backup of the
current state first, so a restore can itself be undone.

Passwords never reach a command line: pg_dump and pg_restore get the connection settings
through the PG* environment variables.

The code, one module per sub-domain: backup (create, prune), verify (the archive against its
manifest), restore (check, replace, check again), sqlite and postgres (each vendor's copy,
restore and row counts, chosen in vendors), and _common (the archive's layout, BackupError,
RestoreReport and the small helpers they share). Import from here.
"""

from presales.backups.services._common import (
    ARCHIVE_FORMAT,
    ARCHIVE_PREFIX,
    ARCHIVE_SUFFIX,
    CHUNK,
    MANIFEST,
    MEDIA_PREFIX,
    PG_MEMBER,
    SQLITE_MEMBER,
    BackupError,
    RestoreReport,
    app_version,
)
from presales.backups.services.backup import backup_create, default_backup_dir, prune
from presales.backups.services.postgres import pg_dump_command, pg_restore_command
from presales.backups.services.restore import backup_restore, restore_check
from presales.backups.services.vendors import VENDORS
from presales.backups.services.verify import backup_verify

__all__ = [
    "ARCHIVE_FORMAT",
    "ARCHIVE_PREFIX",
    "ARCHIVE_SUFFIX",
    "CHUNK",
    "MANIFEST",
    "MEDIA_PREFIX",
    "PG_MEMBER",
    "SQLITE_MEMBER",
    "VENDORS",
    "BackupError",
    "RestoreReport",
    "app_version",
    "backup_create",
    "backup_restore",
    "backup_verify",
    "default_backup_dir",
    "pg_dump_command",
    "pg_restore_command",
    "prune",
    "restore_check",
]
