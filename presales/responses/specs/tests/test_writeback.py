"""Write-back into a buyer's response template: the cells named by the locators are filled,
everything else in the file stays as the buyer made it."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from presales.responses.specs import samples
from presales.responses.specs.extract import SpecError, extract_clauses
from presales.responses.specs.writeback import FilledRow, write_back


def clauses_of(key: str):
    name, data = samples.sample(key)
    return name, data, extract_clauses(data, name)


# Excel ----------------------------------------------------------------------------------------


def test_xlsx_cells_are_filled_and_the_rest_is_kept():
    name, data, clauses = clauses_of("deviation_xlsx")
    filled = [
        FilledRow(c.locator, response=f"满足，应答{i}", deviation="无偏离", note="" if i % 2 else f"说明{i}")
        for i, c in enumerate(clauses, start=1)
    ]
    filled[0] = FilledRow(clauses[0].locator, response="稳压精度 ±0.2%", deviation="正偏离", note="优于要求")
    output = write_back(BytesIO(data), name, filled)
    before, after = load_workbook(BytesIO(data)), load_workbook(BytesIO(output))
    sheet, original = after["技术规格偏离表"], before["技术规格偏离表"]
    assert [sheet.cell(row=5, column=c).value for c in range(1, 7)] == [
        "1",
        "3.2.1(1)",
        "稳压精度 ≤±0.5 %",
        "稳压精度 ±0.2%",
        "正偏离",
        "优于要求",
    ]
    assert [sheet.cell(row=r, column=4).value for r in (6, 7, 8, 10, 11, 12)] == [f"满足，应答{i}" for i in range(2, 8)]
    assert sheet.cell(row=6, column=6).value == "说明2" and sheet.cell(row=7, column=6).value is None
    # group rows, title rows, the note row and the header are untouched
    for row in (1, 2, 3, 4, 9, 13):
        assert [sheet.cell(row=row, column=c).value for c in range(1, 7)] == [
            original.cell(row=row, column=c).value for c in range(1, 7)
        ]
    assert sorted(map(str, sheet.merged_cells.ranges)) == sorted(map(str, original.merged_cells.ranges))
    assert sorted(map(str, sheet.merged_cells.ranges)) == ["A13:F13", "A1:F1", "A2:F2", "A4:F4", "A9:F9"]
    assert (sheet["A1"].font.bold, sheet["A1"].font.size) == (True, 16)
    assert sheet["C3"].fill.fgColor.rgb == original["C3"].fill.fgColor.rgb == "00D9E2F3"
    assert sheet["D5"].border.left.style == "thin" and sheet["D5"].alignment.wrap_text
    assert {k: v.width for k, v in sheet.column_dimensions.items()} == {
        k: v.width for k, v in original.column_dimensions.items()
    }
    assert sheet.freeze_panes == "A4"
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["E5:E12"]
    # the other sheet as it was
    notes = after["填写说明"]
    assert after.sheetnames == ["技术规格偏离表", "填写说明"]
    assert [notes["A1"].value, notes["A2"].value] == [before["填写说明"]["A1"].value, before["填写说明"]["A2"].value]
    assert notes["A1"].font.italic and notes.column_dimensions["A"].width == 60


def test_xlsx_user_text_is_never_a_formula():
    name, data, clauses = clauses_of("deviation_xlsx")
    output = write_back(
        data, name, [FilledRow(clauses[0].locator, response='=HYPERLINK("http://x")', deviation="", note="+1")]
    )
    sheet = load_workbook(BytesIO(output))["技术规格偏离表"]
    assert sheet["D5"].value == '=HYPERLINK("http://x")' and sheet["D5"].data_type == "s"
    assert sheet["D5"].quotePrefix and sheet["F5"].quotePrefix
    assert load_workbook(BytesIO(output), data_only=True)["技术规格偏离表"]["D5"].value == '=HYPERLINK("http://x")'


def test_xlsx_a_locator_inside_a_merged_range_writes_its_top_left_cell():
    name, data, _clauses = clauses_of("deviation_xlsx")
    workbook = load_workbook(BytesIO(data))
    sheet = workbook["技术规格偏离表"]
    sheet.merge_cells("D7:D8")  # one answer for two rows
    buffer = BytesIO()
    workbook.save(buffer)
    locator = {"kind": "sheet", "sheet": "技术规格偏离表", "row": 8, "response_col": 4, "deviation_col": None}
    output = write_back(buffer.getvalue(), name, [FilledRow(locator, response="满足", deviation="", note="")])
    filled = load_workbook(BytesIO(output))["技术规格偏离表"]
    assert filled["D7"].value == "满足"
    assert "D7:D8" in [str(r) for r in filled.merged_cells.ranges]


# Word -----------------------------------------------------------------------------------------


def _outside_tables(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_docx_cells_are_filled_and_the_rest_is_kept():
    name, data, clauses = clauses_of("deviation_docx")
    filled = [
        FilledRow(c.locator, response=f"满足。第{i}行\n第二行", deviation="无偏离", note=f"说明{i}")
        for i, c in enumerate(clauses, start=1)
    ]
    output = write_back(data, name, filled)
    before, after = Document(BytesIO(data)), Document(BytesIO(output))
    table, original = after.tables[0], before.tables[0]
    assert [c.text for c in table.rows[2].cells] == [
        "1",
        "1.1",
        "★网络摄像机分辨率不低于400万像素，支持H.265编码",
        "满足。第1行\n第二行",
        "无偏离",
        "说明1",
    ]
    assert [table.cell(r, 4).text for r in (2, 3, 4, 6, 7)] == ["无偏离"] * 5
    # header and group rows are the same XML as before; group rows still one merged cell
    for row in (0, 1, 5):
        assert etree.tostring(table.rows[row]._tr) == etree.tostring(original.rows[row]._tr)
    assert len({id(c._tc) for c in table.rows[1].cells}) == 1
    assert table.style.name == original.style.name == "Table Grid"
    assert _outside_tables(after) == _outside_tables(before)
    assert etree.tostring(after.sections[0]._sectPr) == etree.tostring(before.sections[0]._sectPr)
    # a new line in the answer is a line break inside the cell's one paragraph
    cell = table.cell(2, 3)
    assert len(cell.paragraphs) == 1 and cell._tc.xpath(".//w:br")


def test_docx_a_cell_keeps_its_run_format_when_overwritten():
    name, data, clauses = clauses_of("deviation_docx")
    document = Document(BytesIO(data))
    cell = document.tables[0].cell(2, 3)
    run = cell.paragraphs[0].add_run("待填写")
    run.bold = True
    cell.add_paragraph("第二段")
    buffer = BytesIO()
    document.save(buffer)
    output = write_back(buffer.getvalue(), name, [FilledRow(clauses[0].locator, "满足", "无偏离", "")])
    cell = Document(BytesIO(output)).tables[0].cell(2, 3)
    assert cell.text == "满足" and len(cell.paragraphs) == 1 and cell.paragraphs[0].runs[0].bold


def test_parameter_table_guarantee_column_takes_the_response():
    name, data, clauses = clauses_of("rectifier_table")
    efficiency = clauses[7]
    assert efficiency.parameter == "效率"
    rows = [
        FilledRow(efficiency.locator, response="≥95%", deviation="正偏离", note="IMPS48/150 实测 95.5%"),
        FilledRow(clauses[5].locator, response="见说明", deviation="无偏离", note="", guarantee="±0.3%"),
    ]
    table = Document(BytesIO(write_back(data, name, rows))).tables[0]
    assert [c.text for c in table.rows[10].cells] == [
        "8",
        "★效率",
        "%",
        "≥93",
        "≥95%",
        "正偏离",
        "IMPS48/150 实测 95.5%",
    ]
    assert [c.text for c in table.rows[8].cells][4:6] == ["±0.3%", "无偏离"]


def test_empty_values_do_not_erase_the_buyers_text():
    name, data, clauses = clauses_of("deviation_docx")
    once = write_back(data, name, [FilledRow(clauses[0].locator, "满足", "无偏离", "原说明")])
    twice = write_back(once, name, [FilledRow(clauses[0].locator, "满足，优于要求", "", "")])
    assert [c.text for c in Document(BytesIO(twice)).tables[0].rows[2].cells][3:] == [
        "满足，优于要求",
        "无偏离",
        "原说明",
    ]


def test_paragraph_rows_are_left_out_and_control_characters_dropped():
    name, data, clauses = clauses_of("deviation_docx")
    rows = [
        FilledRow({"kind": "paragraph", "index": 3}, "满足", "无偏离", ""),
        FilledRow(clauses[1].locator, "满足\x00\x07 100 m", "正偏离", "\x1b"),
    ]
    table = Document(BytesIO(write_back(data, name, rows))).tables[0]
    assert [c.text for c in table.rows[3].cells][3:] == ["满足 100 m", "正偏离", ""]


@pytest.mark.parametrize(
    "locator",
    [
        {"kind": "table", "table": 5, "row": 2, "response_col": 3},
        {"kind": "table", "table": 0, "row": 99, "response_col": 3},
        {"kind": "table", "table": 0, "row": 2, "response_col": 40},
        {"kind": "table", "table": "x", "row": 2, "response_col": 3},
        {"kind": "table", "row": 2, "response_col": 3},
    ],
)
def test_docx_a_locator_the_file_lacks_is_refused(locator):
    name, data, _clauses = clauses_of("deviation_docx")
    with pytest.raises(SpecError):
        write_back(data, name, [FilledRow(locator, "满足", "无偏离", "")])


@pytest.mark.parametrize(
    "locator",
    [
        {"kind": "sheet", "sheet": "没有这个表", "row": 5, "response_col": 4},
        {"kind": "sheet", "sheet": "技术规格偏离表", "row": 500, "response_col": 4},
        {"kind": "sheet", "sheet": "技术规格偏离表", "row": 5, "response_col": 0},
    ],
)
def test_xlsx_a_locator_the_file_lacks_is_refused(locator):
    name, data, _clauses = clauses_of("deviation_xlsx")
    with pytest.raises(SpecError):
        write_back(data, name, [FilledRow(locator, "满足", "无偏离", "")])


def test_other_files_are_refused():
    with pytest.raises(SpecError):
        write_back(b"%PDF", "table.pdf", [])
    with pytest.raises(SpecError):
        write_back(b"not a zip", "table.xlsx", [])


def test_the_refusal_names_the_place_as_a_person_counts_it():
    from django.utils import translation

    name, data, _clauses = clauses_of("deviation_docx")
    with translation.override("en"), pytest.raises(SpecError) as refused:
        write_back(data, name, [FilledRow({"kind": "table", "table": 0, "row": 99, "response_col": 3}, "满足", "", "")])
    assert str(refused.value) == (
        "The response table does not match this file (table 1, row 100): extract its clauses again."
    )
    with translation.override("en"), pytest.raises(SpecError) as refused:
        write_back(
            data, name, [FilledRow({"kind": "table", "table": None, "row": 2, "response_col": 3}, "满足", "", "")]
        )
    assert str(refused.value) == "The response table does not match this file: extract its clauses again."
