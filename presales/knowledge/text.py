"""The text of an uploaded file, for search and the preview — the one place the library
calls text extraction, so that moving to presales.lib.extract (helper D's module, when it is
merged) is the one import line below.

Until then a small stand-in reads the formats with the libraries the project already ships:
python-docx, openpyxl, python-pptx, pypdf; txt/md are decoded (UTF-8, else GB18030, the
encoding Chinese Windows editors save). Images have no text. A file that cannot be read gives
"" (logged): a damaged file must not stop its upload, it only goes unsearched.
"""

from __future__ import annotations

import logging

from presales.knowledge.models import EXTRACTED_TEXT_MAX, ContentKind

logger = logging.getLogger(__name__)

_KINDS = {
    "pdf": ContentKind.PDF,
    "png": ContentKind.IMAGE, "jpg": ContentKind.IMAGE, "jpeg": ContentKind.IMAGE,
    "gif": ContentKind.IMAGE, "webp": ContentKind.IMAGE,
    "docx": ContentKind.WORD, "xlsx": ContentKind.SPREADSHEET, "pptx": ContentKind.PRESENTATION,
    "txt": ContentKind.TEXT, "md": ContentKind.TEXT,
}  # fmt: skip


def content_kind(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _KINDS.get(extension, ContentKind.OTHER)


def _stand_in(file, name: str) -> str:
    kind = content_kind(name)
    file.seek(0)
    if kind == ContentKind.TEXT:
        raw = file.read(EXTRACTED_TEXT_MAX * 4)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", errors="replace")
    if kind == ContentKind.WORD:
        import docx

        document = docx.Document(file)
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(cell.text for row in table.rows for cell in row.cells)
        return "\n".join(parts)
    if kind == ContentKind.SPREADSHEET:
        import openpyxl

        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            return "\n".join(
                " ".join(str(v) for v in row if v is not None)
                for sheet in book
                for row in sheet.iter_rows(values_only=True)
            )
        finally:
            book.close()
    if kind == ContentKind.PRESENTATION:
        import pptx

        deck = pptx.Presentation(file)
        return "\n".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        )
    if kind == ContentKind.PDF:
        import pypdf

        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(file).pages)
    return ""


_extract = _stand_in  # presales.lib.extract.extract_text once merged


def file_text(file, name: str) -> str:
    """The file's text, capped at EXTRACTED_TEXT_MAX characters."""
    try:
        text = _extract(file, name) or ""
    except Exception as exc:  # each reader library raises its own errors for a damaged file
        logger.info("no text from %s: %s", name, exc)
        text = ""
    finally:
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    return text.replace("\x00", "")[:EXTRACTED_TEXT_MAX]
