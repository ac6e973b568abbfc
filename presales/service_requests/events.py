"""The events of service requests (presales.events): the kinds, and one constructor per
kind. A request's event belongs to its opportunity, when it has one, and to its customer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from presales.events.registry import define, define_legacy, field_labels
from presales.events.services import record
from presales.service_requests.models import ServiceRequest


def _assignee(data: dict) -> dict:
    previous = data.get("previous")
    engineer = data.get("engineer") or "—"
    return {"engineer": f"{previous} → {engineer}" if previous else engineer}


def _decision(data: dict) -> dict:
    if data.get("survey_needed"):
        return {"decision": _("Site survey needed")}
    return {"decision": _("No site survey: sales fills the requirements form")}


SUBMITTED = define(
    "service_requests.submitted",
    label=_("Filed"),
    sentence=_("filed the service request %(code)s “%(title)s”"),
)
EDITED = define(
    "service_requests.edited",
    label=_("Edited"),
    sentence=_("edited %(code)s: %(fields)s"),
    params=lambda data: {"fields": field_labels(ServiceRequest, data.get("fields"))},
)
ASSIGNED = define(
    "service_requests.assigned",
    label=_("Assigned"),
    sentence=_("assigned %(code)s to %(engineer)s"),
    params=_assignee,
)
ACCEPTED = define("service_requests.accepted", label=_("Accepted"), sentence=_("accepted %(code)s"))
DECLINED = define(
    "service_requests.declined",
    label=_("Declined"),
    sentence=_("declined %(code)s: it goes back to the presales manager"),
)
STARTED = define("service_requests.started", label=_("Started"), sentence=_("started work on %(code)s"))
DELIVERED = define("service_requests.delivered", label=_("Delivered"), sentence=_("delivered %(code)s"))
CLOSED = define("service_requests.closed", label=_("Closed"), sentence=_("closed %(code)s"))
REJECTED = define("service_requests.rejected", label=_("Rejected"), sentence=_("rejected %(code)s"))
CANCELLED = define("service_requests.cancelled", label=_("Cancelled"), sentence=_("cancelled %(code)s"))
SURVEY_DECIDED = define(
    "service_requests.survey_decided",
    label=_("Site survey decision"),
    sentence=_("decided for %(code)s: %(decision)s"),
    params=_decision,
)
SURVEY_SAVED = define(
    "service_requests.survey_saved",
    label=_("Site survey saved"),
    sentence=_("saved the site survey of %(code)s"),
)
REQUIREMENTS_SAVED = define(
    "service_requests.requirements_saved",
    label=_("Requirements form saved"),
    sentence=_("saved the requirements form of %(code)s"),
)
FILE_ADDED = define(
    "service_requests.file_added",
    label=_("File added"),
    sentence=_("added files to %(code)s: %(files)s"),
)
LEGACY = define_legacy("service_requests")


def _record(kind: str, sr: ServiceRequest, user, **data):
    return record(
        kind, user, opportunity=sr.opportunity, customer=sr.customer, subject=sr, data={"code": sr.code, **data}
    )


def _moved(kind: str, sr: ServiceRequest, user, from_status: str, reason: str = ""):
    """A change of status: from, to (the request's status now) and the reason as typed."""
    data = {"from_status": from_status, "to_status": sr.status}
    if reason:
        data["reason"] = reason
    return _record(kind, sr, user, **data)


def submitted(sr: ServiceRequest, user):
    return _record(SUBMITTED, sr, user, title=sr.title, to_status=sr.status)


def edited(sr: ServiceRequest, user, fields: list[str]):
    return _record(EDITED, sr, user, fields=list(fields))


def assigned(sr: ServiceRequest, user, from_status: str, *, engineer, previous=None):
    """`previous`: the engineer the request is taken from (on a reassignment)."""
    moved = previous is not None and previous.pk != engineer.pk
    return _record(
        ASSIGNED,
        sr,
        user,
        from_status=from_status,
        to_status=sr.status,
        engineer_id=engineer.pk,
        engineer=engineer.display_name,
        **({"previous_id": previous.pk, "previous": previous.display_name} if moved else {}),
    )


def accepted(sr: ServiceRequest, user, from_status: str):
    return _moved(ACCEPTED, sr, user, from_status)


def declined(sr: ServiceRequest, user, from_status: str, reason: str):
    return _moved(DECLINED, sr, user, from_status, reason)


def started(sr: ServiceRequest, user, from_status: str):
    return _moved(STARTED, sr, user, from_status)


def delivered(sr: ServiceRequest, user, from_status: str, note: str):
    return _moved(DELIVERED, sr, user, from_status, note)


def closed(sr: ServiceRequest, user, from_status: str, comment: str = ""):
    return _moved(CLOSED, sr, user, from_status, comment)


def rejected(sr: ServiceRequest, user, from_status: str, reason: str):
    return _moved(REJECTED, sr, user, from_status, reason)


def cancelled(sr: ServiceRequest, user, from_status: str, reason: str):
    return _moved(CANCELLED, sr, user, from_status, reason)


def survey_decided(sr: ServiceRequest, user, survey_needed: bool):
    return _record(SURVEY_DECIDED, sr, user, survey_needed=survey_needed)


def survey_saved(sr: ServiceRequest, user):
    return _record(SURVEY_SAVED, sr, user)


def requirements_saved(sr: ServiceRequest, user):
    return _record(REQUIREMENTS_SAVED, sr, user)


def file_added(sr: ServiceRequest, user, filenames: list[str]):
    return _record(FILE_ADDED, sr, user, files=list(filenames))
