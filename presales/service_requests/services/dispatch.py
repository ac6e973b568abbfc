"""The presales manager's dispatch: assigning an engineer, deciding on a site survey, rejecting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, require
from presales.lib.services import save_with_history as _save
from presales.notifications.models import NotificationKind
from presales.service_requests import access, events
from presales.service_requests.models import ServiceRequest
from presales.service_requests.services._common import S, _lock, _move, _reason, _require_status, _tell

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal


@transaction.atomic
def request_assign(
    *,
    request: ServiceRequest,
    user: User,
    engineer: User | None,
    estimated_hours: Decimal | None = None,
    due_date: date | None = None,
    survey_needed: bool | None = None,
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


def requests_bulk_assign(
    *,
    requests: list[ServiceRequest],
    user: User,
    engineer: User | None,
    estimated_hours: Decimal | None = None,
    due_date: date | None = None,
    survey_needed: bool | None = None,
) -> tuple[list[ServiceRequest], list[tuple[ServiceRequest, str]]]:
    """The dispatch page's one form for the requests ticked: each is its own assignment
    through `request_assign` (its own transaction, rules, event and notice), never one
    all-or-nothing change, so one accepted or cancelled meanwhile does not hold up the rest.
    What is left empty (hours, due date, survey) keeps each request's own value. Returns the
    requests assigned and, for each one refused, the request and the reason."""
    done, refused = [], []
    for sr in requests:
        try:
            done.append(
                request_assign(
                    request=sr,
                    user=user,
                    engineer=engineer,
                    estimated_hours=estimated_hours,
                    due_date=due_date,
                    survey_needed=survey_needed,
                )
            )
        except ServiceError as exc:
            refused.append((sr, " ".join(str(m) for m in exc.messages)))
        except PermissionDenied as exc:
            refused.append((sr, str(exc) or _("Only a presales manager can assign requests.")))
    return done, refused


@transaction.atomic
def request_set_survey_needed(*, request: ServiceRequest, user: User, survey_needed: bool) -> ServiceRequest:
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
def request_reject(*, request: ServiceRequest, user: User, reason: str) -> ServiceRequest:
    require(access.is_dispatcher(user), _("Only a presales manager can reject a request."))
    sr = _lock(request)
    _require_status(sr, access.REJECTABLE_STATUSES, _("A request that is %(status)s can no longer be rejected."))
    reason = _reason(reason, _("Say why the request is rejected."))
    from_status = _move(sr, user, S.REJECTED, why=reason, reason=reason, closed_at=timezone.now())
    events.rejected(sr, user, from_status, reason)
    _tell(sr, user, NotificationKind.REQUEST_REJECTED, [sr.requested_by, sr.assignee], comment=reason)
    return sr
