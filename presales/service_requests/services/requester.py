"""The requester's last steps: closing a delivered request, or cancelling one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.forms import TEXT_SHORT
from presales.lib.services import check_text, require
from presales.notifications.models import NotificationKind
from presales.service_requests import access, events
from presales.service_requests.models import ServiceRequest
from presales.service_requests.services._common import S, _lock, _managers, _move, _reason, _require_status, _tell


@transaction.atomic
def request_close(*, request: ServiceRequest, user: User, comment: str = "") -> ServiceRequest:
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
def request_cancel(*, request: ServiceRequest, user: User, reason: str) -> ServiceRequest:
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
