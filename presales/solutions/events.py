"""The events of solutions (presales.events): the kinds, and one constructor per kind. A
solution's events are about the solution (the version is in the data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.models import Event
from presales.events.registry import define, define_legacy, field_labels
from presales.events.services import record
from presales.solutions.models import Solution, SolutionVersion

# Solutions --------------------------------------------------------------------------------

SOLUTION_CREATED = define(
    "solutions.solution_created",
    label=_("Solution created"),
    sentence=_("created the solution %(code)s “%(title)s”"),
)
SOLUTION_UPDATED = define(
    "solutions.solution_updated",
    label=_("Solution changed"),
    sentence=_("changed the solution %(code)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(Solution, data.get("fields"))},
)
VERSION_CREATED = define(
    "solutions.version_created",
    label=_("Solution version uploaded"),
    sentence=_("uploaded version %(version)s of the solution %(code)s"),
)
REVIEW_RECORDED = define(
    "solutions.review_recorded",
    label=_("Review recorded"),
    sentence=_("recorded the review of %(code)s v%(version)s"),
)
SIGNOFF_SUBMITTED = define(
    "solutions.signoff_submitted",
    label=_("Sent for sign-off"),
    sentence=_("sent %(code)s v%(version)s for sign-off"),
)
VERSION_APPROVED = define(
    "solutions.version_approved",
    label=_("Solution signed off"),
    sentence=_("signed off %(code)s v%(version)s"),
)
VERSION_RETURNED = define(
    "solutions.version_returned",
    label=_("Solution returned"),
    sentence=_("returned %(code)s v%(version)s"),
)
VERSION_WITHDRAWN = define(
    "solutions.version_withdrawn",
    label=_("Sign-off withdrawn"),
    sentence=_("withdrew %(code)s v%(version)s from sign-off"),
)
QA_RECORDED = define(
    "solutions.qa_recorded",
    label=_("On-site Q&A recorded"),
    sentence=_("recorded an on-site Q&A on %(code)s v%(version)s"),
)

LEGACY = define_legacy("solutions")


def _solution(kind: str, solution: Solution, user: User, **data) -> Event:
    return record(
        kind,
        user,
        opportunity=solution.opportunity,
        subject=solution,
        data={"code": solution.code, "title": solution.title, **data},
    )


def _version(kind: str, version: SolutionVersion, user: User, **data) -> Event:
    return _solution(kind, version.solution, user, version=version.number, version_id=version.pk, **data)


def solution_created(solution: Solution, user: User) -> Event:
    return _solution(SOLUTION_CREATED, solution, user)


def solution_updated(solution: Solution, user: User, fields: list[str]) -> Event:
    return _solution(SOLUTION_UPDATED, solution, user, fields=list(fields))


def version_created(version: SolutionVersion, user: User) -> Event:
    return _version(VERSION_CREATED, version, user)


def review_recorded(version: SolutionVersion, user: User) -> Event:
    return _version(REVIEW_RECORDED, version, user)


def signoff_submitted(version: SolutionVersion, user: User) -> Event:
    return _version(SIGNOFF_SUBMITTED, version, user)


def version_approved(version: SolutionVersion, user: User) -> Event:
    return _version(VERSION_APPROVED, version, user)


def version_returned(version: SolutionVersion, user: User, reasons: list[str]) -> Event:
    return _version(VERSION_RETURNED, version, user, reason="\n".join(reasons))


def version_withdrawn(version: SolutionVersion, user: User) -> Event:
    return _version(VERSION_WITHDRAWN, version, user)


def qa_recorded(version: SolutionVersion, user: User) -> Event:
    return _version(QA_RECORDED, version, user)
