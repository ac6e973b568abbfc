"""The deviation table out of the workbench: the Excel table (presales.lib.excel: user text
written as text, never a formula), the buyer's own response table filled in
(presales.responses.specs.writeback) and the technical bid's deviation rows. The command
`tender_autofill` writes the same files from rows that were never saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _

from presales.lib.excel import build_workbook
from presales.responses.models import DEVIATION_WORDS, Deviation
from presales.responses.specs.writeback import FilledRow, write_back


@dataclass
class Row:
    """One row of a deviation table: a saved clause or a clause filled by the command."""

    number: str
    text: str
    response: str
    deviation: str  # a Deviation code
    deviation_note: str
    entry_code: str
    confidence: float | None
    locator: dict
    guarantee: str = ""


def headers() -> list[str]:
    # The columns of the issue; the Chinese words are what a buyer's 偏差表 calls them.
    return [
        _("No."),
        _("Tender clause number"),
        _("Tender requirement"),
        _("Bid response"),
        _("Deviation"),
        _("Deviation note"),
        _("Library entry"),
        _("Confidence"),
    ]


def rows_of_clauses(clauses: Iterable) -> list[Row]:
    return [
        Row(
            number=c.number,
            text=c.text,
            response=c.response,
            deviation=c.deviation,
            deviation_note=c.deviation_note,
            entry_code=c.entry.code if c.entry_id else "",
            confidence=c.confidence,
            locator=c.locator or {},
            guarantee=c.guarantee,
        )
        for c in clauses
    ]


def deviation_label(code: str) -> str:
    return DEVIATION_WORDS.get(code, DEVIATION_WORDS[Deviation.TO_CONFIRM])


def table_xlsx(rows: list[Row], *, title: str) -> bytes:
    """序号, 招标文件条款号, 招标文件要求, 投标响应, 偏离情况, 偏离说明, 匹配条目, 置信度."""
    body = [
        [
            n,
            row.number,
            row.text,
            row.response,
            deviation_label(row.deviation),
            row.deviation_note,
            row.entry_code,
            None if row.confidence is None else round(row.confidence, 2),
        ]
        for n, row in enumerate(rows, start=1)
    ]
    return build_workbook(title or _("Deviation table"), headers(), body)


def filled_template(file, name: str, rows: list[Row]) -> bytes:
    """The buyer's own table with our answers in its cells (layout, merged cells, styles and
    other sheets kept: presales.responses.specs.writeback)."""
    filled = [
        FilledRow(
            locator=row.locator,
            response=row.response,
            deviation=deviation_label(row.deviation),
            note=row.deviation_note,
            guarantee=row.guarantee,
        )
        for row in rows
        if row.locator
    ]
    file.seek(0)
    data = file.read()
    return write_back(BytesIO(data), name, filled)


def bid_deviations(rows: list[Row]) -> list[dict]:
    return [
        {
            "no": n,
            "clause": row.number,
            "requirement": row.text,
            "response": row.response,
            "deviation": deviation_label(row.deviation),
            "note": row.deviation_note,
        }
        for n, row in enumerate(rows, start=1)
    ]
