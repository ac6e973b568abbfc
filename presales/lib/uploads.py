"""The one check every uploaded document goes through: type, size, not empty."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

DOCUMENT_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "dwg", "dxf", "zip", "rar", "7z",
        "png", "jpg", "jpeg", "txt", "vsd", "vsdx", "wps", "et", "dps",
    }
)  # fmt: skip
IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "heic"})


def check_upload(upload, allowed=DOCUMENT_EXTENSIONS):
    """Return the upload, or raise a ValidationError that says what is wrong with it."""
    if not upload:
        return upload
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
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
    return upload


def serve_file(field_file):
    """A download response for a stored file (after the caller's visibility check)."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])
