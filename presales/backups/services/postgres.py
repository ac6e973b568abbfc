"""PostgreSQL: pg_dump -Fc in the snapshot of the transaction that counts the rows, and
pg_restore --clean --if-exists in one transaction. The connection settings go through the
PG* environment variables, so a password never reaches a command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import transaction

from presales.backups.services._common import BackupError, _group_migrations, _quote


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
