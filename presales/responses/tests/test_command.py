"""manage.py tender_autofill: the same auto-fill without a tender or a browser."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from presales.responses.tests.conftest import spec_docx, template_xlsx


def test_a_specification_gives_the_excel_table(tmp_path, library, admin_user):
    source, out = tmp_path / "规范书.docx", tmp_path / "table.xlsx"
    source.write_bytes(spec_docx())
    call_command("tender_autofill", str(source), "--out", str(out), "--user", admin_user.username)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert len(header) == 8
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["5.1.1"][4] == "正偏离" and rows["5.1.1"][6] == library[0].code
    assert rows["5.1.5"][4] == "需人工确认"


def test_a_buyers_table_gives_that_table_filled_in(tmp_path, library, admin_user):
    source, out = tmp_path / "偏差表.xlsx", tmp_path / "filled.xlsx"
    source.write_bytes(template_xlsx())
    call_command("tender_autofill", str(source), "--out", str(out), "--user", admin_user.username)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["技术偏差表", "填表说明"]
    assert any(workbook["技术偏差表"].cell(row=r, column=4).value == "负偏离" for r in range(3, 7))


def test_refusals(tmp_path, library, admin_user):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(CommandError):
        call_command("tender_autofill", str(pdf), "--out", str(tmp_path / "x.xlsx"), "--user", admin_user.username)
    with pytest.raises(CommandError):
        call_command("tender_autofill", str(tmp_path / "none.docx"), "--out", str(tmp_path / "x.xlsx"))
    docx = tmp_path / "a.docx"
    docx.write_bytes(spec_docx())
    with pytest.raises(CommandError):
        call_command("tender_autofill", str(docx), "--out", str(tmp_path / "x.xlsx"), "--product", "NO-SUCH",
                     "--user", admin_user.username)  # fmt: skip
