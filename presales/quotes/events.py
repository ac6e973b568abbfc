"""The events of quotes (presales.events): the kinds, and one constructor per kind. Every
event is about the quote; the version is in the data. No cost figure goes in: the total of
a version sent to price review is its price, which whoever sees the quote sees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.events.registry import amounts, choice_label, define, define_legacy, field_labels
from presales.events.services import record
from presales.quotes.models import Purpose, Quote, QuoteLine


def _purpose(data: dict) -> dict:
    return {"purpose": choice_label(Purpose, data.get("purpose"))}


QUOTE_CREATED = define(
    "quotes.quote_created",
    label=_("Quote created"),
    sentence=_("created the quote %(code)s “%(title)s”"),
)
VERSION_CREATED = define(
    "quotes.version_created",
    label=_("Quote version created"),
    sentence=_("started version %(version)s of the quote %(code)s"),
)
LINE_ADDED = define(
    "quotes.line_added",
    label=_("Quote line added"),
    sentence=_("added “%(line)s” to %(code)s v%(version)s"),
    detail=True,
)
LINE_UPDATED = define(
    "quotes.line_updated",
    label=_("Quote line changed"),
    sentence=_("changed “%(line)s” in %(code)s v%(version)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(QuoteLine, data.get("fields"))},
    detail=True,
)
LINE_DELETED = define(
    "quotes.line_deleted",
    label=_("Quote line deleted"),
    sentence=_("deleted “%(line)s” from %(code)s v%(version)s"),
    detail=True,
)
CONFIGURATION_ADDED = define(
    "quotes.configuration_added",
    label=_("Configuration added"),
    sentence=_("added the configuration %(configuration)s to %(code)s v%(version)s"),
)
CONFIGURATION_REPLACED = define(
    "quotes.configuration_replaced",
    label=_("Configuration replaced"),
    sentence=_(
        "replaced the configuration %(configuration)s in %(code)s v%(version)s (%(replaced)s lines → %(added)s)"
    ),
)
SUBMITTED = define(
    "quotes.submitted",
    label=_("Sent to price review"),
    sentence=_("sent %(code)s v%(version)s to price review as the %(purpose)s, %(total)s"),
    params=lambda data: {**_purpose(data), **amounts(data, "total")},
)
APPROVED = define(
    "quotes.approved",
    label=_("Price review passed"),
    sentence=_("approved %(code)s v%(version)s as the %(purpose)s"),
    params=_purpose,
)
RETURNED = define(
    "quotes.returned",
    label=_("Returned by price review"),
    sentence=_("returned %(code)s v%(version)s"),
)
WITHDRAWN = define(
    "quotes.withdrawn",
    label=_("Withdrawn from price review"),
    sentence=_("withdrew %(code)s v%(version)s from price review"),
)
LEGACY = define_legacy("quotes")


def _record(kind: str, quote: Quote, user, **data):
    return record(kind, user, opportunity=quote.opportunity, subject=quote, data={"code": quote.code, **data})


def _version(kind: str, version, user, **data):
    return _record(kind, version.quote, user, version=version.number, version_id=version.pk, **data)


def quote_created(quote: Quote, user):
    return _record(QUOTE_CREATED, quote, user, title=quote.title)


def version_created(version, user, note: str = ""):
    return _version(VERSION_CREATED, version, user, **({"reason": note} if note else {}))


def line_added(version, line, user):
    return _version(LINE_ADDED, version, user, line_id=line.pk, line=str(line))


def line_updated(version, line, user, fields: list[str]):
    return _version(LINE_UPDATED, version, user, line_id=line.pk, line=str(line), fields=list(fields))


def line_deleted(version, label: str, user):
    return _version(LINE_DELETED, version, user, line=label)


def configuration_added(version, configuration, user):
    return _version(CONFIGURATION_ADDED, version, user, configuration=configuration.code)


def configuration_replaced(version, configuration, user, *, replaced: int, added: int):
    return _version(
        CONFIGURATION_REPLACED, version, user, configuration=configuration.code, replaced=replaced, added=added
    )


def submitted(version, user):
    return _version(SUBMITTED, version, user, purpose=version.purpose, total=str(version.total_amount))


def approved(version, user):
    return _version(APPROVED, version, user, purpose=version.purpose)


def returned(version, user, reasons: list[str]):
    return _version(RETURNED, version, user, reason="\n".join(reasons))


def withdrawn(version, user):
    return _version(WITHDRAWN, version, user)
