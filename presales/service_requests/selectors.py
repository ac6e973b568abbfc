"""Reads of service requests, permission-scoped, in a fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, FilteredRelation, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from presales.accounts.models import User
from presales.accounts.roles import Role
from presales.events import selectors as event_selectors
from presales.lib.paging import CUSTOMER_NAMES, contains_any
from presales.lib.sorting import Sorting
from presales.service_requests import access
from presales.service_requests.models import (
    EFFECTIVE_DUE,
    OPEN_STATUSES,
    UNFINISHED_STATUSES,
    CustomFormField,
    RequestStatus,
    ServiceRequest,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from presales.customers.models import Customer
    from presales.opportunities.models import Opportunity

LIST_RELATED = ("customer", "opportunity", "requested_by", "assignee")

# The list's column heads (presales.lib.sorting); "due" is the due date the list shows (the
# engineer's, else the one wanted), served by an index on the same expression.
REQUEST_SORTING = Sorting(
    {
        "code": ("code",),
        "title": ("title",),
        "type": ("request_type",),
        "status": ("status",),
        "submitted": ("submitted_at",),
        "due": (EFFECTIVE_DUE,),
    },
    default="-submitted",
)


def request_list(
    user: User, *, q: str = "", status: str = "", request_type: str = "", scope: str = "", overdue: bool = False
) -> QuerySet[ServiceRequest]:
    """The requests the user sees, filtered; one query per page (plus the count). `q` searches
    the code, the title and the customer's name."""
    qs = access.requests_visible_to(user).select_related(*LIST_RELATED)
    q = q.strip()
    if q:
        qs = qs.filter(contains_any(q, "code", "title", *CUSTOMER_NAMES))
    if status:
        qs = qs.filter(status=status)
    if request_type:
        qs = qs.filter(request_type=request_type)
    if scope == "mine":
        qs = qs.filter(requested_by=user)
    elif scope == "assigned":
        qs = qs.filter(assignee=user)
    if overdue:
        today = timezone.localdate()
        qs = qs.filter(status__in=UNFINISHED_STATUSES).filter(
            Q(due_date__lt=today) | Q(due_date__isnull=True, wanted_by__lt=today)
        )
    return qs.order_by("-submitted_at", "-id")


def engineers_with_load() -> QuerySet[User]:
    """Every active presales engineer with his open load, in one query. The join reads his
    open requests only (index (assignee, status)), not every request he ever had: the
    panel costs the same after years of closed work."""
    today = timezone.localdate()
    due = Coalesce("open_work__due_date", "open_work__wanted_by")
    engineer_ids = User.objects.filter(groups__name=Role.PRESALES_ENGINEER).values("pk")
    return (
        User.objects.filter(is_active=True, pk__in=engineer_ids)
        .annotate(
            open_work=FilteredRelation(
                "service_requests_assigned", condition=Q(service_requests_assigned__status__in=OPEN_STATUSES)
            )
        )
        .annotate(
            open_count=Count("open_work"),
            open_hours=Sum("open_work__estimated_hours"),
            next_due=Min(due),
            overdue_count=Count(
                "open_work",
                filter=Q(open_work__due_date__lt=today)
                | Q(open_work__due_date__isnull=True, open_work__wanted_by__lt=today),
            ),
        )
        .order_by("open_count", "username")
    )


def assignable_engineers() -> QuerySet[User]:
    """Who a request may be given to: presales engineers and managers (active)."""
    ids = User.objects.filter(groups__name__in=[Role.PRESALES_ENGINEER, Role.PRESALES_MANAGER]).values("pk")
    return (
        User.objects.filter(is_active=True, is_superuser=False, pk__in=ids)
        .select_related("department")
        .order_by("username")
    )


def _dispatch_filtered(qs: QuerySet[ServiceRequest], *, q: str, request_type: str, priority: str):
    q = q.strip()
    if q:
        qs = qs.filter(contains_any(q, "code", "title", *CUSTOMER_NAMES))
    if request_type:
        qs = qs.filter(request_type=request_type)
    if priority:
        qs = qs.filter(priority=priority)
    return qs


def dispatch_queue(*, q: str = "", request_type: str = "", priority: str = "") -> QuerySet[ServiceRequest]:
    """Requests waiting for an engineer, the most urgent first (read a page at a time along
    the index sr_dispatch_queue_idx: status, priority descending, effective due, id)."""
    qs = ServiceRequest.objects.filter(status=RequestStatus.SUBMITTED).select_related(
        "customer", "opportunity", "requested_by"
    )
    qs = _dispatch_filtered(qs, q=q, request_type=request_type, priority=priority)
    return qs.order_by("-priority", EFFECTIVE_DUE, "id")


def assigned_waiting(*, q: str = "", request_type: str = "", priority: str = "") -> QuerySet[ServiceRequest]:
    """Assigned but not yet accepted: the manager may reassign these (read a page at a time
    along the index sr_dispatch_waiting_idx: status, effective due, id)."""
    qs = ServiceRequest.objects.filter(status=RequestStatus.ASSIGNED).select_related("customer", "assignee")
    qs = _dispatch_filtered(qs, q=q, request_type=request_type, priority=priority)
    return qs.order_by(EFFECTIVE_DUE, "id")


def custom_fields(form: str) -> list[CustomFormField]:
    return list(CustomFormField.objects.filter(form=form, active=True).order_by("order", "id"))


def extra_rows(fields: list[CustomFormField], values: dict) -> list[tuple[str, object]]:
    """(label, value) of the admin-defined fields, in their order; unknown keys at the end."""
    rows = [(f.label, values.get(f.key, "")) for f in fields]
    known = {f.key for f in fields}
    rows += [(key, value) for key, value in (values or {}).items() if key not in known]
    return rows


def request_detail(sr: ServiceRequest, user: User | None = None) -> dict:
    """Timeline (oldest first), attachments, survey/requirements (with custom fields) of one request."""
    from presales.service_requests.models import FormName, RequirementsForm, SiteSurvey

    events = event_selectors.for_subject(sr, user, oldest_first=True)
    attachments = list(sr.attachments.select_related("uploaded_by"))
    survey = SiteSurvey.objects.filter(request=sr).select_related("filled_by").prefetch_related("attachments").first()
    requirements = RequirementsForm.objects.filter(request=sr).select_related("filled_by").first()
    return {
        "events": events,
        "attachments": attachments,
        "survey": survey,
        "survey_extra": extra_rows(custom_fields(FormName.SURVEY), survey.extra) if survey else [],
        "requirements": requirements,
        "requirements_extra": (
            extra_rows(custom_fields(FormName.REQUIREMENTS), requirements.extra) if requirements else []
        ),
    }


def for_opportunity(opportunity: Opportunity, user: User) -> dict:
    """The card on the opportunity page: its requests the user sees, and whether he may file."""
    requests = list(
        access.requests_visible_to(user)
        .filter(opportunity=opportunity)
        .select_related("assignee", "requested_by")
        .order_by("-submitted_at", "-id")
    )
    return {
        "requests": requests,
        "can_file": access.is_filer(user) and opportunity.is_active,
        "opportunity": opportunity,
    }


def for_customer(customer: Customer, user: User) -> dict:
    requests = list(
        access.requests_visible_to(user)
        .filter(customer=customer)
        .select_related("assignee", "requested_by", "opportunity")
        .order_by("-submitted_at", "-id")[:50]
    )
    return {"requests": requests, "can_file": access.is_filer(user), "customer": customer}


def open_for_engineer(user: User, limit: int = 50) -> list[ServiceRequest]:
    """The requests assigned to the user that are still work to do, earliest due first (the
    first `limit`: the request list has them all)."""
    return list(
        ServiceRequest.objects.filter(assignee=user, status__in=OPEN_STATUSES)
        .select_related("customer", "opportunity", "requested_by")
        .order_by(Coalesce("due_date", "wanted_by"), "id")[:limit]
    )
