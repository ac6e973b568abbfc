"""Documents and their versions: create (with the first file), edit, add a version, set the
document's own rules, count a download. The life-cycle is presales.knowledge.services.lifecycle."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog.models import Product
from presales.customers.models import Industry
from presales.knowledge import access, events
from presales.knowledge.models import (
    REVIEW_INTERVAL_MAX,
    Document,
    DocumentAccess,
    DocumentStatus,
    DocumentVersion,
    Folder,
    Tag,
)
from presales.knowledge.services.grants import GrantSpec, check_grants, replace_grants
from presales.knowledge.text import content_kind, file_text
from presales.lib.forms import TEXT_SHORT
from presales.lib.lifecycle import next_review_date
from presales.lib.services import ServiceError, apply_changes, check_text, check_text_limits, require

DOCUMENT_FIELDS = ["title", "description", "review_interval_months", "valid_until", "access"]
MAX_TAGS = 10
TAG_MAX_CHARS = 30


def _lock(document: Document) -> Document:
    return (
        Document.objects.select_for_update(of=("self",)).select_related("folder", "folder__library").get(pk=document.pk)
    )


def _check_fields(document: Document) -> None:
    if not document.title.strip():
        raise ServiceError(_("Give the document a title."))
    interval = document.review_interval_months
    if not isinstance(interval, int) or not 0 <= interval <= REVIEW_INTERVAL_MAX:
        raise ServiceError(_("The review interval is between 0 and %(max)d months.") % {"max": REVIEW_INTERVAL_MAX})
    if document.access not in DocumentAccess.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))
    check_text_limits(document)


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as typed (comma-separated in the form): trimmed, without duplicates, bounded."""
    names: list[str] = []
    for raw in tags:
        name = " ".join(str(raw).split())
        if not name or name in names:
            continue
        if len(name) > TAG_MAX_CHARS:
            raise ServiceError(
                _("A tag is at most %(max)d characters: “%(tag)s”.") % {"max": TAG_MAX_CHARS, "tag": name[:40]}
            )
        names.append(name)
    if len(names) > MAX_TAGS:
        raise ServiceError(_("At most %(max)d tags per document.") % {"max": MAX_TAGS})
    return names


def _set_tags(document: Document, tags: Iterable[str]) -> bool:
    names = clean_tags(tags)
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    Tag.objects.bulk_create([Tag(name=n) for n in names if n not in existing], ignore_conflicts=True)
    wanted = list(Tag.objects.filter(name__in=names))
    before = set(document.tags.values_list("pk", flat=True))
    if before == {t.pk for t in wanted}:
        return False
    document.tags.set(wanted)
    return True


def _industries(codes: Iterable[str]) -> str:
    codes = set(codes)
    unknown = codes - set(Industry.values)
    if unknown:
        raise ServiceError(_("This page is out of date: reload it and try again."))
    return ",".join(code for code in Industry.values if code in codes)  # in the choices' order


def _set_products(document: Document, products: Iterable[Product]) -> bool:
    wanted = {p.pk for p in products}
    if set(document.products.values_list("pk", flat=True)) == wanted:
        return False
    document.products.set(wanted)
    return True


def _check_note(note: str, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise ServiceError(_("Say what changed in this version."))
    check_text(_("Change note"), note, TEXT_SHORT)
    return note


def _add_version(document: Document, user: User, file, change_note: str) -> DocumentVersion:
    """Store the file as the next version, with its size, checksum and text (old versions
    stay: they are the document's history)."""
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    name = getattr(file, "name", "") or ""
    version = DocumentVersion(
        document=document,
        number=last + 1,
        file=file,
        change_note=change_note,
        size=file.size,
        sha256=digest.hexdigest(),
        content_kind=content_kind(name),
        extracted_text=file_text(file, name),
        uploaded_by=user,
    )
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    events.version_added(version, user)
    return version


@transaction.atomic
def document_create(
    *,
    user: User,
    folder: Folder,
    data: dict,
    file,
    tags: Iterable[str] = (),
    products: Iterable[Product] = (),
    industries: Iterable[str] = (),
    grants: Iterable[GrantSpec] = (),
    owner: User | None = None,
    change_note: str = "",
) -> Document:
    """A new draft in `folder` with its first version. The folder's editors and the managers
    add documents; the owner is the one who adds it unless a curator names another."""
    folder = Folder.objects.select_related("library").get(pk=folder.pk)
    require(access.can_add_document(user, folder))
    if file is None:
        raise ServiceError(_("Choose the file to upload."))
    document = Document(folder=folder, owner=owner or user)
    apply_changes(document, data, DOCUMENT_FIELDS)
    document.industries = _industries(industries)
    _check_fields(document)
    document.save()
    if document.access == DocumentAccess.OWN:
        replace_grants(document.grants, check_grants(grants))
    _set_tags(document, tags)
    _set_products(document, products)
    events.document_created(document, user)
    _add_version(document, user, file, _check_note(change_note, required=False))
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    user: User,
    data: dict,
    folder: Folder | None = None,
    tags: Iterable[str] | None = None,
    products: Iterable[Product] | None = None,
    industries: Iterable[str] | None = None,
) -> Document:
    """Edit the description of a document (not its file: a new version). Moving it to
    another folder needs the right to add documents there. A changed review interval
    counts from today."""
    locked = _lock(document)
    require(access.can_edit_document(user, locked))
    if locked.status == DocumentStatus.ARCHIVED:
        raise ServiceError(_("The document is archived: restore it before changing it."))
    changed = apply_changes(locked, data, [f for f in DOCUMENT_FIELDS if f != "access"])
    if folder is not None and folder.pk != locked.folder_id:
        folder = Folder.objects.select_related("library").get(pk=folder.pk)
        require(access.can_add_document(user, folder))
        locked.folder = folder
        changed.append("folder")
    if industries is not None:
        value = _industries(industries)
        if value != locked.industries:
            locked.industries = value
            changed.append("industries")
    _check_fields(locked)
    if "review_interval_months" in changed and locked.status in access.OPEN_STATUSES:
        locked.next_review_on = next_review_date(locked)
    if tags is not None and _set_tags(locked, tags):
        changed.append("tags")
    if products is not None and _set_products(locked, products):
        changed.append("products")
    if changed:
        locked.save()
        events.document_updated(locked, user, changed)
    return locked


@transaction.atomic
def document_add_version(*, document: Document, user: User, file, change_note: str) -> DocumentVersion:
    """Upload a new file for the document; the change note says what changed (required)."""
    locked = _lock(document)
    require(access.can_edit_document(user, locked))
    if locked.status == DocumentStatus.ARCHIVED:
        raise ServiceError(_("The document is archived: restore it before adding a version."))
    if file is None:
        raise ServiceError(_("Choose the file to upload."))
    return _add_version(locked, user, file, _check_note(change_note, required=True))


@transaction.atomic
def document_set_grants(*, document: Document, user: User, access_mode: str, grants: Iterable[GrantSpec]) -> Document:
    """Who may read and edit the document: as its folder, or its own rules (narrower or
    wider). The owner and the folder's curators decide."""
    locked = _lock(document)
    require(locked.owner_id == user.pk or access.is_curator(user, locked))
    if access_mode not in DocumentAccess.values:
        raise ServiceError(_("This page is out of date: reload it and try again."))
    grants = check_grants(grants) if access_mode == DocumentAccess.OWN else []
    changed = replace_grants(locked.grants, grants)
    if locked.access != access_mode:
        locked.access = access_mode
        locked.save(update_fields=["access", "updated_at"])
        changed = True
    if changed:
        events.document_grants_changed(locked, user)
    return locked


def document_record_download(*, document: Document, user: User) -> None:
    """Count one download by someone who may read the document (one UPDATE, no lock: two
    downloads at once both count)."""
    require(access.can_read_document(user, document))
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
