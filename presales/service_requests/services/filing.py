"""Filing a service request, editing it and adding files to it (the requester's side)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.services import ServiceError, apply_changes, check_version, require
from presales.lib.services import save_with_history as _save
from presales.notifications.models import NotificationKind
from presales.service_requests import access, events
from presales.service_requests.models import (
    REQUEST_EDIT_FIELDS,
    AttachmentKind,
    ServiceRequest,
    ServiceRequestAttachment,
)
from presales.service_requests.services._common import (
    S,
    _add_files,
    _lock,
    _managers,
    _next_code,
    _refuse_final,
    _require_status,
    _tell,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile


@transaction.atomic
def request_create(*, user: User, data: dict, files: Iterable[UploadedFile] = ()) -> ServiceRequest:
    """File a request from an opportunity or a customer the user may see."""
    from presales.customers.access import customers_visible_to
    from presales.opportunities.access import sees_opportunity

    require(access.is_filer(user), _("Only sales reps, sales heads and managers can file service requests."))
    opportunity = data.get("opportunity")
    customer = data.get("customer")
    if opportunity is not None:
        if not sees_opportunity(user, opportunity.pk):
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
    for name in REQUEST_EDIT_FIELDS:
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
def request_update(
    *, request: ServiceRequest, user: User, data: dict, seen_version: int | None = None
) -> ServiceRequest:
    require(access.is_requester_side(user, request), _("Only the requester or a manager can edit this request."))
    sr = _lock(request)
    _require_status(
        sr,
        access.EDITABLE_STATUSES,
        _("A request that is %(status)s can no longer be edited; only submitted or assigned requests can."),
    )
    check_version(sr, seen_version)
    old_wanted_by = sr.wanted_by
    changed = apply_changes(sr, data, REQUEST_EDIT_FIELDS)
    if "wanted_by" in changed and sr.due_date in (None, old_wanted_by):
        sr.due_date = sr.wanted_by  # the due date was only the wanted-by date: it follows it
    if changed:
        sr.version += 1
        _save(sr, user)
        events.edited(sr, user, changed)
    return sr


@transaction.atomic
def attachment_add(
    *, request: ServiceRequest, user: User, files: Iterable[UploadedFile]
) -> list[ServiceRequestAttachment]:
    require(
        access.is_requester_side(user, request) or access.is_assignee(user, request),
        _("Only the requester, the engineer or a manager can add files."),
    )
    sr = _lock(request)
    _refuse_final(sr)
    return _add_files(sr, user, files, AttachmentKind.REQUEST)
