"""What the service-request services share: locking, moving the status, the state refusals,
notifying, and adding files. Private to the services package."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.accounts.roles import Role
from presales.lib.services import ServiceError, next_yearly_code
from presales.lib.services import save_with_history as _save
from presales.notifications.services import notify
from presales.service_requests import events
from presales.service_requests.models import (
    RequestStatus,
    ServiceRequest,
    ServiceRequestAttachment,
    ServiceRequestCodeCounter,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files.uploadedfile import UploadedFile

S = RequestStatus


def _lock(sr: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",)).select_related("requested_by", "assignee").get(pk=sr.pk)
    )


def _move(sr: ServiceRequest, user: User, to_status: str, *, why: str = "", **stamps) -> str:
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


def _tell(sr: ServiceRequest, user: User, kind: str, recipients: Iterable[User | None], comment: str = "") -> None:
    """Notify people of a change of the request (in-app and e-mail)."""
    notify(recipients=recipients, kind=kind, actor=user, subject=_subject(sr), url=_url(sr), comment=comment)


def _subject(sr: ServiceRequest) -> str:
    return f"{sr.code} {sr.title}"


def _managers() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.PRESALES_MANAGER).distinct())


def _next_code() -> str:
    return next_yearly_code(ServiceRequestCodeCounter, "SR")


FINAL_MESSAGES: dict[str, Callable[[], str]] = {
    S.CLOSED: lambda: _("A request that is closed cannot be changed."),
    S.REJECTED: lambda: _("A request that is rejected cannot be changed."),
    S.CANCELLED: lambda: _("A request that is cancelled cannot be changed."),
}


def _refuse_final(sr: ServiceRequest) -> None:
    if sr.status in FINAL_MESSAGES:
        raise ServiceError(FINAL_MESSAGES[sr.status]())


def _require_status(sr: ServiceRequest, allowed: Iterable[str], message: str) -> None:
    _refuse_final(sr)
    if sr.status not in allowed:
        raise ServiceError(message % {"status": sr.get_status_display()})


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(message)
    return reason


def _add_files(
    sr: ServiceRequest, user: User, files: Iterable[UploadedFile], kind: str
) -> list[ServiceRequestAttachment]:
    rows = [
        ServiceRequestAttachment.objects.create(request=sr, file=upload, kind=kind, uploaded_by=user)
        for upload in files or ()
        if upload
    ]
    if rows:
        events.file_added(sr, user, [row.filename for row in rows])
    return rows
