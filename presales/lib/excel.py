"""One export/import helper for spreadsheets (openpyxl), used by every app.

Exports write user text as text: a value that starts like a formula (=, +, -, @, tab,
carriage return) is stored as a string cell marked as text, so a spreadsheet never runs
it. Only the formulas the product writes itself (`Formula`) stay formulas. Amounts are
written as numbers (`money(x)`, `percent(x)`) with a number format that shows them as the
pages do (¥1,234.00, 39.00%), so a sheet still sums them.
Imports go through the shared upload check (type by content, macros, archive size) and
count every row they read, empty ones too, toward their limit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from presales.lib.money import EXCEL_PERCENT, EXCEL_YUAN

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows a list export reads from the database at a time (`queryset.iterator(chunk_size=…)`):
# a row of a list with its related rows is some 5 KB of Python objects, so a chunk holds ~2.5 MB.
EXPORT_CHUNK = 500


class Formula(str):
    """A formula the product writes itself (e.g. `=SUM(J5:J9)`): the only text written as one."""


class Money(Decimal):
    """An amount in CNY: written as a number, shown ¥1,234.00 (presales.lib.money.EXCEL_YUAN)."""


class Percent(Decimal):
    """A percentage already in percent (39 = 39 %): written as a number, shown 39.00%."""


def money(value) -> Money | None:
    """`value` as a Money cell, None (an empty cell) for no value."""
    return None if value is None or value == "" else Money(value)


def percent(value) -> Percent | None:
    return None if value is None or value == "" else Percent(value)


def put(sheet, row: int, column: int, value, number_format: str | None = None):
    """Write one cell; user text that looks like a formula is written as text. Amounts stay
    numbers: `Money`/`Percent` values (or `number_format`) only choose how the sheet shows them."""
    if isinstance(value, Formula):
        cell = sheet.cell(row=row, column=column, value=str(value))
    else:
        cell = sheet.cell(row=row, column=column, value=value)
    return _shape(cell, value, number_format)


def _shape(cell, value, number_format: str | None = None):
    """The text and number rules of `put`, for a cell already holding `value`."""
    if not isinstance(value, Formula) and isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format is None and isinstance(value, Money):
        number_format = EXCEL_YUAN
    elif number_format is None and isinstance(value, Percent):
        number_format = EXCEL_PERCENT
    if number_format:
        cell.number_format = number_format
    return cell


def build_workbook(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for column, header in enumerate(headers, start=1):
        put(sheet, 1, column, header).font = Font(bold=True)
    widths = [len(str(h)) * 2 + 2 for h in headers]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, number, column, value)
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


# Exact types a streamed row writes as they are (subclasses such as Money, Formula and dates
# with their own rules go through `_stream_cell`).
_PLAIN_TYPES = frozenset({str, int, float, bool, Decimal, date, datetime})


def _stream_cell(sheet, value, bold: bool = False):
    if isinstance(value, Promise):  # a translated label (choices): its text in the active language
        value = str(value)
    cell = WriteOnlyCell(sheet, value=str(value) if isinstance(value, Formula) else value)
    if bold:
        cell.font = Font(bold=True)
    return _shape(cell, value)


def _stream_value(sheet, value):
    """A value of a streamed row: as it is when the sheet may write it plainly (openpyxl then
    reuses one cell for the row), a cell of its own when it needs a rule of `put` (text that
    looks like a formula, an amount's number format, a translated label)."""
    if value is None or (
        type(value) in _PLAIN_TYPES and not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
    ):
        return value
    return _stream_cell(sheet, value)


def xlsx_stream_response(
    filename: str,
    title: str,
    headers: list[str],
    rows: Iterable[list],
    *,
    widths: list[int] | None = None,
    footer: list | None = None,
) -> FileResponse:
    """A list export of any length: a write-only workbook fed row by row from `rows` (give it
    `queryset.iterator()`), spooled to a temporary file, so memory stays flat however many
    rows the list has. The same cell rules as `put`; `footer` (e.g. a totals row) in bold."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    widths = widths or [max(10, len(str(h)) * 2 + 2) for h in headers]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_stream_cell(sheet, header, bold=True) for header in headers])
    for row in rows:
        sheet.append([_stream_value(sheet, value) for value in row])
    if footer is not None:
        sheet.append([_stream_cell(sheet, value, bold=True) for value in footer])
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


class SpreadsheetError(Exception):
    pass


def length_errors(row: dict, limits: dict[str, tuple[str, int]]) -> list[str]:
    """Row errors for cells longer than their column holds (`limits`: key → (header, limit)):
    an import refuses such a row by name, it never cuts the text or fails on save."""
    from presales.lib.services import too_long_message

    return [
        too_long_message(header, row[key], limit)
        for key, (header, limit) in limits.items()
        if len(row.get(key) or "") > limit
    ]


def read_rows(upload, columns: dict[str, str], *, max_rows: int | None = None) -> list[tuple[int, dict]]:
    """Read the first sheet: row 1 holds headers, matched to `columns` (header → key).

    Returns (row number, {key: value}) for each non-empty row. Raises SpreadsheetError with
    a message a user can act on when the file is not a readable .xlsx, lacks a column, or
    has more rows than `max_rows` (default `PRESALES_IMPORT_MAX_ROWS`; every row read counts,
    so a sheet of a million empty rows is refused after the limit, not read to the end).
    """
    from django import forms
    from django.conf import settings

    from presales.lib.uploads import SPREADSHEET_EXTENSIONS, check_upload

    max_rows = max_rows or settings.PRESALES_IMPORT_MAX_ROWS
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise SpreadsheetError(_("Upload an Excel workbook (.xlsx). Older .xls files: save as .xlsx first."))
    try:
        check_upload(upload, SPREADSHEET_EXTENSIONS)
    except forms.ValidationError as exc:
        raise SpreadsheetError(exc.messages[0]) from exc
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
        if number - 1 > max_rows:
            workbook.close()
            raise SpreadsheetError(
                _(
                    "Too many rows: at most %(max)d per import, empty rows included. "
                    "Delete the unused rows below the data or split the file."
                )
                % {"max": max_rows}
            )
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {}
        for key, index in positions.items():
            value = values[index] if index < len(values) else None
            row[key] = "" if value is None else str(value).strip()
        rows.append((number, row))
    workbook.close()
    return rows
