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
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

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


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Database: SQLite
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Database: PostgreSQL
# ---------------------------------------------------------------------------
def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found: install the PostgreSQL client of the server's major version "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


def _pg_env(connection) -> dict[str, str]:
    """The connection settings as PG* variables: the password never shows in a process list."""
    params = connection.settings_dict
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGDATABASE", params.get("NAME")),
    ):
        if value:
            env[variable] = str(value)
    options = params.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")
    return result


def _pg_tool_major(name: str) -> int:
    """The major version of a client tool ("pg_dump (PostgreSQL) 15.20 (Debian …)" → 15)."""
    output = _run([_pg_tool(name), "--version"], {**os.environ}, f"{name} --version").stdout
    for word in output.split():
        if word[:1].isdigit():
            return int(word.split(".")[0])
    raise BackupError(f"Cannot read the version of {name} from {output.strip()!r}.")


def pg_dump_command(connection, target: Path, snapshot: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump's arguments and environment (the connection settings are in the environment)."""
    command = [
        _pg_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--snapshot={snapshot}",
        f"--file={target}",
    ]
    return command, _pg_env(connection)


def pg_restore_command(connection, dump: Path) -> tuple[list[str], dict[str, str]]:
    env = _pg_env(connection)
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
        str(dump),
    ]
    return command, env


def _pg_state(cursor) -> tuple[dict[str, int], dict[str, list[str]]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = cursor.fetchall()
    return counts, _group_migrations(migrations)


def _pg_backup(connection, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Dump and count in one snapshot: this transaction exports it, pg_dump uses it."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    tool = _pg_tool_major("pg_dump")
    if tool < server:
        raise BackupError(
            f"pg_dump {tool} cannot dump a PostgreSQL {server} server: install the PostgreSQL {server} client."
        )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = _pg_state(cursor)
        command, env = pg_dump_command(connection, target, snapshot)
        _run(command, env, "pg_dump")
    return state


def _pg_dump_tables(dump: Path, env: dict[str, str]) -> set[str]:
    listing = _run([_pg_tool("pg_restore"), "--list", str(dump)], env, "pg_restore --list").stdout
    tables = set()
    for line in listing.splitlines():
        # "215; 1259 16390 TABLE public accounts_user postgres"
        parts = line.split(";", 1)[-1].split()
        if len(parts) >= 5 and parts[2] == "TABLE" and parts[3] != "DATA":
            tables.add(parts[4])
    return tables


def _pg_restore(connection, dump: Path) -> list[str]:
    """pg_restore in one transaction (a failure leaves the database as it was), then drop the
    tables the backup did not have (made by later migrations), so the database is the backup's."""
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    command, env = pg_restore_command(connection, dump)
    wanted = _pg_dump_tables(dump, env)
    connection.close()  # our own session must not hold a lock pg_restore waits for
    _run(command, env, "pg_restore")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        extra = sorted({row[0] for row in cursor.fetchall()} - wanted)
        for name in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {_quote(name)} CASCADE")
    return extra


def _pg_live_state(connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _pg_state(cursor)


VENDORS = {
    "sqlite": (SQLITE_MEMBER, _sqlite_backup, _sqlite_restore, _sqlite_live_state),
    "postgresql": (PG_MEMBER, _pg_backup, _pg_restore, _pg_live_state),
}


def _vendor(connection) -> tuple:
    if connection.vendor not in VENDORS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return VENDORS[connection.vendor]


# ---------------------------------------------------------------------------
# Backup
# ---------------------------------------------------------------------------
def _versions(connection) -> dict:
    if connection.vendor == "postgresql":
        return {"server_major": connection.pg_version // 10000, "pg_dump_major": _pg_tool_major("pg_dump")}
    return {"sqlite_version": sqlite3.sqlite_version}


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


# ---------------------------------------------------------------------------
# Verify
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------
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
