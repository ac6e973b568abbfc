"""Writing an archive (database copy, media files, manifest), checked before it gets its
final name, and pruning the oldest archives of a folder."""

from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from presales.backups.services._common import (
    ARCHIVE_FORMAT,
    ARCHIVE_PREFIX,
    ARCHIVE_SUFFIX,
    MANIFEST,
    BackupError,
    _connection,
    _entry,
    _media_files,
    _media_root,
    app_version,
)
from presales.backups.services.vendors import _vendor, _versions
from presales.backups.services.verify import backup_verify


def default_backup_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def backup_create(*, output: Path | None = None, keep: int | None = None, alias: str = "default") -> Path:
    """Write one archive of the database and the uploaded files; return its path.

    `output` is a folder (the archive gets a dated name in it) or a file name ending in
    .tar.gz; `keep` deletes the oldest dated archives of that folder beyond that many."""
    connection = _connection(alias)
    member, dump, _restore, _state = _vendor(connection)
    created = timezone.now()
    output = Path(output) if output else default_backup_dir()
    if output.name.endswith(ARCHIVE_SUFFIX):
        target = output
    else:
        stamp = timezone.localtime(created).strftime("%Y%m%d-%H%M%S-%f")
        target = output / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="presales-backup-", dir=target.parent) as work:
        database_file = Path(work) / Path(member).name
        tables, migrations = dump(connection, database_file)
        media = _media_root()
        media_files = _media_files(media) if media is not None else []
        entries = [_entry(database_file, member)] + [_entry(path, name) for path, name in media_files]
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": created.isoformat(),
            "app_version": app_version(),
            "database": {"vendor": connection.vendor, "file": member, "tables": tables, **_versions(connection)},
            "migrations": migrations,
            "media_included": media is not None,
            "files": entries,
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=member, recursive=False)
            for path, name in media_files:
                archive.add(path, arcname=name, recursive=False)
        os.chmod(partial, 0o600)  # it holds every cost price and customer: not for other users
        try:
            # A file changed between its checksum and its copy would make a damaged archive.
            backup_verify(partial)
        except BackupError as error:
            partial.unlink()
            raise BackupError(
                f"The backup could not be checked, no archive was written ({error}); run it again."
            ) from error
        os.replace(partial, target)  # a half-written archive never carries the final name
    if keep:
        prune(target.parent, keep)
    return target


def prune(folder: Path, keep: int) -> list[Path]:
    archives = sorted(folder.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed
