"""The text of an uploaded file, for search and the preview — the one place the library
calls text extraction (presales.lib.extract: one well-kept library per format), and the kind
of content the preview chooses by. Images have no text. A file that cannot be read gives ""
(logged): a damaged file must not stop its upload, it only goes unsearched.
"""

from __future__ import annotations

import logging

from presales.knowledge.models import EXTRACTED_TEXT_MAX, ContentKind
from presales.lib.extract import extract_text as _extract

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


def file_text(file, name: str) -> str:
    """The file's text, capped at EXTRACTED_TEXT_MAX characters."""
    try:
        text = _extract(file, name, max_chars=EXTRACTED_TEXT_MAX) or ""
    except Exception as exc:  # each reader library raises its own errors for a damaged file
        logger.info("no text from %s: %s", name, exc)
        text = ""
    finally:
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass
    return text.replace("\x00", "")[:EXTRACTED_TEXT_MAX]
