"""Write one archive of the database and the uploaded files (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from presales.backups.services import BackupError, backup_create, default_backup_dir


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one verified .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=f"a folder for a dated archive, or a file name ending in .tar.gz (default: {default_backup_dir()})",
        )
        parser.add_argument(
            "--keep", type=int, metavar="N", help="then delete the oldest dated archives of that folder beyond N"
        )

    def handle(self, *args, output=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more.")
        try:
            archive = backup_create(output=output, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
        if options["verbosity"] > 1:
            self.stdout.write(f"{archive.stat().st_size} bytes, checked against its manifest")
