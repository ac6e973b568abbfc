"""The events of tenders (presales.events): the kinds, and one constructor per kind. Every
event is about the tender (its number in the data, so the sentence reads after a change) and
belongs to its opportunity's timeline; the small steps of the work are `detail`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.models import Event
from presales.events.registry import choice_label, define, field_labels
from presales.events.services import record
from presales.tenders.models import Decision, ReviewResult, Tender, TenderFileKind

REGISTERED = define(
    "tenders.registered",
    label=_("Tender registered"),
    sentence=_("registered the tender %(number)s “%(title)s”"),
)
UPDATED = define(
    "tenders.updated",
    label=_("Tender changed"),
    sentence=_("changed the tender %(number)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(Tender, data.get("fields"))},
)
FILE_ADDED = define(
    "tenders.file_added",
    label=_("Tender file added"),
    sentence=_("added the %(kind)s “%(file)s” to the tender %(number)s"),
    params=lambda data: {"kind": choice_label(TenderFileKind, data.get("file_kind"))},
)
FILE_REMOVED = define(
    "tenders.file_removed",
    label=_("Tender file removed"),
    sentence=_("removed “%(file)s” from the tender %(number)s"),
    detail=True,
)
LOTS_CHANGED = define(
    "tenders.lots_changed",
    label=_("Tender lots changed"),
    sentence=_("changed the lot %(lot)s of the tender %(number)s"),
    detail=True,
)
SCORED = define(
    "tenders.scored",
    label=_("Bid decision scored"),
    sentence=_("scored %(criterion)s %(score)s for the tender %(number)s"),
    detail=True,
)
DECIDED = define(
    "tenders.decided",
    label=_("Bid decision"),
    sentence=_("decided “%(decision)s” for the tender %(number)s: %(reason)s"),
    params=lambda data: {"decision": choice_label(Decision, data.get("decision"))},
)
TEAM_CHANGED = define(
    "tenders.team_changed",
    label=_("Bid team changed"),
    sentence=_("changed the bid team of the tender %(number)s: %(person)s"),
    detail=True,
)
TASK_CHANGED = define(
    "tenders.task_changed",
    label=_("Bid task changed"),
    sentence=_("changed the bid task “%(task)s” of the tender %(number)s"),
    detail=True,
)
PACKAGE_CHANGED = define(
    "tenders.package_changed",
    label=_("Bid package changed"),
    sentence=_("changed “%(item)s” of the bid package of the tender %(number)s"),
    detail=True,
)
REVIEW_CHECKED = define(
    "tenders.review_checked",
    label=_("Bid review check"),
    sentence=_("marked “%(check)s” %(result)s in the review of the tender %(number)s"),
    params=lambda data: {"result": choice_label(ReviewResult, data.get("result"))},
    detail=True,
)
SUBMITTED = define(
    "tenders.submitted",
    label=_("Bid submitted"),
    sentence=_("marked the bid for the tender %(number)s submitted"),
)
AWARDED = define(
    "tenders.awarded",
    label=_("Tender awarded"),
    sentence=_("recorded the award of the tender %(number)s"),
)
LOST = define(
    "tenders.lost",
    label=_("Tender lost"),
    sentence=_("recorded the tender %(number)s lost to %(winner)s"),
)
CANCELLED = define(
    "tenders.cancelled",
    label=_("Tender cancelled"),
    sentence=_("cancelled the tender %(number)s: %(reason)s"),
)


def _record(kind: str, tender: Tender, user: User | None, **data) -> Event:
    return record(kind, user, opportunity=tender.opportunity, subject=tender, data={"number": tender.number, **data})


def registered(tender: Tender, user: User) -> Event:
    return _record(REGISTERED, tender, user, title=tender.title)


def updated(tender: Tender, user: User, fields: list[str]) -> Event:
    return _record(UPDATED, tender, user, fields=list(fields))


def file_added(tender: Tender, user: User, *, kind: str, file: str) -> Event:
    return _record(FILE_ADDED, tender, user, file_kind=kind, file=file)


def file_removed(tender: Tender, user: User, *, file: str) -> Event:
    return _record(FILE_REMOVED, tender, user, file=file)


def lots_changed(tender: Tender, user: User, *, lot: str, change: str) -> Event:
    return _record(LOTS_CHANGED, tender, user, lot=lot, change=change)


def scored(tender: Tender, user: User, *, criterion: str, score: int) -> Event:
    return _record(SCORED, tender, user, criterion=criterion, score=score)


def decided(tender: Tender, user: User, *, decision: str, reason: str, recommendation: str) -> Event:
    return _record(DECIDED, tender, user, decision=decision, reason=reason, recommendation=recommendation)


def team_changed(tender: Tender, user: User, *, person: str, change: str) -> Event:
    return _record(TEAM_CHANGED, tender, user, person=person, change=change)


def task_changed(tender: Tender, user: User, *, task: str, change: str) -> Event:
    return _record(TASK_CHANGED, tender, user, task=task, change=change)


def package_changed(tender: Tender, user: User, *, item: str, change: str) -> Event:
    return _record(PACKAGE_CHANGED, tender, user, item=item, change=change)


def review_checked(tender: Tender, user: User, *, check: str, result: str) -> Event:
    return _record(REVIEW_CHECKED, tender, user, check=check, result=result)


def submitted(tender: Tender, user: User) -> Event:
    return _record(SUBMITTED, tender, user)


def awarded(tender: Tender, user: User, *, amount: str = "") -> Event:
    return _record(AWARDED, tender, user, amount=amount)


def lost(tender: Tender, user: User, *, winner: str, price: str = "") -> Event:
    return _record(LOST, tender, user, winner=winner, price=price)


def cancelled(tender: Tender, user: User, *, reason: str) -> Event:
    return _record(CANCELLED, tender, user, reason=reason)
