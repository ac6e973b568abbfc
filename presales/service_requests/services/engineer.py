"""The assigned engineer's steps: accept or decline, start, deliver."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import ServiceError, check_text, require
from presales.notifications.models import NotificationKind
from presales.opportunities.services import member_add_for_assignment
from presales.service_requests import access, events
from presales.service_requests.models import AttachmentKind, ServiceRequest, SiteSurvey
from presales.service_requests.services._common import (
    S,
    _add_files,
    _lock,
    _managers,
    _move,
    _reason,
    _require_status,
    _tell,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile


@transaction.atomic
def request_accept(*, request: ServiceRequest, user: User) -> ServiceRequest:
    """The assigned engineer takes the request on. On a request of an opportunity he joins
    its team (opportunities.services.member_add_for_assignment), in the same transaction."""
    require(access.is_assignee(user, request), _("Only the assigned engineer can accept this request."))
    sr = _lock(request)
    require(access.is_assignee(user, sr), _("Only the assigned engineer can accept this request."))
    _require_status(sr, (S.ASSIGNED,), _("A request that is %(status)s cannot be accepted."))
    from_status = _move(sr, user, S.ACCEPTED, accepted_at=timezone.now())
    events.accepted(sr, user, from_status)
    opportunity = sr.opportunity
    if opportunity is not None:
        # The work needs the opportunity, its customer and its solutions: he joins its team.
        member_add_for_assignment(opportunity=opportunity, member=user, request=sr)
    _tell(sr, user, NotificationKind.REQUEST_ACCEPTED, [sr.requested_by, sr.assigned_by])
    return sr


@transaction.atomic
def request_decline(*, request: ServiceRequest, user: User, reason: str) -> ServiceRequest:
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
def request_start(*, request: ServiceRequest, user: User) -> ServiceRequest:
    require(access.is_assignee(user, request), _("Only the assigned engineer can start work on this request."))
    sr = _lock(request)
    _require_status(sr, (S.ACCEPTED,), _("A request that is %(status)s cannot be started; accept it first."))
    from_status = _move(sr, user, S.IN_PROGRESS, started_at=timezone.now())
    events.started(sr, user, from_status)
    return sr


@transaction.atomic
def request_deliver(
    *, request: ServiceRequest, user: User, note: str, files: Iterable[UploadedFile] = ()
) -> ServiceRequest:
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
