"""The events of the library (presales.events): the kinds, and one constructor per kind.
A document's events are about the document (its title is in the data, so the sentence reads
even after a rename); a folder's about the folder. Downloads are counted on the document, not
written as events: reading changes nothing, and a busy template would flood the stream."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.models import Event
from presales.events.registry import define, field_labels
from presales.events.services import record
from presales.knowledge.models import Document, DocumentStatus, DocumentVersion, Folder


def _status_params(data: dict) -> dict:
    labels = dict(DocumentStatus.choices)
    return {key: labels.get(data.get(key), data.get(key, "")) for key in ("from_status", "to_status")}


DOCUMENT_CREATED = define(
    "knowledge.document_created",
    label=_("Library document added"),
    sentence=_("added “%(title)s” to the library"),
)
DOCUMENT_UPDATED = define(
    "knowledge.document_updated",
    label=_("Library document changed"),
    sentence=_("changed the library document “%(title)s”: %(fields)s"),
    params=lambda data: {"fields": field_labels(Document, data.get("fields"))},
)
VERSION_ADDED = define(
    "knowledge.version_added",
    label=_("Library document version uploaded"),
    sentence=_("uploaded version %(version)s of “%(title)s”"),
)
STATUS_CHANGED = define(
    "knowledge.status_changed",
    label=_("Library document status changed"),
    sentence=_("moved “%(title)s” from %(from_status)s to %(to_status)s"),
    params=_status_params,
)
REVIEW_DONE = define(
    "knowledge.review_done",
    label=_("Library document reviewed"),
    sentence=_("reviewed “%(title)s”; next review on %(next_review_on)s"),
)
DOCUMENT_GRANTS_CHANGED = define(
    "knowledge.document_grants_changed",
    label=_("Library document rules changed"),
    sentence=_("changed who may read and edit “%(title)s”"),
)
FOLDER_CREATED = define(
    "knowledge.folder_created",
    label=_("Library folder created"),
    sentence=_("created the library folder “%(name)s”"),
)
FOLDER_CHANGED = define(
    "knowledge.folder_changed",
    label=_("Library folder changed"),
    sentence=_("changed the library folder “%(name)s”: %(fields)s"),
    params=lambda data: {"fields": field_labels(Folder, data.get("fields"))},
)
FOLDER_GRANTS_CHANGED = define(
    "knowledge.folder_grants_changed",
    label=_("Library folder rules changed"),
    sentence=_("changed who may read and edit the library folder “%(name)s”"),
)


def _document(kind: str, document: Document, user: User | None, **data) -> Event:
    return record(kind, user, subject=document, data={"title": document.title, **data})


def document_created(document: Document, user: User) -> Event:
    return _document(DOCUMENT_CREATED, document, user)


def document_updated(document: Document, user: User, fields: list[str]) -> Event:
    return _document(DOCUMENT_UPDATED, document, user, fields=list(fields))


def version_added(version: DocumentVersion, user: User) -> Event:
    return _document(VERSION_ADDED, version.document, user, version=version.number, version_id=version.pk)


def status_changed(document: Document, user: User | None, from_status: str, note: str = "") -> Event:
    return _document(STATUS_CHANGED, document, user, from_status=from_status, to_status=document.status, note=note)


def review_done(document: Document, user: User) -> Event:
    next_on = document.next_review_on.isoformat() if document.next_review_on else "—"
    return _document(REVIEW_DONE, document, user, next_review_on=next_on)


def document_grants_changed(document: Document, user: User) -> Event:
    return _document(DOCUMENT_GRANTS_CHANGED, document, user, access=document.access)


def folder_created(folder: Folder, user: User) -> Event:
    return record(FOLDER_CREATED, user, subject=folder, data={"name": folder.name})


def folder_changed(folder: Folder, user: User, fields: list[str]) -> Event:
    return record(FOLDER_CHANGED, user, subject=folder, data={"name": folder.name, "fields": list(fields)})


def folder_grants_changed(folder: Folder, user: User) -> Event:
    return record(FOLDER_GRANTS_CHANGED, user, subject=folder, data={"name": folder.name})


REVIEW_OVERDUE = define(
    "knowledge.review_overdue",
    label=_("Library document review overdue"),
    sentence=_("owns “%(title)s”, past its review date (%(date)s): marked review overdue"),
)


def review_overdue(document: Document, from_status: str) -> Event:
    """Written by the daily digest, in the owner's name: no person made the change, the
    calendar did, and the owner is whom it concerns."""
    due = document.next_review_on.isoformat() if document.next_review_on else "—"
    return _document(
        REVIEW_OVERDUE, document, document.owner, date=due, from_status=from_status, to_status=document.status
    )


# Success cases, competitor profiles, links and publishing (declared there, imported here so
# the kinds exist when the apps are ready: presales.events discovers the events modules).
from presales.knowledge import events_reuse  # noqa: E402, F401
