"""Answers written back into the buyer's own response table (.docx table or .xlsx sheet).

The buyer's file is opened, only the cells the locators name are written, and the file is
saved again: everything else (layout, merged cells, styles, column widths, other sheets, data
validation, the paragraphs around a table) stays as the buyer made it. Rules, and why:
- A cell takes the text in its first run with text (else its first run), so the cell's own
  font and paragraph style apply.
- Empty values are not written: the buyer's text in a cell is never erased by "nothing".
- A 标准技术参数表 has no 投标响应 column, only 投标人保证值: a row without a guarantee value
  writes its response there.
- Excel: text that starts like a formula (= + - @) is written as text (presales.lib.excel.put),
  a locator that falls inside a merged range writes its top-left cell; openpyxl keeps styles,
  merges, widths and validations (not images or charts: a response table has none).
- Characters XML cannot hold (control characters) are dropped rather than failing the save.
- Rows whose locator is a paragraph have no cell to fill and are left out; a locator the file
  does not have (another file, an edited file) refuses the whole write with a SpecError.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from presales.lib.excel import put
from presales.responses.specs.extract import BROKEN_STRUCTURE, SpecError, body_blocks, table_is_sane

logger = logging.getLogger(__name__)


@dataclass
class FilledRow:
    locator: dict
    response: str
    deviation: str
    note: str
    guarantee: str = ""


def _values(row: FilledRow) -> list[tuple[str, str]]:
    locator = row.locator
    values = [("response", row.response), ("deviation", row.deviation), ("note", row.note)]
    guarantee = row.guarantee
    if not guarantee and locator.get("response_col") is None:
        guarantee = row.response
    values.append(("guarantee", guarantee))
    return [
        (role, ILLEGAL_CHARACTERS_RE.sub("", value or ""))
        for role, value in values
        if value and locator.get(f"{role}_col") is not None
    ]


def write_back(file, name: str, rows: list[FilledRow]) -> bytes:
    """The buyer's file (`file`: binary file object or bytes) with the rows' cells filled."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    data = file if isinstance(file, bytes) else _read(file)
    if extension not in ("docx", "xlsx"):
        raise SpecError(_("Only Word (.docx) and Excel (.xlsx) response tables can be filled in."))
    if not zipfile.is_zipfile(BytesIO(data)):
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension})
    try:
        opened = _open(data, extension)
    except Exception as exc:  # python-docx/openpyxl raise many types for a damaged file
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension}) from exc
    try:
        return _fill_docx(opened, rows) if extension == "docx" else _fill_xlsx(opened, rows)
    except SpecError:
        raise
    except BROKEN_STRUCTURE as exc:  # a crafted or damaged structure inside a file that opened
        logger.warning("response table %s not writable: %s: %s", name, type(exc).__name__, exc, exc_info=True)
        raise SpecError(_("The file is damaged or is not a real %(kind)s file.") % {"kind": "." + extension}) from exc


def _read(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _open(data: bytes, extension: str):
    if extension == "docx":
        from docx import Document

        return Document(BytesIO(data))
    from openpyxl import load_workbook

    return load_workbook(BytesIO(data))


def _mismatch(locator: dict) -> SpecError:
    """The refusal, naming the place as a person counts it (table 1, row 3; a sheet by name)."""
    try:
        if locator.get("kind") == "sheet":
            where, row = str(locator.get("sheet")), int(locator.get("row"))
        else:
            where, row = _("table %(number)d") % {"number": int(locator.get("table")) + 1}, int(locator.get("row")) + 1
    except (TypeError, ValueError):
        return SpecError(_("The response table does not match this file: extract its clauses again."))
    return SpecError(
        _("The response table does not match this file (%(where)s, row %(row)d): extract its clauses again.")
        % {"where": where, "row": row}
    )


def _fill_docx(document, rows: list[FilledRow]) -> bytes:
    tables = [block for kind, _index, block in body_blocks(document) if kind == "table"]
    for row in rows:
        locator = row.locator or {}
        if locator.get("kind") != "table":
            continue
        try:
            table = tables[int(locator["table"])]
            if not table_is_sane(table):
                raise ValueError("table grid out of bounds")
            row_index = int(locator["row"])
            if not 0 <= row_index < len(table.rows):
                raise IndexError(row_index)
            for role, value in _values(row):
                column = int(locator[f"{role}_col"])
                if not 0 <= column < len(table.columns):
                    raise IndexError(column)
                _set_text(table.cell(row_index, column), value)
        except (IndexError, KeyError, TypeError, ValueError) as exc:
            raise _mismatch(locator) from exc
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_text(cell, text: str) -> None:
    """The cell's text, written into its first run that holds text (its font kept), else its
    first run; other runs and paragraphs of the cell removed. Newlines become line breaks."""
    paragraphs = cell.paragraphs
    first = paragraphs[0]
    for paragraph in paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    runs = first.runs
    keep = next((run for run in runs if run.text.strip()), runs[0] if runs else None)
    for run in runs:
        if run is not keep:
            run._r.getparent().remove(run._r)
    (keep or first.add_run()).text = text


def _fill_xlsx(workbook, rows: list[FilledRow]) -> bytes:
    for row in rows:
        locator = row.locator or {}
        if locator.get("kind") != "sheet":
            continue
        try:
            sheet = workbook[str(locator["sheet"])]
            row_number = int(locator["row"])
            if not 1 <= row_number <= max(sheet.max_row, 1):
                raise IndexError(row_number)
            for role, value in _values(row):
                column = int(locator[f"{role}_col"])
                if not 1 <= column <= 16384:
                    raise IndexError(column)
                target_row, target_column = _merged_origin(sheet, row_number, column)
                put(sheet, target_row, target_column, value)
        except (IndexError, KeyError, TypeError, ValueError) as exc:
            raise _mismatch(locator) from exc
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _merged_origin(sheet, row: int, column: int) -> tuple[int, int]:
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, column
