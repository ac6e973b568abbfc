"""Text extraction per format, from files each test builds with the format's own library (the
PDF by hand: see `_pdf`)."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from presales.lib.extract import extract_text
from presales.testing import file_content


def _docx() -> bytes:
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "某某电力公司 技术方案"
    document.add_heading("直流电源系统技术方案", level=1)
    document.add_paragraph("本方案采用一体化电源，配置绝缘监测装置。")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("型号", "数量", "备注"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("ZHDCS220", "2", "含 IMPS48/150 模块"), strict=True):
        cell.text = text
    document.add_paragraph("技术偏差表见附件。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报价清单"
    sheet.append(["序号", "名称", "数量", "单价", "日期"])
    sheet.append([1, "直流屏", 2, 12500.0, date(2026, 3, 1)])
    sheet.append([2, "蓄电池组", None, 3.5])
    second = workbook.create_sheet("偏差表")
    second["A1"] = "纹波系数"
    second["B1"] = "≤0.5%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pptx() -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    slide.shapes.title.text = "售前汇报：变电站直流系统"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1))
    box.text_frame.text = "均流不平衡度 ≤ ±5%"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "指标"
    table.cell(1, 0).text, table.cell(1, 1).text = "电压纹波", "0.5%"
    slide.notes_slide.notes_text_frame.text = "讲解时强调绝缘监测"
    second = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank
    group = second.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1)).text_frame.text = "分组里的文字"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _pdf(pages: list[str]) -> bytes:
    """A PDF whose pages show `pages` in a CID font (Type0, Identity-H) with a ToUnicode map:
    the structure of a real Chinese PDF (Word's and WPS's export write the same), the font
    itself not embedded since no one renders it here. pypdf cannot write text, and reportlab
    would be a dependency only for this; the bytes below are all a reader needs."""
    chars = sorted({ch for page in pages for ch in page})
    mapping = "\n".join(f"<{ord(ch):04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{mapping}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    first_page = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(pages))), len(pages)),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    for index, text in enumerate(pages):
        glyphs = "".join(f"{ord(ch):04X}" for ch in text).encode()
        content = b"BT /F1 12 Tf 72 720 Td <%s> Tj ET" % glyphs
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (first_page + 2 * index + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_word_paragraphs_and_table_rows_in_document_order_then_the_header():
    text = extract_text(_docx(), "方案.docx")
    lines = text.splitlines()
    assert lines[:5] == [
        "直流电源系统技术方案",
        "本方案采用一体化电源，配置绝缘监测装置。",
        "型号\t数量\t备注",
        "ZHDCS220\t2\t含 IMPS48/150 模块",
        "技术偏差表见附件。",
    ]
    assert "某某电力公司 技术方案" in lines[5:]


def test_excel_every_sheet_by_name_with_rows_tab_joined():
    text = extract_text(_xlsx(), "报价.xlsx")
    assert text.splitlines() == [
        "报价清单",
        "序号\t名称\t数量\t单价\t日期",
        "1\t直流屏\t2\t12500\t2026-03-01",
        "2\t蓄电池组\t\t3.5",
        "偏差表",
        "纹波系数\t≤0.5%",
    ]


def test_powerpoint_slide_texts_tables_groups_and_notes():
    text = extract_text(_pptx(), "汇报.pptx")
    lines = text.splitlines()
    expected = ["售前汇报：变电站直流系统", "均流不平衡度 ≤ ±5%", "项目\t指标", "电压纹波\t0.5%", "讲解时强调绝缘监测"]
    assert [line for line in expected if line not in lines] == []
    assert text.index("讲解时强调绝缘监测") < text.index("分组里的文字")  # slide 1's notes before slide 2


def test_pdf_chinese_text_of_every_page():
    text = extract_text(_pdf(["直流屏技术规范书", "第二页：蓄电池 ZHDCS220"]), "规范.pdf")
    assert "直流屏技术规范书" in text
    assert "第二页：蓄电池 ZHDCS220" in text
    assert text.index("直流屏") < text.index("第二页")


def test_pdf_pages_are_bounded(monkeypatch):
    monkeypatch.setattr("presales.lib.extract.MAX_PDF_PAGES", 2)
    text = extract_text(_pdf(["第一页", "第二页", "第三页"]), "长.pdf")
    assert "第二页" in text and "第三页" not in text


def test_text_saved_by_chinese_windows_in_gbk():
    content = "售前工作台：绝缘监测装置说明\r\n第二行".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert extract_text(content, "说明.txt") == "售前工作台：绝缘监测装置说明\r\n第二行"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("# 标题\n\n- 直流屏 **ZHDCS220**\n".encode(), "# 标题\n\n- 直流屏 **ZHDCS220**"),  # markdown kept as text
        (b"\xef\xbb\xbf" + "带BOM的UTF-8".encode(), "带BOM的UTF-8"),
        ("记事本的Unicode".encode("utf-16"), "记事本的Unicode"),
    ],
)
def test_utf8_markdown_bom_and_utf16(content, expected):
    assert extract_text(content, "readme.md") == expected


def test_csv_is_read_as_text():
    assert extract_text("型号,数量\nIMPS48/150,4\n".encode("gb18030"), "清单.csv") == "型号,数量\nIMPS48/150,4"


@pytest.mark.parametrize("name", ["现场.png", "机房.jpg", "图纸.dwg", "旧版.doc", "无扩展名"])
def test_images_and_unknown_formats_give_nothing(name):
    content = file_content("a.png") if name.endswith("png") else b"\x00\x01binary"
    assert extract_text(content, name) == ""


@pytest.mark.parametrize("name", ["坏.docx", "坏.xlsx", "坏.pptx", "坏.pdf"])
def test_a_damaged_file_gives_nothing_and_is_logged(name, caplog):
    broken = b"PK\x03\x04 this is not really a zip" if not name.endswith("pdf") else b"%PDF-1.7\nbroken"
    with caplog.at_level(logging.WARNING, logger="presales.lib.extract"):
        assert extract_text(broken, name) == ""
    assert name in caplog.text


def test_a_truncated_office_file_gives_nothing():
    document = _docx()
    assert extract_text(document[: len(document) // 2], "截断.docx") == ""


def test_max_chars_is_honoured_for_text_and_office_files():
    text = extract_text(("直流屏" * 10_000).encode(), "长.txt", max_chars=100)
    assert text == ("直流屏" * 34)[:100]
    from openpyxl import Workbook

    workbook = Workbook()
    for i in range(5000):
        workbook.active.append([f"第{i}行", "绝缘监测"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    text = extract_text(buffer.getvalue(), "大.xlsx", max_chars=500)
    assert len(text) == 500 and text.startswith("Sheet\n第0行\t绝缘监测")


def test_utf8_cut_in_the_middle_of_a_character_is_not_taken_for_gbk():
    # 200 characters read at most 804 bytes: the cut falls inside a 3-byte character.
    text = extract_text(("汉" * 1000).encode(), "长.txt", max_chars=200)
    assert text == "汉" * 200


def test_nul_characters_are_dropped():
    assert extract_text("绝缘\x00监测".encode(), "a.txt") == "绝缘监测"


def test_accepts_a_path_an_upload_and_a_django_file(tmp_path):
    path = tmp_path / "方案.docx"
    path.write_bytes(_docx())
    assert "一体化电源" in extract_text(path, "方案.docx")
    assert "一体化电源" in extract_text(str(path), "方案.docx")

    upload = SimpleUploadedFile("方案.docx", _docx())
    upload.read(10)
    assert "一体化电源" in extract_text(upload, upload.name)
    assert upload.tell() == 0  # left ready to be stored

    closed = File(open(path, "rb"))  # noqa: SIM115 - closed below on purpose, reopened by extract_text
    closed.close()
    assert "一体化电源" in extract_text(closed, "方案.docx")
    assert closed.closed
