"""The events of the tender response (presales.events): the kinds, one constructor per kind.
Each is about the specification (its file name in the data, so the sentence reads after a
rename) and on the tender's opportunity, so the opportunity's timeline shows the bid work."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.registry import define
from presales.events.services import record
from presales.responses.models import Clause, Specification

SPEC_UPLOADED = define(
    "responses.spec_uploaded",
    label=_("Specification uploaded"),
    sentence=_("uploaded the specification “%(name)s” with %(count)s clauses"),
)
AUTOFILLED = define(
    "responses.autofilled",
    label=_("Deviation table auto-filled"),
    sentence=_("auto-filled the deviation table of “%(name)s”: %(matched)s of %(count)s clauses matched"),
)
CLAUSE_ANSWERED = define(
    "responses.clause_answered",
    label=_("Clause answered"),
    sentence=_("answered clause %(clause)s of “%(name)s”"),
)
CLAUSE_CHANGED = define(
    "responses.clause_changed",
    label=_("Clause changed"),
    sentence=_("changed clause %(clause)s of “%(name)s”"),
)
CLAUSES_MERGED = define(
    "responses.clauses_merged",
    label=_("Clauses merged"),
    sentence=_("merged clauses %(clauses)s of “%(name)s”"),
)
CLAUSE_SPLIT = define(
    "responses.clause_split",
    label=_("Clause split"),
    sentence=_("split clause %(clause)s of “%(name)s”"),
)
CLAUSES_ASSIGNED = define(
    "responses.clauses_assigned",
    label=_("Clauses assigned"),
    sentence=_("gave %(count)s clauses of “%(name)s” to %(assignee)s"),
)
BID_GENERATED = define(
    "responses.bid_generated",
    label=_("Technical bid generated"),
    sentence=_("generated the technical bid from “%(name)s”"),
)


def _record(kind: str, specification: Specification, user: User, data: dict) -> None:
    record(
        kind,
        user,
        opportunity=specification.tender.opportunity,
        subject=specification,
        data={"name": specification.name, **data},
    )


def spec_uploaded(specification: Specification, user: User, count: int) -> None:
    _record(SPEC_UPLOADED, specification, user, {"count": count})


def autofilled(specification: Specification, user: User, count: int, matched: int) -> None:
    _record(AUTOFILLED, specification, user, {"count": count, "matched": matched})


def clause_answered(clause: Clause, user: User) -> None:
    _record(CLAUSE_ANSWERED, clause.specification, user, {"clause": clause.label, "clause_id": clause.pk})


def clause_changed(clause: Clause, user: User, fields: list[str]) -> None:
    _record(CLAUSE_CHANGED, clause.specification, user, {"clause": clause.label, "fields": fields})


def clauses_merged(specification: Specification, user: User, labels: list[str]) -> None:
    _record(CLAUSES_MERGED, specification, user, {"clauses": "、".join(labels)})


def clause_split(clause: Clause, user: User) -> None:
    _record(CLAUSE_SPLIT, clause.specification, user, {"clause": clause.label})


def clauses_assigned(specification: Specification, user: User, count: int, assignee: str) -> None:
    _record(CLAUSES_ASSIGNED, specification, user, {"count": count, "assignee": assignee})


def bid_generated(specification: Specification, user: User) -> None:
    _record(BID_GENERATED, specification, user, {})
