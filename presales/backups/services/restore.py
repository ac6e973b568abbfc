"""Restoring an archive: refuse what cannot work here, replace the database and the media
files, then check the result against the manifest."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from presales.backups.services._common import (
    MEDIA_PREFIX,
    BackupError,
    RestoreReport,
    _code_migrations,
    _connection,
    _media_files,
    _media_root,
    _sha256,
)
from presales.backups.services.postgres import _pg_tool_major
from presales.backups.services.vendors import _vendor
from presales.backups.services.verify import backup_verify


def restore_check(manifest: dict, *, alias: str = "default") -> list[str]:
    """Refuse a restore that cannot work here; return the migrations this code has beyond
    the backup (`manage.py migrate` applies them after the restore)."""
    connection = _connection(alias)
    _vendor(connection)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup is of a {vendor} database; the configured database is {connection.vendor}. "
            "Restore it into a database of the same kind. Nothing was changed."
        )
    dumped_by = manifest["database"].get("pg_dump_major")
    if vendor == "postgresql" and dumped_by and dumped_by > _pg_tool_major("pg_restore"):
        raise BackupError(
            f"This backup was written by pg_dump {dumped_by}; pg_restore here is {_pg_tool_major('pg_restore')}. "
            f"Install the PostgreSQL {dumped_by} client. Nothing was changed."
        )
    archived = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    code = _code_migrations()
    unknown = sorted(archived - code)
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"This backup was made by a newer version of the application (migrations {shown} are unknown here, "
            f"backup from version {manifest.get('app_version')}). Install that version first. Nothing was changed."
        )
    return [f"{app}.{name}" for app, name in sorted(code - archived)]


def _restore_media(root: Path, extracted: Path) -> int:
    """Make MEDIA_ROOT exactly the archive's files: write each one (through a temporary name,
    so a reader never sees half a file), then delete the files the backup did not have."""
    source = extracted / MEDIA_PREFIX.rstrip("/")
    root.mkdir(parents=True, exist_ok=True)
    wanted = set()
    count = 0
    if source.is_dir():
        for folder, _dirs, files in os.walk(source):
            for name in files:
                path = Path(folder) / name
                relative = path.relative_to(source)
                target = root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.restoring")
                shutil.copyfile(path, temporary)
                os.replace(temporary, target)
                wanted.add(relative.as_posix())
                count += 1
    for path, name in _media_files(root):
        if name[len(MEDIA_PREFIX) :] not in wanted:
            path.unlink()
    for folder, dirs, files in os.walk(root, topdown=False):  # empty folders left behind
        if Path(folder) != root and not dirs and not files:
            Path(folder).rmdir()
    return count


def _verify_restored(manifest: dict, connection, root: Path | None) -> None:
    problems = []
    _member, _dump, _restore, live_state = _vendor(connection)
    tables, migrations = live_state(connection)
    if migrations != manifest.get("migrations", {}):
        problems.append("the applied migrations differ from the backup's")
    for name, count in manifest["database"]["tables"].items():
        if tables.get(name) != count:
            problems.append(f"table {name} has {tables.get(name)} rows, the backup {count}")
    if root is not None and manifest.get("media_included"):
        files = {name: path for path, name in _media_files(root)}
        for entry in manifest["files"]:
            if not entry["path"].startswith(MEDIA_PREFIX):
                continue
            path = files.pop(entry["path"], None)
            if path is None:
                problems.append(f"{entry['path']} is missing")
            elif path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
                problems.append(f"{entry['path']} does not match its checksum")
        problems.extend(f"{name} is not in the backup" for name in sorted(files))
    if problems:
        raise BackupError("The restored data does not match the backup: " + "; ".join(problems[:10]))


def backup_restore(*, archive: Path, alias: str = "default") -> RestoreReport:
    """Replace the database and the uploaded files with the archive's, after checking it,
    and check the result. Stop the application and the task worker first."""
    connection = _connection(alias)
    member, _dump, restore, _state = _vendor(connection)
    archive = Path(archive)
    Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="presales-restore-", dir=settings.VAR_DIR) as work:
        extracted = Path(work)
        manifest = backup_verify(archive, extract_to=extracted)
        newer = restore_check(manifest, alias=alias)
        if manifest["database"]["file"] != member:
            raise BackupError(
                f"{archive} holds {manifest['database']['file']}, expected {member}. Nothing was changed."
            )
        report = RestoreReport(manifest=manifest, newer_code_migrations=newer)
        removed = restore(connection, extracted / member)
        report.removed_tables = removed or []
        root = _media_root()
        try:
            if root is not None and manifest.get("media_included"):
                report.files = _restore_media(root, extracted)
            _verify_restored(manifest, connection, root)
        except OSError as exc:  # disk full, permissions: the database is already the backup's
            raise BackupError(
                f"The database was restored, but the uploaded files could not be ({exc}). "
                "Free the disk or fix the permissions and restore again, or restore the safety backup to go back."
            ) from exc
    return report
