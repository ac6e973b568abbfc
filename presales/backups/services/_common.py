"""What the backup modules share: the archive's layout (member names, format), BackupError,
the restore report, checksums, the media files on disk and the migrations. Private to the
services package; import from presales.backups.services."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.pgdump"
MEDIA_PREFIX = "media/"
ARCHIVE_PREFIX = "presales-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why and what to do."""


@dataclass
class RestoreReport:
    manifest: dict
    files: int = 0
    removed_tables: list[str] = field(default_factory=list)
    newer_code_migrations: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(path: Path, member: str) -> dict:
    return {"path": member, "size": path.stat().st_size, "sha256": _sha256(path)}


def app_version() -> str:
    try:
        return metadata.version("presales-workbench")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def _connection(alias: str = "default"):
    return connections[alias]


def _media_root() -> Path | None:
    """The folder of uploaded files, or None when uploads are not on local disk (S3)."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT with its archive name (symbolic links are not
    followed: an upload is never one)."""
    found: list[tuple[Path, str]] = []
    if not root.is_dir():
        return found
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            found.append((path, MEDIA_PREFIX + path.relative_to(root).as_posix()))
    return found


def _code_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _group_migrations(rows) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for app, name in sorted(rows):
        grouped.setdefault(app, []).append(name)
    return grouped


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
