"""Replace the database and the uploaded files with a backup's (docs/backup.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from presales.backups.services import (
    BackupError,
    backup_create,
    backup_restore,
    backup_verify,
    default_backup_dir,
    restore_check,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: check the archive, take a safety backup of the current "
        "state, replace the database and the uploaded files, and check the result. Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="overwrite without asking")
        parser.add_argument(
            "--verify-only", action="store_true", help="only check the archive against its manifest; change nothing"
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_true",
            help="do not back up the current state first (it is what makes a restore undoable)",
        )

    def handle(self, *args, archive, yes=False, verify_only=False, no_safety_backup=False, **options):
        try:
            manifest = backup_verify(archive)
            database = manifest["database"]
            files = sum(1 for entry in manifest["files"] if entry["path"].startswith("media/"))
            rows = sum(database["tables"].values())
            self.stdout.write(
                f"{archive}: {database['vendor']} backup of {manifest['created_at']} "
                f"(version {manifest['app_version']}), {len(database['tables'])} tables, {rows} rows, "
                f"{files} uploaded file(s); every checksum matches."
            )
            if verify_only:
                return
            restore_check(manifest)
        except BackupError as error:
            raise CommandError(str(error)) from error

        name = connection.settings_dict["NAME"]
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("Restoring overwrites the database and the uploaded files: add --yes to confirm.")
            answer = input(
                f"This replaces the database {name} and every uploaded file with the backup's. "
                "Stop the application and the task worker first. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")

        try:
            if not no_safety_backup:
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
                safety = backup_create(output=default_backup_dir() / f"presales-before-restore-{stamp}.tar.gz")
                self.stdout.write(f"The current state is saved in {safety} (restore it to undo).")
            report = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database {name} and {report.files} uploaded file(s); checked against the manifest."
            )
        )
        if report.removed_tables:
            self.stdout.write(f"Dropped tables the backup did not have: {', '.join(report.removed_tables)}.")
        if report.newer_code_migrations:
            self.stdout.write(
                f"This version has {len(report.newer_code_migrations)} migrations the backup had not: "
                "run `manage.py migrate` now."
            )
