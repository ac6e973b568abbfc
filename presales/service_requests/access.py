"""Who may see and do what with a service request — the one place these rules live.

Seeing: the requester sees his own requests, the engineer those assigned to him, managers and
the roles that see all see every request, and whoever may see the linked opportunity sees its
requests. A sales rep never sees another rep's requests (unless he is on that opportunity).

Doing: `is_*` answer "does this person have the role for it" (services raise PermissionDenied
when not); `can_*` add the status (pages show only the buttons that would succeed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from presales.accounts.models import User
from presales.accounts.roles import Role, dispatches, has_role, is_manager, sees_all, user_roles
from presales.lib.views import get_or_404
from presales.service_requests.models import RequestStatus, ServiceRequest

if TYPE_CHECKING:
    from django.db.models import QuerySet

S = RequestStatus
EDITABLE_STATUSES = (S.SUBMITTED, S.ASSIGNED)
CANCELLABLE_STATUSES = (S.SUBMITTED, S.ASSIGNED, S.ACCEPTED, S.IN_PROGRESS)
ASSIGNABLE_STATUSES = (S.SUBMITTED, S.ASSIGNED)
REJECTABLE_STATUSES = (S.SUBMITTED, S.ASSIGNED)
FORM_STATUSES = (S.SUBMITTED, S.ASSIGNED, S.ACCEPTED, S.IN_PROGRESS)
SURVEY_STATUSES = (S.ACCEPTED, S.IN_PROGRESS, S.DELIVERED)


def requests_visible_to(user: User) -> QuerySet[ServiceRequest]:
    from presales.opportunities.access import opportunities_visible_to

    qs = ServiceRequest.objects.all()
    if sees_all(user):
        return qs
    if not user_roles(user):
        return qs.none()
    return qs.filter(
        Q(requested_by=user) | Q(assignee=user) | Q(opportunity__in=opportunities_visible_to(user).values("pk"))
    )


def accepted_without_opportunity(user: User) -> QuerySet[ServiceRequest]:
    """The requests filed on a customer alone that the user accepted: their customers are his
    to see for that work (registered with customers.access as a SeenThrough rule). A request
    of an opportunity needs no such rule: accepting it puts him on the opportunity's team."""
    return ServiceRequest.objects.filter(assignee=user, accepted_at__isnull=False, opportunity__isnull=True)


# --- roles -------------------------------------------------------------------------------


def is_filer(user: User) -> bool:
    """Sales reps, sales heads and managers file requests."""
    return has_role(user, Role.SALES_REP, Role.SALES_HEAD) or is_manager(user)


def is_dispatcher(user: User) -> bool:
    """The presales manager (and admins) assign, reject and decide on site surveys."""
    return dispatches(user)


def is_engineer(user: User) -> bool:
    return has_role(user, Role.PRESALES_ENGINEER, Role.PRESALES_MANAGER)


def is_requester_side(user: User, sr: ServiceRequest) -> bool:
    """The requester himself, or a manager acting for him."""
    return sr.requested_by_id == user.pk or is_manager(user)


def is_assignee(user: User, sr: ServiceRequest) -> bool:
    return sr.assignee_id is not None and sr.assignee_id == user.pk


# --- role + status (what the page offers) ------------------------------------------------


def can_edit(user: User, sr: ServiceRequest) -> bool:
    return is_requester_side(user, sr) and sr.status in EDITABLE_STATUSES


def can_assign(user: User, sr: ServiceRequest) -> bool:
    return is_dispatcher(user) and sr.status in ASSIGNABLE_STATUSES


def can_accept(user: User, sr: ServiceRequest) -> bool:
    return is_assignee(user, sr) and sr.status == S.ASSIGNED


can_decline = can_accept


def can_start(user: User, sr: ServiceRequest) -> bool:
    return is_assignee(user, sr) and sr.status == S.ACCEPTED


def can_deliver(user: User, sr: ServiceRequest) -> bool:
    return is_assignee(user, sr) and sr.status in (S.ACCEPTED, S.IN_PROGRESS)


def can_close(user: User, sr: ServiceRequest) -> bool:
    return is_requester_side(user, sr) and sr.status == S.DELIVERED


def can_reject(user: User, sr: ServiceRequest) -> bool:
    return is_dispatcher(user) and sr.status in REJECTABLE_STATUSES


def can_cancel(user: User, sr: ServiceRequest) -> bool:
    return is_requester_side(user, sr) and sr.status in CANCELLABLE_STATUSES


def can_decide_survey(user: User, sr: ServiceRequest) -> bool:
    return is_dispatcher(user) and sr.status in FORM_STATUSES


def can_fill_survey(user: User, sr: ServiceRequest) -> bool:
    return sr.survey_needed is True and is_assignee(user, sr) and sr.status in SURVEY_STATUSES


def can_fill_requirements(user: User, sr: ServiceRequest) -> bool:
    return sr.survey_needed is False and is_requester_side(user, sr) and sr.status in FORM_STATUSES


def can_add_files(user: User, sr: ServiceRequest) -> bool:
    return not sr.is_final and (is_requester_side(user, sr) or is_assignee(user, sr))


ACTIONS = {
    "view": lambda user, sr: True,
    "edit": is_requester_side,
    "assign": lambda user, sr: is_dispatcher(user),
    "dispatch": lambda user, sr: is_dispatcher(user),
    "engineer": is_assignee,
    "requester": is_requester_side,
}


def get_request_for(user: User, pk: int | str, action: str = "view") -> ServiceRequest:
    """The request if the user may see it (else 404) and has the role for `action` (else 403)."""
    sr = get_or_404(
        requests_visible_to(user).select_related("customer", "opportunity", "requested_by", "assignee", "assigned_by"),
        pk=pk,
    )
    if not ACTIONS[action](user, sr):
        raise PermissionDenied
    return sr
