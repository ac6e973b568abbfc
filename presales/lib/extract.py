"""Plain text out of an uploaded file, for search and for the library's text preview.

One library per format, each the well-kept standard for it (README "Stack"):

| format            | library                                                                       |
| ----------------- | ----------------------------------------------------------------------------- |
| .docx             | python-docx: body paragraphs and tables in document order, then headers/footers |
| .xlsx             | openpyxl (read-only, cached values): per sheet its name, then rows tab-joined  |
| .pptx             | python-pptx: per slide its text frames (groups included), tables, then notes  |
| .pdf              | pypdf: the text of each page (the first `MAX_PDF_PAGES`)                       |
| .txt, .md, .csv   | the standard library: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 |
| images and others | nothing: "" (an image has no text without OCR, which we do not run)          |

Rules, and why:
- `extract_text` never raises for a bad file: a damaged or encrypted file gives "" and a log
  line, so a caller that extracts inside its transaction (a document's new version) still
  saves the file. Only programming errors in the caller (a missing file path) are the caller's.
- It stops at `max_chars`: the readers yield text piece by piece and reading stops once the
  budget is spent, so a 500-page PDF or a 100,000-row workbook costs no more than its first
  pages/rows. Rows per sheet and pages per PDF are bounded too, for files that are mostly empty.
- NUL characters are dropped (PostgreSQL text cannot hold them) and each piece is stripped.
- Table cells are joined with tabs and rows with newlines, so a row of a 技术偏差表 or a quote
  list reads as one line in a snippet.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
from collections.abc import Iterator
from datetime import date, datetime, time

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 500
MAX_SHEET_ROWS = 20_000
TEXT_EXTENSIONS = frozenset({"txt", "md", "csv"})


def extract_text(file, name: str, *, max_chars: int = 200_000) -> str:
    """The text of `file` (a path, a Django File/UploadedFile/FieldFile, or bytes) read as the
    format its `name`'s extension says; "" for images, unknown formats and damaged files."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    reader = _READERS.get(extension)
    if reader is None or max_chars <= 0:
        return ""
    try:
        with _binary(file) as stream:
            return _collect(reader(stream, max_chars), max_chars)
    except Exception as exc:  # every parser raises its own types for files it cannot read
        logger.warning("text extraction failed for %s: %s: %s", name, type(exc).__name__, exc)
        return ""


def _collect(pieces: Iterator[str], max_chars: int) -> str:
    """Join the readers' pieces with newlines until `max_chars` is reached, then stop reading."""
    parts: list[str] = []
    size = 0
    try:
        for piece in pieces:
            piece = piece.replace("\x00", "").strip()
            if not piece:
                continue
            parts.append(piece)
            size += len(piece) + 1
            if size >= max_chars:
                break
    finally:
        close = getattr(pieces, "close", None)
        if close:
            close()  # runs the reader's cleanup (e.g. closing a read-only workbook)
    return "\n".join(parts)[:max_chars]


@contextlib.contextmanager
def _binary(file):
    """A seekable binary stream over `file`, left as it was found (closed files closed again,
    open ones rewound)."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        yield io.BytesIO(bytes(file))
    elif isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as handle:
            yield handle
    elif hasattr(file, "closed") and file.closed and hasattr(file, "open"):
        file.open("rb")
        try:
            yield file
        finally:
            file.close()
    else:
        file.seek(0)
        try:
            yield file
        finally:
            file.seek(0)


def _docx(stream, max_chars: int) -> Iterator[str]:
    from docx import Document
    from docx.table import Table

    document = Document(stream)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table(block)
        else:
            yield block.text
    seen = set()
    for section in document.sections:
        for part in (section.header, section.footer):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            for paragraph in part.paragraphs:
                yield paragraph.text


def _docx_table(table) -> Iterator[str]:
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is returned once per grid column it spans
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        yield "\t".join(cells)


def _xlsx(stream, max_chars: int) -> Iterator[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(max_row=MAX_SHEET_ROWS, values_only=True):
                values = [_cell_text(value) for value in row]
                while values and not values[-1]:
                    values.pop()
                if values:
                    yield "\t".join(values)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return " ".join(str(value).split())


def _pptx(stream, max_chars: int) -> Iterator[str]:
    from pptx import Presentation

    presentation = Presentation(stream)
    for slide in presentation.slides:
        yield from _pptx_shapes(slide.shapes)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            yield slide.notes_slide.notes_text_frame.text


def _pptx_shapes(shapes) -> Iterator[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _pptx_shapes(shape.shapes)
        elif shape.has_text_frame:
            yield shape.text_frame.text
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield "\t".join(" ".join(cell.text.split()) for cell in row.cells)


def _pdf(stream, max_chars: int) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):  # opened only when it has no user password
        logger.info("pdf is password-protected; no text extracted")
        return
    for index, page in enumerate(reader.pages):
        if index >= MAX_PDF_PAGES:
            break
        yield page.extract_text() or ""


def _plain(stream, max_chars: int) -> Iterator[str]:
    data = stream.read(max_chars * 4 + 4)  # no character takes more than 4 bytes in these encodings
    truncated = bool(stream.read(1))
    yield _decode(data, final=not truncated)


def _decode(data: bytes, *, final: bool) -> str:
    """UTF-8 (BOM or not), UTF-16 with its BOM (Notepad's "Unicode"), else GB18030 — the
    superset of GBK and GB2312 that Chinese Windows saves by default. A file cut at the read
    limit may end in half a character; that half is dropped, not taken for another encoding."""
    if data.startswith(codecs.BOM_UTF8):
        return codecs.getincrementaldecoder("utf-8")(errors="replace").decode(data[3:], final=final)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")(errors="replace").decode(data, final=final)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return codecs.getincrementaldecoder("gb18030")(errors="replace").decode(data, final=final)


_READERS = {
    "docx": _docx,
    "xlsx": _xlsx,
    "pptx": _pptx,
    "pdf": _pdf,
    **dict.fromkeys(TEXT_EXTENSIONS, _plain),
}
