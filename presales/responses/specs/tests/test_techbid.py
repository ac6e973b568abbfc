"""The technical bid: the default docxtpl template built by code, rendered with a tender's
context; it opens in python-docx, its XML is well-formed and in schema order, and (where
LibreOffice is installed) LibreOffice converts it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from presales.responses.specs import samples
from presales.responses.specs.extract import SpecError, extract_clauses
from presales.responses.specs.techbid import default_template, render_technical_bid
from presales.responses.specs.writeback import FilledRow, write_back

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CONTEXT = {
    "company": "杭州中恒电源有限公司",
    "tender": {
        "number": "ZB-2026-0815",
        "title": "XX供电公司直流电源改造项目",
        "buyer": "国网XX供电公司",
        "agency": "XX招标代理有限公司",
        "lots": "标包2：直流电源系统",
    },
    "date": "2026年12月2日",
    "sections": [
        {"title": "公司简介", "paragraphs": ["公司专注电力电源二十年。\n通过ISO9001认证。"]},
        {"title": "产品技术说明", "paragraphs": ["IMPS48/150 高频开关整流模块，效率 ≥ 95 %。", "R&D <研发> 中心"]},
    ],
    "deviations": [
        {
            "no": 1,
            "clause": "3.2.1(1)",
            "requirement": "稳压精度 ≤±0.5 %",
            "response": "稳压精度 ±0.2%",
            "deviation": "正偏离",
            "note": "优于要求",
        },
        {
            "no": 2,
            "clause": "3.2.1(4)",
            "requirement": "效率 ≥ 93 %",
            "response": "效率 ≥ 95 %",
            "deviation": "正偏离",
            "note": "",
        },
    ],
}


def assert_valid_docx(data: bytes) -> etree._Element:
    """Every XML part parses; paragraphs, runs, cells, rows and tables keep their properties
    element first (the schema order Word checks before it offers a repair)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert "[Content_Types].xml" in names and "word/document.xml" in names
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))
        root = etree.fromstring(archive.read("word/document.xml"))
    for parent, first in (("p", "pPr"), ("r", "rPr"), ("tc", "tcPr"), ("tr", "trPr"), ("tbl", "tblPr")):
        for element in root.iter(W + parent):
            children = [child.tag for child in element]
            if W + first in children:
                assert children.index(W + first) == 0, (parent, children)
    for table in root.iter(W + "tbl"):
        assert [child.tag for child in table][:2] == [W + "tblPr", W + "tblGrid"]
    body = root.find(W + "body")
    assert body[-1].tag == W + "sectPr"
    return root


def test_default_template_is_a_valid_docx_with_its_tags():
    data = default_template()
    assert_valid_docx(data)
    text = "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
    for tag in ("{{ tender.title }}", "{{ tender.number }}", "{{ company }}", "{%p for s in sections %}"):
        assert tag in text


def test_rendered_bid_has_cover_contents_sections_and_deviation_table():
    data = render_technical_bid(None, CONTEXT)
    root = assert_valid_docx(data)
    document = Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for line in (
        "XX供电公司直流电源改造项目",
        "技术标书",
        "招标编号：ZB-2026-0815",
        "标包：标包2：直流电源系统",
        "招标人：国网XX供电公司",
        "招标代理机构：XX招标代理有限公司",
        "投标人：杭州中恒电源有限公司（盖章）",
        "日期：2026年12月2日",
    ):
        assert line in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1　公司简介", "2　产品技术说明", "3　技术偏差表"]
    # a newline starts a new paragraph; & and < stay text
    assert "公司专注电力电源二十年。" in texts and "通过ISO9001认证。" in texts
    assert "R&D <研发> 中心" in texts
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["序号", "招标文件条款号", "招标文件要求", "投标响应", "偏离情况", "偏离说明"],
        ["1", "3.2.1(1)", "稳压精度 ≤±0.5 %", "稳压精度 ±0.2%", "正偏离", "优于要求"],
        ["2", "3.2.1(4)", "效率 ≥ 93 %", "效率 ≥ 95 %", "正偏离", ""],
    ]
    assert document.tables[0].rows[0]._tr.trPr.find(W + "tblHeader") is not None
    assert "{{" not in etree.tostring(root, encoding="unicode")


def test_table_of_contents_is_a_field_listing_the_sections():
    root = assert_valid_docx(render_technical_bid(None, CONTEXT))
    sequence = []
    for element in root.iter(W + "fldChar", W + "instrText", W + "t"):
        if element.tag == W + "fldChar":
            sequence.append(element.get(W + "fldCharType"))
        elif element.tag == W + "instrText":
            sequence.append("instr:" + element.text.strip())
        elif sequence and sequence[-1] not in ("end",) and "separate" in sequence and "end" not in sequence:
            sequence.append(element.text)
    assert sequence[:3] == ["begin", 'instr:TOC \\o "1-2" \\h \\z \\u', "separate"]
    assert sequence[3:] == ["1　公司简介", "2　产品技术说明", "3　技术偏差表", "end"]


def test_empty_context_renders_without_code_on_the_page():
    document = Document(BytesIO(render_technical_bid(None, {})))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "None" not in text and "{{" not in text and "{%" not in text
    assert [len(document.tables[0].rows)] == [1]


def test_control_characters_are_dropped():
    context = {**CONTEXT, "company": "中恒\x00\x0b电源", "sections": [{"title": "简介\x07", "paragraphs": ["a\x1bb"]}]}
    document = Document(BytesIO(render_technical_bid(None, context)))
    texts = [p.text for p in document.paragraphs]
    assert "投标人：中恒电源（盖章）" in texts and "1　简介" in texts and "ab" in texts


def _template(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_admin_template_renders_with_the_same_names():
    template = _template(
        "致：{{ tender.buyer }}", "{{ company }} 投标 {{ tender.number }}", "共{{ deviations|length }}条"
    )
    texts = [p.text for p in Document(BytesIO(render_technical_bid(template, CONTEXT))).paragraphs]
    assert texts == ["致：国网XX供电公司", "杭州中恒电源有限公司 投标 ZB-2026-0815", "共2条"]


@pytest.mark.parametrize(
    "tag",
    [
        "{{ company.__class__.__mro__ }}",  # the sandbox refuses Python internals
        "{{ ''.__class__.__subclasses__() }}",
        "{% for x in sections %}",  # a broken tag
        "{{ company | no_such_filter }}",
    ],
)
def test_a_bad_admin_template_is_a_spec_error(tag):
    with pytest.raises(SpecError):
        render_technical_bid(_template(tag), CONTEXT)


def test_a_template_that_is_not_a_docx_is_a_spec_error():
    with pytest.raises(SpecError):
        render_technical_bid(b"not a docx", CONTEXT)


def test_libreoffice_opens_the_bid_and_the_filled_templates(tmp_path: Path):
    """Where LibreOffice is installed it converts each file to PDF (a file it cannot open gives
    none); elsewhere the XML checks above stand in for it."""
    files = {"bid.docx": render_technical_bid(None, CONTEXT)}
    for key in ("deviation_docx", "deviation_xlsx", "rectifier_table"):
        name, data = samples.sample(key)
        rows = [FilledRow(c.locator, "满足", "无偏离", "") for c in extract_clauses(data, name)]
        files[f"{key}.{name.rsplit('.', 1)[1]}"] = write_back(data, name, rows)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        if name.endswith(".docx"):
            assert_valid_docx(data)
    soffice = shutil.which("soffice")
    if soffice is None:
        return
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *[str(tmp_path / name) for name in files],
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    produced = sorted(p.name for p in (tmp_path / "pdf").glob("*.pdf"))
    assert produced == sorted(name.rsplit(".", 1)[0] + ".pdf" for name in files), result.stderr
    assert all((tmp_path / "pdf" / name).stat().st_size > 1000 for name in produced)
