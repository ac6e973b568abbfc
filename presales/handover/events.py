"""The events of the handover to implementation and its acceptance report (presales.events):
the kinds, and one constructor per kind. They are about the handover, named by the
opportunity's code. (Until the handover had its own app they were "solutions.handover_*",
"solutions.checklist_*", "solutions.visit_added" and "solutions.acceptance_*":
migrations/0002_event_kinds.py renamed the stored rows.)"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.events.models import Event
from presales.events.registry import define, field_labels
from presales.events.services import record
from presales.handover.models import Handover, HandoverChecklistItem, SupportVisit

HANDOVER_STARTED = define(
    "handover.started",
    label=_("Handover started"),
    sentence=_("started the handover of %(code)s to implementation"),
)
HANDOVER_UPDATED = define(
    "handover.updated",
    label=_("Handover changed"),
    sentence=_("changed the handover of %(code)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(Handover, data.get("fields"))},
)
CHECKLIST_HANDED_OVER = define(
    "handover.checklist_handed_over",
    label=_("Document handed over"),
    sentence=_("handed over “%(item)s” (%(code)s)"),
)
CHECKLIST_NOT_HANDED_OVER = define(
    "handover.checklist_not_handed_over",
    label=_("Document not handed over"),
    sentence=_("marked “%(item)s” as not handed over (%(code)s)"),
)
CHECKLIST_ADDED = define(
    "handover.checklist_added",
    label=_("Handover document added"),
    sentence=_("added “%(item)s” to the handover list of %(code)s"),
)
VISIT_ADDED = define(
    "handover.visit_added",
    label=_("Support visit recorded"),
    sentence=_("recorded the support visit of %(visited_on)s for %(code)s"),
)
ACCEPTANCE_SAVED = define(
    "handover.acceptance_saved",
    label=_("Acceptance report saved"),
    sentence=_("saved the acceptance report of %(code)s"),
)
ACCEPTANCE_SUBMITTED = define(
    "handover.acceptance_submitted",
    label=_("Acceptance report submitted"),
    sentence=_("sent the acceptance report of %(code)s for approval"),
)
ACCEPTANCE_APPROVED = define(
    "handover.acceptance_approved",
    label=_("Acceptance report approved"),
    sentence=_("approved the acceptance report of %(code)s"),
)
ACCEPTANCE_RETURNED = define(
    "handover.acceptance_returned",
    label=_("Acceptance report returned"),
    sentence=_("returned the acceptance report of %(code)s"),
)
ACCEPTANCE_WITHDRAWN = define(
    "handover.acceptance_withdrawn",
    label=_("Acceptance report withdrawn"),
    sentence=_("withdrew the acceptance report of %(code)s from approval"),
)


def _handover(kind: str, handover: Handover, user: User, **data) -> Event:
    opportunity = handover.opportunity
    return record(kind, user, opportunity=opportunity, subject=handover, data={"code": opportunity.code, **data})


def handover_started(handover: Handover, user: User) -> Event:
    return _handover(HANDOVER_STARTED, handover, user)


def handover_updated(handover: Handover, user: User, fields: list[str]) -> Event:
    return _handover(HANDOVER_UPDATED, handover, user, fields=list(fields))


def checklist_handed_over(handover: Handover, item: HandoverChecklistItem, user: User) -> Event:
    return _handover(CHECKLIST_HANDED_OVER, handover, user, item_id=item.pk, item=item.name)


def checklist_not_handed_over(handover: Handover, item: HandoverChecklistItem, user: User) -> Event:
    return _handover(CHECKLIST_NOT_HANDED_OVER, handover, user, item_id=item.pk, item=item.name)


def checklist_added(handover: Handover, item: HandoverChecklistItem, user: User) -> Event:
    return _handover(CHECKLIST_ADDED, handover, user, item_id=item.pk, item=item.name)


def visit_added(handover: Handover, visit: SupportVisit, user: User) -> Event:
    return _handover(VISIT_ADDED, handover, user, visit_id=visit.pk, visited_on=str(visit.visited_on))


def acceptance_saved(handover: Handover, user: User) -> Event:
    return _handover(ACCEPTANCE_SAVED, handover, user)


def acceptance_submitted(handover: Handover, user: User) -> Event:
    return _handover(ACCEPTANCE_SUBMITTED, handover, user)


def acceptance_approved(handover: Handover, user: User) -> Event:
    return _handover(ACCEPTANCE_APPROVED, handover, user)


def acceptance_returned(handover: Handover, user: User, reasons: list[str]) -> Event:
    return _handover(ACCEPTANCE_RETURNED, handover, user, reason="\n".join(reasons))


def acceptance_withdrawn(handover: Handover, user: User) -> Event:
    return _handover(ACCEPTANCE_WITHDRAWN, handover, user)
