"""The events of success cases, competitor profiles, document links and publishing
(presales.events). Imported by presales.knowledge.events, so the kinds are declared when the
apps are ready. A link's event is about the object the document is attached to, and carries
its opportunity: it shows on the opportunity's timeline — without the document's title, which
not every reader of the timeline may read (the card shows the link to those who may)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.models import Event
from presales.events.registry import define, field_labels
from presales.events.services import record
from presales.knowledge.models import Document
from presales.knowledge.models_reuse import Competitor, SuccessCase

CASE_CREATED = define(
    "knowledge.case_created", label=_("Success case added"), sentence=_("added the success case “%(title)s”")
)
CASE_UPDATED = define(
    "knowledge.case_updated",
    label=_("Success case changed"),
    sentence=_("changed the success case “%(title)s”: %(fields)s"),
    params=lambda data: {"fields": field_labels(SuccessCase, data.get("fields"))},
)
COMPETITOR_CREATED = define(
    "knowledge.competitor_created",
    label=_("Competitor profile added"),
    sentence=_("added the competitor profile “%(name)s”"),
)
COMPETITOR_UPDATED = define(
    "knowledge.competitor_updated",
    label=_("Competitor profile changed"),
    sentence=_("changed the competitor profile “%(name)s”: %(fields)s"),
    params=lambda data: {"fields": field_labels(Competitor, data.get("fields"))},
)
COMPETITORS_SYNCED = define(
    "knowledge.competitors_synced",
    label=_("Competitor profiles created from opportunities"),
    sentence=_("created %(count)s competitor profiles from the opportunities: %(names)s"),
)
DOCUMENT_LINKED = define(
    "knowledge.document_linked",
    label=_("Library document attached"),
    sentence=_("attached a library document to %(target)s"),
)
DOCUMENT_UNLINKED = define(
    "knowledge.document_unlinked",
    label=_("Library document detached"),
    sentence=_("detached a library document from %(target)s"),
)
PUBLISHED_FROM = define(
    "knowledge.published_from",
    label=_("Published to the library"),
    sentence=_("published %(source)s to the library as “%(title)s”"),
)


def case_created(case: SuccessCase, user: User) -> Event:
    return record(CASE_CREATED, user, subject=case, opportunity=case.opportunity, data={"title": case.title})


def case_updated(case: SuccessCase, user: User, fields: list[str]) -> Event:
    return record(CASE_UPDATED, user, subject=case, data={"title": case.title, "fields": list(fields)})


def competitor_created(competitor: Competitor, user: User) -> Event:
    return record(COMPETITOR_CREATED, user, subject=competitor, data={"name": competitor.name})


def competitor_updated(competitor: Competitor, user: User, fields: list[str]) -> Event:
    return record(COMPETITOR_UPDATED, user, subject=competitor, data={"name": competitor.name, "fields": list(fields)})


def competitors_synced(user: User, names: list[str]) -> Event:
    return record(COMPETITORS_SYNCED, user, data={"count": len(names), "names": "、".join(names)})


def _target(target) -> tuple[str, object]:
    """The target as the sentence names it (stored: codes and titles do not translate) and its opportunity."""
    opportunity = getattr(target, "opportunity", None) or target
    return (
        f"{getattr(target, 'code', '')} {getattr(target, 'title', '') or getattr(target, 'name', '')}".strip(),
        opportunity,
    )


def document_linked(document: Document, target, user: User) -> Event:
    name, opportunity = _target(target)
    return record(
        DOCUMENT_LINKED,
        user,
        subject=target,
        opportunity=opportunity,
        data={"document_id": document.pk, "target": name},
    )


def document_unlinked(document: Document, target, user: User) -> Event:
    name, opportunity = _target(target)
    return record(
        DOCUMENT_UNLINKED,
        user,
        subject=target,
        opportunity=opportunity,
        data={"document_id": document.pk, "target": name},
    )


def published_from(document: Document, source_name: str, opportunity, user: User) -> Event:
    return record(
        PUBLISHED_FROM,
        user,
        subject=document,
        opportunity=opportunity,
        data={"title": document.title, "source": source_name},
    )
