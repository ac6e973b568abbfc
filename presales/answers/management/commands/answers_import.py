"""Import an answer library spreadsheet (编号, 分类, 问题/要求, 标准应答, 偏离, 偏离说明, 产品, 标签 —
headers by name, in any order): all or nothing, the same service as the page and the API.

    manage.py answers_import LIBRARY.xlsx [--user admin]
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from presales.answers import spreadsheet
from presales.lib.excel import SpreadsheetError
from presales.lib.services import ServiceError


class Command(BaseCommand):
    help = "Import answer library entries from an Excel workbook (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx file")
        parser.add_argument("--user", default="admin", help="the acting user (a presales engineer, manager or admin)")

    def handle(self, *args, path, user, **options):
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file {path!r}.")
        upload = SimpleUploadedFile(file.name, file.read_bytes())
        try:
            rows = spreadsheet.parse_import(upload)
            report = spreadsheet.answers_import(user=account, rows=rows, name=file.name)
        except (SpreadsheetError, ServiceError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", None) or [str(exc)])) from exc
        if not report.ok:
            for row, message in report.errors:
                self.stderr.write(f"row {row}: {message}")
            raise CommandError(f"Nothing was imported: {len(report.errors)} problem(s).")
        self.stdout.write(
            f"imported: {len(report.created)} added, {len(report.updated)} changed, "
            f"{len(report.proposed)} changes proposed"
        )
