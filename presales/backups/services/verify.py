"""Checking an archive against its manifest (and extracting the checked members)."""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path, PurePosixPath

from presales.backups.services._common import ARCHIVE_FORMAT, CHUNK, MANIFEST, BackupError


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError(f"{archive}: no such archive.")
    try:
        return tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive} is not a readable backup archive ({error}).") from error


def backup_verify(archive: Path, *, extract_to: Path | None = None) -> dict:
    """Check the archive against its manifest: every member listed, present, of its size and
    checksum, and nothing else in it. With `extract_to`, the checked members are written
    there. Returns the manifest; raises BackupError saying what is wrong."""
    archive = Path(archive)
    try:
        with _open(archive) as tar:
            try:
                stream = tar.extractfile(tar.getmember(MANIFEST))
                if stream is None:  # a link or a folder under the manifest's name
                    raise BackupError(f"The manifest of {archive} cannot be read (it is not a file).")
                manifest = json.load(stream)
            except KeyError as error:
                raise BackupError(f"{archive} has no {MANIFEST}: it is not a Presales backup.") from error
            except (ValueError, tarfile.TarError, OSError, EOFError) as error:
                raise BackupError(f"The manifest of {archive} cannot be read ({error}).") from error
            if manifest.get("format") != ARCHIVE_FORMAT:
                raise BackupError(
                    f"{archive} has archive format {manifest.get('format')!r}; this version reads {ARCHIVE_FORMAT}."
                )
            expected = {entry["path"]: entry for entry in manifest.get("files", [])}
            seen: set[str] = set()
            for info in tar:
                if info.name == MANIFEST or info.isdir():
                    continue
                if not info.isfile() or not _safe_member(info.name):
                    raise BackupError(f"{archive} holds {info.name!r}, which a backup never does: refused.")
                entry = expected.get(info.name)
                if entry is None:
                    raise BackupError(f"{archive} holds {info.name}, which its manifest does not list: refused.")
                digest = hashlib.sha256()
                size = 0
                source = tar.extractfile(info)
                assert source is not None  # a regular file (checked above)
                destination = None
                if extract_to is not None:
                    path = Path(extract_to, *PurePosixPath(info.name).parts)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    destination = path.open("wb")
                try:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        if destination is not None:
                            destination.write(chunk)
                finally:
                    if destination is not None:
                        destination.close()
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    raise BackupError(
                        f"{info.name} in {archive} does not match its checksum: the archive is damaged. "
                        "Nothing was changed."
                    )
                seen.add(info.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            f"{archive} is damaged and cannot be read to the end ({error}). Nothing was changed."
        ) from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{archive} lacks {', '.join(missing[:5])}: the archive is incomplete. Nothing was changed.")
    if manifest.get("database", {}).get("file") not in seen:
        raise BackupError(f"{archive} holds no database. Nothing was changed.")
    return manifest
