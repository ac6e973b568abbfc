"""The technical bid (技术标书) as a Word document, rendered from a docxtpl template.

`default_template()` builds the product's template by code (like presales/quotes'
make_docx_template): a cover (tender number, title, lots, buyer, agency, company, date), a
table of contents, the sections (company and product texts from the library), and the
deviation table. An admin may upload another template using the same names:

    company                          the bidder's name
    tender.number/title/buyer/agency/lots
    date                             the bid date as text
    sections                         [{"title": …, "paragraphs": [str, …]}, …]
    deviations                       [{"no", "clause", "requirement", "response", "deviation", "note"}, …]

Rules, and why:
- The table of contents is a real TOC field (Word updates it with F9 / on print) whose cached
  result already lists the section titles, so LibreOffice and a reader that never updates
  fields still show a contents list. Section titles use the Heading 1 style the field collects.
- An uploaded template is admin input run as a Jinja template: it renders in Jinja's sandbox
  (no attribute walking into Python internals), with autoescape on (& < > in user text stay text).
- Text is stripped of characters XML cannot hold; a newline in a paragraph becomes a new
  paragraph (docxtpl would otherwise drop it).
- A template that does not render (a broken tag) raises SpecError with Jinja's message.
"""

from __future__ import annotations

import functools
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from presales.responses.specs.extract import SpecError

DEVIATION_HEADERS = ["序号", "招标文件条款号", "招标文件要求", "投标响应", "偏离情况", "偏离说明"]
DEVIATION_KEYS = ["no", "clause", "requirement", "response", "deviation", "note"]
DEVIATION_WIDTHS_CM = [1.2, 2.2, 5.0, 4.6, 1.8, 2.4]
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '


def _field_char(run, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def _instruction(run, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run._r.append(element)


def _repeat_as_header(row) -> None:
    """The header row repeats on every page the table runs over."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _centered(doc, text: str, *, size: int | None = None, bold: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def build_default_template() -> bytes:
    """The product's technical bid template (python-docx writing docxtpl tags)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    doc = Document()
    # cover
    for _blank in range(4):
        doc.add_paragraph()
    _centered(doc, "{{ tender.title }}", size=22, bold=True)
    _centered(doc, "技术标书", size=26, bold=True)
    doc.add_paragraph()
    for label, tag in (
        ("招标编号", "{{ tender.number }}"),
        ("标包", "{{ tender.lots }}"),
        ("招标人", "{{ tender.buyer }}"),
        ("招标代理机构", "{{ tender.agency }}"),
        ("投标人", "{{ company }}（盖章）"),
        ("日期", "{{ date }}"),
    ):
        _centered(doc, f"{label}：{tag}", size=14)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # table of contents: a TOC field whose cached result lists the sections
    _centered(doc, "目　录", size=16, bold=True)
    start = doc.add_paragraph()
    _field_char(start.add_run(), "begin")
    _instruction(start.add_run(), TOC_INSTRUCTION)
    _field_char(start.add_run(), "separate")
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{{ loop.index }}　{{ s.title }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ sections|length + 1 }}　技术偏差表")
    end = doc.add_paragraph()
    _field_char(end.add_run(), "end")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    # sections
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{{ loop.index }}　{{ s.title }}", style="Heading 1")
    doc.add_paragraph("{%p for text in s.paragraphs %}")
    body = doc.add_paragraph("{{ text }}")
    body.paragraph_format.first_line_indent = Pt(24)
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    # deviation table
    doc.add_paragraph("{{ sections|length + 1 }}　技术偏差表", style="Heading 1")
    table = doc.add_table(rows=4, cols=len(DEVIATION_HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, DEVIATION_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
    for cell, header in zip(table.rows[0].cells, DEVIATION_HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    _repeat_as_header(table.rows[0])
    table.rows[1].cells[0].text = "{%tr for d in deviations %}"
    for cell, key in zip(table.rows[2].cells, DEVIATION_KEYS, strict=True):
        cell.text = "{{ d." + key + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph()
    doc.add_paragraph("投标人：{{ company }}（盖章）")
    doc.add_paragraph("日期：{{ date }}")
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@functools.cache
def default_template() -> bytes:
    return build_default_template()


def _clean(value):
    """The context with XML-illegal characters dropped and paragraphs split at newlines."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        if "paragraphs" in cleaned and isinstance(cleaned["paragraphs"], list):
            cleaned["paragraphs"] = [
                line.strip() for text in cleaned["paragraphs"] for line in str(text).splitlines() if line.strip()
            ]
        return cleaned
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    if value is None:
        return ""
    return value


def render_technical_bid(template: bytes | None, context: dict) -> bytes:
    """The technical bid .docx: `template` (an admin's, or the default when None) rendered
    with `context` (see the module docstring for its keys)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    context = _clean(
        {
            "company": "",
            "tender": {"number": "", "title": "", "buyer": "", "agency": "", "lots": ""},
            "date": "",
            "sections": [],
            "deviations": [],
            **context,
        }
    )
    try:
        document = DocxTemplate(BytesIO(template or default_template()))
        document.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    except TemplateError as exc:
        raise SpecError(_("The technical bid template could not be used: %(error)s") % {"error": exc}) from exc
    except Exception as exc:  # not a .docx at all
        if template is None:
            raise
        raise SpecError(_("The technical bid template is not a Word (.docx) file.")) from exc
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
