"""What service requests put in the one search (presales.search): requests and site surveys.

A request is found by its code, title, content, delivery note and its requirements form
(用户需求表); a survey (上门调研/现场勘察) by what the engineer wrote down on site. Who finds
them is service_requests.access: a survey is seen exactly when its request is. The budget
range of the requirements form is not indexed (an amount is not a search word).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.accounts.roles import sees_all
from presales.search.registry import Passage, Source, register, related_by
from presales.service_requests.access import requests_visible_to
from presales.service_requests.models import RequirementsForm, ServiceRequest, SiteSurvey


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _extra_text(extra: dict | None) -> str:
    """The admin-defined fields of a form (CustomFormField): their values as text."""
    values = []
    for value in (extra or {}).values():
        if isinstance(value, list):
            values.extend(str(item) for item in value)
        elif value not in (None, "", True, False):
            values.append(str(value))
    return "\n".join(values)


def _requirements_text(sr: ServiceRequest) -> str:
    try:
        form = sr.requirements
    except RequirementsForm.DoesNotExist:
        return ""
    return _join(
        form.business_background,
        form.needs,
        form.scope,
        form.schedule,
        form.existing_systems,
        form.constraints,
        _extra_text(form.extra),
    )


def request_passage(sr: ServiceRequest) -> Passage:
    customer = sr.customer
    return Passage(
        title=sr.title,
        body=_join(sr.content, sr.delivery_note, _requirements_text(sr)),
        url=reverse("service_requests:detail", args=[sr.pk]),
        keywords=_join(sr.code, customer.name, customer.short_name, sr.contact_name, sr.site_address),
        industry=customer.industry,
        year=sr.submitted_at.year if sr.submitted_at else None,
    )


def survey_passage(survey: SiteSurvey) -> Passage:
    sr = survey.request
    return Passage(
        title=sr.title,  # the type badge says 现场勘察
        body=_join(
            survey.people_met,
            survey.current_situation,
            survey.equipment_facts,
            survey.network_facts,
            survey.building_facts,
            survey.needs_found,
            _extra_text(survey.extra),
        ),
        url=reverse("service_requests:detail", args=[sr.pk]),
        keywords=_join(sr.code, sr.customer.name, survey.place),
        industry=sr.customer.industry,
        year=survey.surveyed_on.year if survey.surveyed_on else None,
        updated_at=survey.updated_at,
    )


def requests_visible(user: User) -> QuerySet | None:
    """None for the roles that see every request (sees_all): no IN over every row."""
    return None if sees_all(user) else requests_visible_to(user).values("pk")


def surveys_visible(user: User) -> QuerySet | None:
    if sees_all(user):
        return None
    return SiteSurvey.objects.filter(request_id__in=requests_visible_to(user).values("pk")).values("pk")


register(
    Source(
        type="service_request",
        label=_("Service request"),
        model="service_requests.ServiceRequest",
        document=request_passage,
        queryset=lambda: ServiceRequest.objects.select_related("customer", "requirements"),
        visible=requests_visible,
        related=(
            ("service_requests.RequirementsForm", "request_id"),
            related_by("customers.Customer", ServiceRequest, "customer_id"),
        ),
        order=30,
    )
)
register(
    Source(
        type="survey",
        label=_("Site survey"),
        model="service_requests.SiteSurvey",
        document=survey_passage,
        queryset=lambda: SiteSurvey.objects.select_related("request__customer"),
        related=(related_by("customers.Customer", SiteSurvey, "request__customer_id"),),
        visible=surveys_visible,
        order=35,
    )
)
