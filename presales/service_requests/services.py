"""Every change of a service request: who may, in which status, with an event row each time.

Role refusals raise PermissionDenied (with the reason); refusals because of the request's
state raise ServiceError with the exact reason shown to the user.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.roles import Role
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, apply_changes, check_text, check_version, next_yearly_code, require
from presales.lib.services import save_with_history as _save
from presales.lib.uploads import IMAGE_EXTENSIONS
from presales.notifications.models import NotificationKind
from presales.notifications.services import notify
from presales.service_requests import access, events
from presales.service_requests.models import (
    AttachmentKind,
    RequestStatus,
    RequirementsForm,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestCodeCounter,
    SiteSurvey,
    SurveyAttachment,
)

S = RequestStatus
EDIT_FIELDS = [
    "request_type",
    "title",
    "content",
    "contact_name",
    "contact_phone",
    "site_address",
    "wanted_by",
    "priority",
]
SURVEY_FIELDS = [
    "surveyed_on",
    "place",
    "people_met",
    "current_situation",
    "equipment_facts",
    "network_facts",
    "building_facts",
    "needs_found",
]
REQUIREMENTS_FIELDS = [
    "business_background",
    "needs",
    "scope",
    "budget_range",
    "schedule",
    "existing_systems",
    "constraints",
]


# --- helpers -----------------------------------------------------------------------------


def _lock(sr: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",)).select_related("requested_by", "assignee").get(pk=sr.pk)
    )


def _move(sr: ServiceRequest, user, to_status: str, *, why: str = "", **stamps) -> str:
    """Change the status, set the fields given (times, reason) and save; returns the status
    the request had, for the caller's event."""
    from_status = sr.status
    sr.status = to_status
    for name, value in stamps.items():
        setattr(sr, name, value)
    sr.version += 1
    _save(sr, user, reason=why)
    return from_status


def _url(sr: ServiceRequest) -> str:
    return reverse("service_requests:detail", args=[sr.pk])


def _tell(sr: ServiceRequest, user, kind: str, recipients, comment: str = "") -> None:
    """Notify people of a change of the request (in-app and e-mail)."""
    notify(recipients=recipients, kind=kind, actor=user, subject=_subject(sr), url=_url(sr), comment=comment)


def _subject(sr: ServiceRequest) -> str:
    return f"{sr.code} {sr.title}"


def _managers():
    return list(get_user_model().objects.filter(is_active=True, groups__name=Role.PRESALES_MANAGER).distinct())


def _next_code() -> str:
    return next_yearly_code(ServiceRequestCodeCounter, "SR")


FINAL_MESSAGES = {
    S.CLOSED: lambda: _("A request that is closed cannot be changed."),
    S.REJECTED: lambda: _("A request that is rejected cannot be changed."),
    S.CANCELLED: lambda: _("A request that is cancelled cannot be changed."),
}


def _refuse_final(sr: ServiceRequest) -> None:
    if sr.status in FINAL_MESSAGES:
        raise ServiceError(FINAL_MESSAGES[sr.status]())


def _require_status(sr: ServiceRequest, allowed, message: str) -> None:
    _refuse_final(sr)
    if sr.status not in allowed:
        raise ServiceError(message % {"status": sr.get_status_display()})


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(message)
    return reason


def _add_files(sr: ServiceRequest, user, files, kind: str) -> list[ServiceRequestAttachment]:
    rows = [
        ServiceRequestAttachment.objects.create(request=sr, file=upload, kind=kind, uploaded_by=user)
        for upload in files or ()
        if upload
    ]
    if rows:
        events.file_added(sr, user, [row.filename for row in rows])
    return rows


# --- filing and editing --------------------------------------------------------------------


@transaction.atomic
def request_create(*, user, data: dict, files=()) -> ServiceRequest:
    """File a request from an opportunity or a customer the user may see."""
    from presales.customers.access import customers_visible_to
    from presales.opportunities.access import opportunities_visible_to

    require(access.is_filer(user), _("Only sales reps, sales heads and managers can file service requests."))
    opportunity = data.get("opportunity")
    customer = data.get("customer")
    if opportunity is not None:
        if not opportunities_visible_to(user).filter(pk=opportunity.pk).exists():
            raise PermissionDenied(_("You cannot see this opportunity."))
        if not opportunity.is_active:
            raise ServiceError(_("The opportunity is closed: no new service requests can be filed for it."))
        customer = opportunity.customer
    if customer is None:
        raise ServiceError(_("Choose the customer or the opportunity the request is for."))
    if opportunity is None and not customers_visible_to(user).filter(pk=customer.pk).exists():
        raise PermissionDenied(_("You cannot see this customer."))
    sr = ServiceRequest(
        code=_next_code(),
        opportunity=opportunity,
        customer=customer,
        requested_by=user,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for name in EDIT_FIELDS:
        if name in data:
            setattr(sr, name, data[name])
    if not sr.wanted_by:
        raise ServiceError(_("Say by when the request is wanted."))
    sr.due_date = sr.wanted_by
    _save(sr, user)
    events.submitted(sr, user)
    _add_files(sr, user, files, AttachmentKind.REQUEST)
    _tell(sr, user, NotificationKind.REQUEST_SUBMITTED, _managers())
    return sr


@transaction.atomic
def request_update(*, request: ServiceRequest, user, data: dict, seen_version: int | None = None) -> ServiceRequest:
    require(access.is_requester_side(user, request), _("Only the requester or a manager can edit this request."))
    sr = _lock(request)
    _require_status(
        sr,
        access.EDITABLE_STATUSES,
        _("A request that is %(status)s can no longer be edited; only submitted or assigned requests can."),
    )
    check_version(sr, seen_version)
    old_wanted_by = sr.wanted_by
    changed = apply_changes(sr, data, EDIT_FIELDS)
    if "wanted_by" in changed and sr.due_date in (None, old_wanted_by):
        sr.due_date = sr.wanted_by  # the due date was only the wanted-by date: it follows it
    if changed:
        sr.version += 1
        _save(sr, user)
        events.edited(sr, user, changed)
    return sr


@transaction.atomic
def attachment_add(*, request: ServiceRequest, user, files) -> list[ServiceRequestAttachment]:
    require(
        access.is_requester_side(user, request) or access.is_assignee(user, request),
        _("Only the requester, the engineer or a manager can add files."),
    )
    sr = _lock(request)
    _refuse_final(sr)
    return _add_files(sr, user, files, AttachmentKind.REQUEST)


# --- dispatch ----------------------------------------------------------------------------


@transaction.atomic
def request_assign(
    *, request: ServiceRequest, user, engineer, estimated_hours=None, due_date=None, survey_needed=None
) -> ServiceRequest:
    """The presales manager gives the request to an engineer (or to another one)."""
    require(access.is_dispatcher(user), _("Only a presales manager can assign requests."))
    sr = _lock(request)
    _require_status(sr, access.ASSIGNABLE_STATUSES, _("A request that is %(status)s cannot be assigned any more."))
    if engineer is None or not engineer.is_active or not access.is_engineer(engineer):
        raise ServiceError(_("Requests can only be assigned to presales engineers or managers."))
    if estimated_hours is not None and estimated_hours <= 0:
        raise ServiceError(_("The estimated hours must be more than zero."))
    previous = sr.assignee
    reason = previous.display_name + " → " if previous and previous.pk != engineer.pk else ""
    from_status = _move(
        sr,
        user,
        S.ASSIGNED,
        why=f"{reason}{engineer.display_name}",
        assignee=engineer,
        assigned_by=user,
        assigned_at=timezone.now(),
        estimated_hours=estimated_hours if estimated_hours is not None else sr.estimated_hours,
        due_date=due_date or sr.due_date or sr.wanted_by,
        survey_needed=survey_needed if survey_needed is not None else sr.survey_needed,
    )
    events.assigned(sr, user, from_status, engineer=engineer, previous=previous)
    _tell(sr, user, NotificationKind.REQUEST_ASSIGNED, [engineer])
    return sr


@transaction.atomic
def request_set_survey_needed(*, request: ServiceRequest, user, survey_needed: bool) -> ServiceRequest:
    require(access.is_dispatcher(user), _("Only a presales manager decides whether a site survey is needed."))
    sr = _lock(request)
    _require_status(
        sr, access.FORM_STATUSES, _("A request that is %(status)s: the site survey decision can no longer change.")
    )
    if sr.survey_needed is not survey_needed:
        sr.survey_needed = survey_needed
        sr.version += 1
        _save(sr, user)
        events.survey_decided(sr, user, survey_needed)
    return sr


@transaction.atomic
def request_reject(*, request: ServiceRequest, user, reason: str) -> ServiceRequest:
    require(access.is_dispatcher(user), _("Only a presales manager can reject a request."))
    sr = _lock(request)
    _require_status(sr, access.REJECTABLE_STATUSES, _("A request that is %(status)s can no longer be rejected."))
    reason = _reason(reason, _("Say why the request is rejected."))
    from_status = _move(sr, user, S.REJECTED, why=reason, reason=reason, closed_at=timezone.now())
    events.rejected(sr, user, from_status, reason)
    _tell(sr, user, NotificationKind.REQUEST_REJECTED, [sr.requested_by, sr.assignee], comment=reason)
    return sr


# --- the engineer ------------------------------------------------------------------------


@transaction.atomic
def request_accept(*, request: ServiceRequest, user) -> ServiceRequest:
    require(access.is_assignee(user, request), _("Only the assigned engineer can accept this request."))
    sr = _lock(request)
    require(access.is_assignee(user, sr), _("Only the assigned engineer can accept this request."))
    _require_status(sr, (S.ASSIGNED,), _("A request that is %(status)s cannot be accepted."))
    from_status = _move(sr, user, S.ACCEPTED, accepted_at=timezone.now())
    events.accepted(sr, user, from_status)
    _tell(sr, user, NotificationKind.REQUEST_ACCEPTED, [sr.requested_by, sr.assigned_by])
    return sr


@transaction.atomic
def request_decline(*, request: ServiceRequest, user, reason: str) -> ServiceRequest:
    """The engineer hands the request back: it returns to the manager's queue."""
    require(access.is_assignee(user, request), _("Only the assigned engineer can decline this request."))
    sr = _lock(request)
    require(access.is_assignee(user, sr), _("Only the assigned engineer can decline this request."))
    _require_status(sr, (S.ASSIGNED,), _("A request that is %(status)s cannot be declined any more."))
    reason = _reason(reason, _("Say why you decline the request."))
    check_text(_("Reason"), reason, TEXT_SHORT)
    from_status = _move(sr, user, S.SUBMITTED, why=reason, assignee=None, assigned_by=None, assigned_at=None)
    events.declined(sr, user, from_status, reason)
    _tell(sr, user, NotificationKind.REQUEST_DECLINED, [*_managers(), sr.requested_by], comment=reason)
    return sr


@transaction.atomic
def request_start(*, request: ServiceRequest, user) -> ServiceRequest:
    require(access.is_assignee(user, request), _("Only the assigned engineer can start work on this request."))
    sr = _lock(request)
    _require_status(sr, (S.ACCEPTED,), _("A request that is %(status)s cannot be started; accept it first."))
    from_status = _move(sr, user, S.IN_PROGRESS, started_at=timezone.now())
    events.started(sr, user, from_status)
    return sr


@transaction.atomic
def request_deliver(*, request: ServiceRequest, user, note: str, files=()) -> ServiceRequest:
    require(access.is_assignee(user, request), _("Only the assigned engineer can deliver this request."))
    sr = _lock(request)
    _require_status(sr, (S.ACCEPTED, S.IN_PROGRESS), _("A request that is %(status)s cannot be delivered."))
    note = _reason(note, _("Describe what is delivered."))
    if sr.survey_needed is True and not SiteSurvey.objects.filter(request=sr).exists():
        raise ServiceError(_("The site survey record is missing: fill it in before delivering."))
    now = timezone.now()
    from_status = _move(
        sr, user, S.DELIVERED, why=note, delivered_at=now, delivery_note=note, started_at=sr.started_at or now
    )
    events.delivered(sr, user, from_status, note)
    _add_files(sr, user, files, AttachmentKind.DELIVERY)
    _tell(sr, user, NotificationKind.REQUEST_DELIVERED, [sr.requested_by], comment=note)
    return sr


# --- the requester -----------------------------------------------------------------------


@transaction.atomic
def request_close(*, request: ServiceRequest, user, comment: str = "") -> ServiceRequest:
    require(access.is_requester_side(user, request), _("Only the requester or a manager can close this request."))
    sr = _lock(request)
    _require_status(sr, (S.DELIVERED,), _("A request that is %(status)s cannot be closed; it must be delivered first."))
    check_text(_("Comment"), comment, TEXT_SHORT)
    comment = (comment or "").strip()
    from_status = _move(sr, user, S.CLOSED, why=comment, closed_at=timezone.now())
    events.closed(sr, user, from_status, comment)
    _tell(sr, user, NotificationKind.REQUEST_CLOSED, [sr.assignee], comment=comment)
    return sr


@transaction.atomic
def request_cancel(*, request: ServiceRequest, user, reason: str) -> ServiceRequest:
    require(access.is_requester_side(user, request), _("Only the requester or a manager can cancel this request."))
    sr = _lock(request)
    _require_status(sr, access.CANCELLABLE_STATUSES, _("A request that is %(status)s can no longer be cancelled."))
    reason = _reason(reason, _("Say why the request is cancelled."))
    from_status = _move(sr, user, S.CANCELLED, why=reason, reason=reason, closed_at=timezone.now())
    events.cancelled(sr, user, from_status, reason)
    _tell(
        sr,
        user,
        NotificationKind.REQUEST_CANCELLED,
        [sr.assignee, *([] if sr.assignee_id else _managers())],
        comment=reason,
    )
    return sr


# --- survey / requirements -----------------------------------------------------------------


def _save_form_record(record, user, data, fields, extra, seen_version, changed_files=False) -> None:
    """Save the survey or requirements form of a request (its row is locked by the caller).
    An existing record is checked against the version the user opened."""
    if record.pk:
        check_version(record, seen_version)
    changed = apply_changes(record, data, fields)
    merged = {**(record.extra or {}), **(extra or {})}
    if merged != record.extra:
        record.extra = merged
        changed.append("extra")
    if record.pk and (changed or changed_files):
        record.version += 1
    record.filled_by = user
    _save(record, user)


@transaction.atomic
def survey_save(
    *, request: ServiceRequest, user, data: dict, extra: dict | None = None, files=(), seen_version: int | None = None
) -> SiteSurvey:
    """The assigned engineer records the site survey (only when the manager asked for one).
    A correction based on an old copy of the record (`seen_version`) is refused."""
    require(access.is_assignee(user, request), _("Only the assigned engineer fills the site survey."))
    sr = _lock(request)
    _refuse_final(sr)
    if sr.survey_needed is not True:
        raise ServiceError(
            _("No site survey was asked for on this request: the sales rep fills the requirements form instead.")
            if sr.survey_needed is False
            else _("The presales manager has not yet decided whether a site survey is needed.")
        )
    if sr.status not in access.SURVEY_STATUSES:
        raise ServiceError(_("Accept the request before recording the site survey."))
    survey = SiteSurvey.objects.filter(request=sr).first() or SiteSurvey(request=sr, filled_by=user)
    _save_form_record(survey, user, data, SURVEY_FIELDS, extra, seen_version, changed_files=bool(files))
    for upload in files or ():
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        SurveyAttachment.objects.create(
            survey=survey, file=upload, is_photo=extension in IMAGE_EXTENSIONS, uploaded_by=user
        )
    events.survey_saved(sr, user)
    return survey


@transaction.atomic
def requirements_save(
    *, request: ServiceRequest, user, data: dict, extra: dict | None = None, seen_version: int | None = None
) -> RequirementsForm:
    """The sales side fills the requirements form (only when no site survey is needed).
    A correction based on an old copy of the form (`seen_version`) is refused."""
    require(access.is_requester_side(user, request), _("Only the requester or a manager fills the requirements form."))
    sr = _lock(request)
    _refuse_final(sr)
    if sr.survey_needed is not False:
        raise ServiceError(
            _("A site survey is needed for this request: the engineer records it instead of the requirements form.")
            if sr.survey_needed
            else _("The presales manager has not yet decided whether a site survey is needed.")
        )
    if sr.status not in access.FORM_STATUSES:
        raise ServiceError(
            _("A request that is %(status)s: the requirements form can no longer change.")
            % {"status": sr.get_status_display()}
        )
    form = RequirementsForm.objects.filter(request=sr).first() or RequirementsForm(request=sr, filled_by=user)
    _save_form_record(form, user, data, REQUIREMENTS_FIELDS, extra, seen_version)
    events.requirements_saved(sr, user)
    return form
