"""The one check every uploaded file goes through (documents, photos, imports), the storage
that keeps long names within what the disk allows, and the one download view helper.

What `check_upload` refuses, each with a message that says why (docs/security.md):
- a name that carries a folder path or control characters;
- an extension outside the allowed list of the field;
- an empty file, or one over `PRESALES_MAX_UPLOAD_MB`;
- content that is not what the extension says, judged by the content itself (libmagic, the
  database behind the `file` command; and the structure of Office, PDF and archive files):
  an executable named .pdf, an SVG named .png and HTML named .txt are all refused;
- Office files with macros (oletools' VBA detection, for Word, Excel, PowerPoint, Visio and WPS,
  both the OOXML and the older OLE formats);
- zip-based files (Office documents, .zip) whose uncompressed size or entry count is over
  `PRESALES_MAX_UNCOMPRESSED_MB` / `PRESALES_MAX_ARCHIVE_ENTRIES` (archive bombs).
"""

from __future__ import annotations

import logging
import os
import unicodedata
import zipfile

import magic
from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext as _

DOCUMENT_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "dwg", "dxf", "zip", "rar", "7z",
        "png", "jpg", "jpeg", "txt", "vsd", "vsdx", "wps", "et", "dps",
    }
)  # fmt: skip
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "heic"})
SPREADSHEET_EXTENSIONS = frozenset({"xlsx"})
# The knowledge library: what `presales.lib.extract` reads text from (Office, PDF, text,
# Markdown) plus the images it previews. No old OLE formats: they carry macros most often
# and give no searchable text; save them as .docx/.xlsx/.pptx first.
LIBRARY_EXTENSIONS = frozenset({"docx", "xlsx", "pptx", "pdf", "txt", "md", "png", "jpg", "jpeg", "gif", "webp"})

# How each extension's content is recognised. "ooxml" and "zip" are zip archives (checked for
# size and, for Office, macros); "ole" is the older Office/WPS compound-file format.
_KIND_OF_EXTENSION = {
    "pdf": "pdf",
    "docx": "ooxml", "xlsx": "ooxml", "pptx": "ooxml", "vsdx": "ooxml",
    "doc": "ole", "xls": "ole", "ppt": "ole", "vsd": "ole", "wps": "ole", "et": "ole", "dps": "ole",
    "zip": "zip", "rar": "rar", "7z": "7z",
    "png": "image", "jpg": "image", "jpeg": "image", "gif": "image", "webp": "image", "heic": "image",
    "txt": "text", "md": "text", "csv": "text", "dxf": "text",
    "dwg": "dwg",
}  # fmt: skip
_IMAGE_MIMES = {
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "heic": {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"},
}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = {"rar": (b"Rar!\x1a\x07",), "7z": (b"7z\xbc\xaf\x27\x1c",), "dwg": (b"AC10", b"AC1.", b"AC2.")}
# Text that a browser or an editor would run rather than show.
_ACTIVE_TEXT = {"text/html", "image/svg+xml", "text/javascript", "application/javascript"}
_MAX_NAME_CHARS = 255

logger = logging.getLogger(__name__)


def check_upload(upload, allowed=DOCUMENT_EXTENSIONS):
    """Return the upload, or raise a ValidationError that says what is wrong with it."""
    if not upload:
        return upload
    name = upload.name or ""
    if any(sep in name for sep in ("/", "\\")) or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise forms.ValidationError(_("The file name must not contain a folder path or control characters."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise forms.ValidationError(
            _("Files of type “.%(ext)s” are not accepted. Allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(allowed))}
        )
    limit = settings.PRESALES_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": settings.PRESALES_MAX_UPLOAD_MB}
        )
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."))
    try:
        _check_content(upload, extension)
    finally:
        upload.seek(0)
    return upload


def _refuse_content(extension: str, mime: str):
    looks_like = {
        "application/x-dosexec": _("a Windows program"),
        "application/x-executable": _("a program"),
        "application/x-sharedlib": _("a program"),
        "application/x-pie-executable": _("a program"),
        "application/x-mach-binary": _("a program"),
        "text/x-shellscript": _("a script"),
        "text/html": _("a web page (HTML)"),
        "image/svg+xml": _("an SVG image, which can carry scripts"),
        "text/xml": _("an XML document"),
        "application/xml": _("an XML document"),
    }.get(mime, mime)
    return forms.ValidationError(
        _(
            "The content of this file is not a .%(ext)s file (it is %(kind)s). "
            "Save it in the right format and upload it again."
        )
        % {"ext": extension, "kind": looks_like}
    )


def _check_content(upload, extension: str) -> None:
    kind = _KIND_OF_EXTENSION.get(extension)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if kind == "pdf":
        if mime != "application/pdf" or b"%PDF-" not in head[:1024]:  # readers allow a few bytes before it
            raise _refuse_content(extension, mime)
    elif kind in ("ooxml", "zip"):
        if kind == "ooxml" and head.startswith(_OLE_SIGNATURE):  # Office keeps an encrypted .docx in OLE
            raise forms.ValidationError(
                _("The file is password-protected, so it cannot be checked. Remove the password and upload it again.")
            )
        if not head.startswith(b"PK"):
            raise _refuse_content(extension, mime)
        names = _check_archive(upload)
        if kind == "ooxml":
            if "[Content_Types].xml" not in names:
                raise _refuse_content(extension, mime)
            # The VBA part of a macro-enabled document, even one oletools cannot parse.
            if any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
                raise _macros_refused()
            _check_macros(upload)
    elif kind == "ole":
        if not head.startswith(_OLE_SIGNATURE):
            raise _refuse_content(extension, mime)
        _check_macros(upload)
    elif kind == "image":
        if mime not in _IMAGE_MIMES[extension]:
            raise _refuse_content(extension, mime)
    elif kind == "text":
        drawing = extension == "dxf" and (mime == "image/vnd.dxf" or head.startswith(b"AutoCAD Binary DXF"))
        plain_data = mime in ("application/csv", "application/json")
        if mime in _ACTIVE_TEXT or not (mime.startswith("text/") or plain_data or drawing):
            raise _refuse_content(extension, mime)
    elif kind in _SIGNATURES:
        if not head.startswith(_SIGNATURES[kind]):
            raise _refuse_content(extension, mime)
    # An extension with no known kind is accepted by name only; there is none in the lists above.


def _check_archive(upload) -> set[str]:
    """Refuse a zip that is damaged or that would unpack to more than the settings allow."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise forms.ValidationError(_("The file is damaged: it could not be opened as an archive.")) from exc
    if len(entries) > settings.PRESALES_MAX_ARCHIVE_ENTRIES:
        raise forms.ValidationError(
            _("The archive holds %(count)d files; at most %(max)d are accepted.")
            % {"count": len(entries), "max": settings.PRESALES_MAX_ARCHIVE_ENTRIES}
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.PRESALES_MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise forms.ValidationError(
            _("Unpacked, the file would take %(size)d MB; at most %(max)d MB is accepted.")
            % {"size": unpacked // (1024 * 1024), "max": settings.PRESALES_MAX_UNCOMPRESSED_MB}
        )
    return {entry.filename for entry in entries}


def _check_macros(upload) -> None:
    from oletools.olevba import VBA_Parser

    upload.seek(0)
    path = getattr(upload, "temporary_file_path", None)
    try:
        parser = VBA_Parser(path(), relaxed=True) if path else VBA_Parser(upload.name, data=upload.read(), relaxed=True)
        try:
            has_macros = parser.detect_vba_macros()
        finally:
            parser.close()
    except Exception as exc:  # oletools raises its own types for files it cannot parse
        logger.info("macro check could not parse %s: %s", upload.name, exc)
        raise forms.ValidationError(_("The file is damaged: it could not be opened as an Office document.")) from exc
    finally:
        upload.seek(0)
    if has_macros:
        raise _macros_refused()


def _macros_refused():
    return forms.ValidationError(
        _(
            "The document contains macros, which are not accepted. "
            "Save it without macros (e.g. as .docx or .xlsx) and upload it again."
        )
    )


def display_name(name: str) -> str:
    """The name to keep for display and download: no folder, at most 255 characters (the
    extension kept)."""
    name = os.path.basename((name or "").replace("\\", "/"))
    if len(name) <= _MAX_NAME_CHARS:
        return name
    root, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:
        return name[:_MAX_NAME_CHARS]
    return root[: _MAX_NAME_CHARS - len(extension) - 1] + "." + extension


class UploadStorage(FileSystemStorage):
    """Local storage whose file names fit the disk: most file systems allow 255 bytes per
    name, which 85 Chinese characters already fill. Longer names are shortened on disk
    (the extension kept); the whole name is kept on the record for display and download."""

    max_name_bytes = 120

    def get_valid_name(self, name):
        return self._shorten(super().get_valid_name(name))

    def get_available_name(self, name, max_length=None):
        folder, _sep, base = name.replace("\\", "/").rpartition("/")
        short = self._shorten(base)
        return super().get_available_name(f"{folder}/{short}" if folder else short, max_length=max_length)

    def _shorten(self, name: str) -> str:
        if len(name.encode()) <= self.max_name_bytes:
            return name
        root, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 16:
            root, extension = name, ""
        room = self.max_name_bytes - len(extension.encode()) - (1 if extension else 0)
        short = root.encode()[:room].decode(errors="ignore")
        return f"{short}.{extension}" if extension else short


class DocumentFileField(models.FileField):
    """A FileField that keeps the uploader's whole file name in the model's `name_field`
    (declared after it), since the stored name may be shortened (UploadStorage)."""

    def __init__(self, *args, name_field: str = "original_name", **kwargs):
        self.name_field = name_field
        kwargs.setdefault("max_length", 300)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.name_field != "original_name":
            kwargs["name_field"] = self.name_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:  # a new upload: its name is still the uploader's
            setattr(model_instance, self.name_field, display_name(file.name))
        return super().pre_save(model_instance, add)


def stored_name(field_file, original_name: str = "") -> str:
    """What a person sees as the file's name: the whole name given at upload, else the
    stored one without its folder."""
    return original_name or (field_file.name.rsplit("/", 1)[-1] if field_file else "")


def serve_file(field_file, filename: str = ""):
    """A download response for a stored file (after the caller's visibility check), under the
    name the uploader gave it when the record kept it."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=stored_name(field_file, filename))
