"""The events of solutions and of the handover to implementation (presales.events): the
kinds, and one constructor per kind. A solution's events are about the solution (the
version is in the data); the handover's are about the handover, named by the opportunity."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.events.registry import define, define_legacy, field_labels
from presales.events.services import record
from presales.solutions.models import Handover, Solution

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

# The handover -----------------------------------------------------------------------------

HANDOVER_STARTED = define(
    "solutions.handover_started",
    label=_("Handover started"),
    sentence=_("started the handover of %(code)s to implementation"),
)
HANDOVER_UPDATED = define(
    "solutions.handover_updated",
    label=_("Handover changed"),
    sentence=_("changed the handover of %(code)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(Handover, data.get("fields"))},
)
CHECKLIST_HANDED_OVER = define(
    "solutions.checklist_handed_over",
    label=_("Document handed over"),
    sentence=_("handed over “%(item)s” (%(code)s)"),
)
CHECKLIST_NOT_HANDED_OVER = define(
    "solutions.checklist_not_handed_over",
    label=_("Document not handed over"),
    sentence=_("marked “%(item)s” as not handed over (%(code)s)"),
)
CHECKLIST_ADDED = define(
    "solutions.checklist_added",
    label=_("Handover document added"),
    sentence=_("added “%(item)s” to the handover list of %(code)s"),
)
VISIT_ADDED = define(
    "solutions.visit_added",
    label=_("Support visit recorded"),
    sentence=_("recorded the support visit of %(visited_on)s for %(code)s"),
)
ACCEPTANCE_SAVED = define(
    "solutions.acceptance_saved",
    label=_("Acceptance report saved"),
    sentence=_("saved the acceptance report of %(code)s"),
)
ACCEPTANCE_SUBMITTED = define(
    "solutions.acceptance_submitted",
    label=_("Acceptance report submitted"),
    sentence=_("sent the acceptance report of %(code)s for approval"),
)
ACCEPTANCE_APPROVED = define(
    "solutions.acceptance_approved",
    label=_("Acceptance report approved"),
    sentence=_("approved the acceptance report of %(code)s"),
)
ACCEPTANCE_RETURNED = define(
    "solutions.acceptance_returned",
    label=_("Acceptance report returned"),
    sentence=_("returned the acceptance report of %(code)s"),
)
ACCEPTANCE_WITHDRAWN = define(
    "solutions.acceptance_withdrawn",
    label=_("Acceptance report withdrawn"),
    sentence=_("withdrew the acceptance report of %(code)s from approval"),
)
LEGACY = define_legacy("solutions")


def _solution(kind: str, solution: Solution, user, **data):
    return record(
        kind,
        user,
        opportunity=solution.opportunity,
        subject=solution,
        data={"code": solution.code, "title": solution.title, **data},
    )


def _version(kind: str, version, user, **data):
    return _solution(kind, version.solution, user, version=version.number, version_id=version.pk, **data)


def solution_created(solution: Solution, user):
    return _solution(SOLUTION_CREATED, solution, user)


def solution_updated(solution: Solution, user, fields: list[str]):
    return _solution(SOLUTION_UPDATED, solution, user, fields=list(fields))


def version_created(version, user):
    return _version(VERSION_CREATED, version, user)


def review_recorded(version, user):
    return _version(REVIEW_RECORDED, version, user)


def signoff_submitted(version, user):
    return _version(SIGNOFF_SUBMITTED, version, user)


def version_approved(version, user):
    return _version(VERSION_APPROVED, version, user)


def version_returned(version, user, reasons: list[str]):
    return _version(VERSION_RETURNED, version, user, reason="\n".join(reasons))


def version_withdrawn(version, user):
    return _version(VERSION_WITHDRAWN, version, user)


def qa_recorded(version, user):
    return _version(QA_RECORDED, version, user)


def _handover(kind: str, handover: Handover, user, **data):
    opportunity = handover.opportunity
    return record(kind, user, opportunity=opportunity, subject=handover, data={"code": opportunity.code, **data})


def handover_started(handover: Handover, user):
    return _handover(HANDOVER_STARTED, handover, user)


def handover_updated(handover: Handover, user, fields: list[str]):
    return _handover(HANDOVER_UPDATED, handover, user, fields=list(fields))


def checklist_handed_over(handover: Handover, item, user):
    return _handover(CHECKLIST_HANDED_OVER, handover, user, item_id=item.pk, item=item.name)


def checklist_not_handed_over(handover: Handover, item, user):
    return _handover(CHECKLIST_NOT_HANDED_OVER, handover, user, item_id=item.pk, item=item.name)


def checklist_added(handover: Handover, item, user):
    return _handover(CHECKLIST_ADDED, handover, user, item_id=item.pk, item=item.name)


def visit_added(handover: Handover, visit, user):
    return _handover(VISIT_ADDED, handover, user, visit_id=visit.pk, visited_on=str(visit.visited_on))


def acceptance_saved(handover: Handover, user):
    return _handover(ACCEPTANCE_SAVED, handover, user)


def acceptance_submitted(handover: Handover, user):
    return _handover(ACCEPTANCE_SUBMITTED, handover, user)


def acceptance_approved(handover: Handover, user):
    return _handover(ACCEPTANCE_APPROVED, handover, user)


def acceptance_returned(handover: Handover, user, reasons: list[str]):
    return _handover(ACCEPTANCE_RETURNED, handover, user, reason="\n".join(reasons))


def acceptance_withdrawn(handover: Handover, user):
    return _handover(ACCEPTANCE_WITHDRAWN, handover, user)
