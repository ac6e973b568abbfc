"""Tiny generated attachments for demo deliverables: a one-page .docx and a quote .xlsx.

Kept to a few kilobytes each so the demo's media folder stays small; `clear_orphan` keeps
reloads of a fresh database from piling up copies.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile

from presales.lib.excel import build_workbook

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


def docx_file(filename: str, title: str, paragraphs: list[str]) -> ContentFile:
    """A minimal Word document (the three parts Word needs): a bold title and paragraphs."""
    body = [f'<w:p><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>{escape(title)}</w:t></w:r></w:p>']
    body += [f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' for text in paragraphs]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return ContentFile(buffer.getvalue(), name=filename)


def quote_file(filename: str, lines: list[tuple[str, str, int, int]]) -> ContentFile:
    """A quote list (项目报价清单) workbook: item, unit, quantity, unit price, total."""
    rows = [[item, unit, qty, price, qty * price] for item, unit, qty, price in lines]
    rows.append(["合计（含税）", "", "", "", sum(row[4] for row in rows)])
    data = build_workbook("项目报价清单", ["设备/服务名称", "单位", "数量", "单价（元）", "小计（元）"], rows)
    return ContentFile(data, name=filename)


def quote_version_file(filename: str, version) -> ContentFile:
    """A quote version of the quote module exported as the 项目报价清单 workbook: its lines
    (item, unit, quantity, unit price, amount after discount) and its own total."""
    rows = [
        [line.name, line.unit, line.quantity, line.unit_price, line.amount]
        for line in version.lines.order_by("section__order", "order", "id")
    ]
    rows.append(["合计（含税）", "", "", "", version.total_amount])
    data = build_workbook("项目报价清单", ["设备/服务名称", "单位", "数量", "单价（元）", "小计（元）"], rows)
    return ContentFile(data, name=filename)


def clear_orphan(model, field_name: str, instance, filename: str) -> None:
    """Delete a file left at the path `instance`'s upload would take by an earlier demo
    database (same ids after a fresh load), so reloads do not pile up suffixed copies.

    The demo is only loaded into a database without opportunities, so a file there that no
    row points at is a leftover."""
    field = model._meta.get_field(field_name)
    name = field.generate_filename(instance, filename)
    if field.storage.exists(name) and not model._base_manager.filter(**{field_name: name}).exists():
        field.storage.delete(name)


def docx_attachment(model, field_name: str, instance, filename: str, title: str, paragraphs: list[str]) -> ContentFile:
    """A generated Word document for `instance`'s file field, a leftover at its path removed first."""
    clear_orphan(model, field_name, instance, filename)
    return docx_file(filename, title, paragraphs)


def pdf_file(filename: str, lines: list[str]) -> ContentFile:
    """A one-page PDF (Helvetica, so Latin text only) that readers open and pypdf reads."""

    def literal(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    stream = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(f"({literal(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<</Type/Catalog/Pages 2 0 R>>",
        "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        f"<</Length {len(stream)}>>stream\n{stream}\nendstream",
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode())
    return ContentFile(out.getvalue(), name=filename)


def pptx_file(filename: str, title: str, points: list[str]) -> ContentFile:
    """A two-slide presentation: the title, then the points."""
    from pptx import Presentation

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = title
    second.placeholders[1].text_frame.text = "\n".join(points)
    buffer = io.BytesIO()
    deck.save(buffer)
    return ContentFile(buffer.getvalue(), name=filename)


def image_file(filename: str, kind: str = "PNG") -> ContentFile:
    """A small drawing-like picture (a wiring diagram's boxes and lines, a certificate's frame)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (480, 320), "white")
    pen = ImageDraw.Draw(picture)
    pen.rectangle((10, 10, 470, 310), outline=(30, 60, 140), width=4)
    for x in (60, 200, 340):
        pen.rectangle((x, 120, x + 80, 200), outline=(20, 20, 20), width=2)
        pen.line((x + 40, 60, x + 40, 120), fill=(200, 40, 40), width=3)
    pen.line((100, 60, 380, 60), fill=(200, 40, 40), width=3)
    buffer = io.BytesIO()
    picture.save(buffer, kind)
    return ContentFile(buffer.getvalue(), name=filename)
