"""One export/import helper for spreadsheets (openpyxl), used by every app."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_workbook(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) * 2 + 2 for h in headers]
    for row in rows:
        sheet.append(list(row))
        for i, value in enumerate(row):
            widths[i] = min(60, max(widths[i], len(str(value or "")) * 2))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(build_workbook(title, headers, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SpreadsheetError(Exception):
    pass


def read_rows(upload, columns: dict[str, str], *, max_rows: int = 5000) -> list[tuple[int, dict]]:
    """Read the first sheet: row 1 holds headers, matched to `columns` (header → key).

    Returns (row number, {key: value}) for each non-empty row. Raises SpreadsheetError with
    a message a user can act on when the file is not a readable .xlsx or lacks a column.
    """
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise SpreadsheetError(_("Upload an Excel workbook (.xlsx). Older .xls files: save as .xlsx first."))
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise SpreadsheetError(
            _("The file could not be read as an Excel workbook (%(error)s).") % {"error": exc}
        ) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(iterator)]
    except StopIteration as exc:
        raise SpreadsheetError(_("The workbook is empty.")) from exc
    positions = {}
    for label, key in columns.items():
        if label in header:
            positions[key] = header.index(label)
    required = next(iter(columns))
    if columns[required] not in positions:
        raise SpreadsheetError(
            _("Column “%(column)s” not found in the first row. Expected columns: %(all)s.")
            % {"column": required, "all": "、".join(columns)}
        )
    rows = []
    for number, values in enumerate(iterator, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(rows) >= max_rows:
            raise SpreadsheetError(_("Too many rows: at most %(max)d per import.") % {"max": max_rows})
        row = {}
        for key, index in positions.items():
            value = values[index] if index < len(values) else None
            row[key] = "" if value is None else str(value).strip()
        rows.append((number, row))
    workbook.close()
    return rows
