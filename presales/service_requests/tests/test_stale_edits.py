"""A site survey or requirements form saved from an old copy is refused (issue 8): who changed
it is said, what was typed is kept, the first save is not lost; saving again goes through."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from presales.service_requests import services
from presales.service_requests.models import RequirementsForm, SiteSurvey
from presales.testing import browser, payload_of


def shown_version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.text).group(1)


def stale_save(url, first_user, second_user, field, stored, **required):
    first, second = browser(first_user), browser(second_user)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]

    assert first.post(url, payload_of(first_form, **required, **{field: "第一份记录"})).status_code == 302
    refused = second.post(url, payload_of(second_form, **required, **{field: "第二份记录"}))

    assert refused.status_code == 200
    assert f"Changed by {first_user.display_name}" in refused.context["form"].non_field_errors()[0]
    assert "第二份记录" in refused.text
    assert stored() == "第一份记录"
    again = second.post(url, payload_of(refused.context["form"], version=shown_version(refused)))
    assert again.status_code == 302
    assert stored() == "第二份记录"


SURVEY = {"place": "医院机房", "people_met": "信息科主任", "needs_found": "扩容"}


@pytest.fixture
def surveying(assigned, engineer, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=True)
    return services.request_accept(request=assigned, user=engineer)


def test_site_survey_in_two_tabs(surveying, engineer):
    """Only the assigned engineer fills the survey: two tabs of his are two copies all the same."""
    services.survey_save(request=surveying, user=engineer, data={**SURVEY, "surveyed_on": timezone.localdate()})
    stale_save(
        reverse("service_requests:survey", args=[surveying.pk]),
        engineer,
        engineer,
        "current_situation",
        lambda: SiteSurvey.objects.get(request=surveying).current_situation,
    )


def test_site_survey_created_meanwhile(surveying, engineer):
    url = reverse("service_requests:survey", args=[surveying.pk])
    first, second = browser(engineer), browser(engineer)
    first_form, second_form = first.get(url).context["form"], second.get(url).context["form"]
    data = {**SURVEY, "surveyed_on": timezone.localdate().isoformat()}
    assert first.post(url, payload_of(first_form, **data, equipment_facts="先存的")).status_code == 302

    refused = second.post(url, payload_of(second_form, **data, equipment_facts="后存的"))

    assert refused.status_code == 200 and "Changed by 张工" in refused.text and "后存的" in refused.text
    assert SiteSurvey.objects.get(request=surveying).equipment_facts == "先存的"


def test_requirements_form(assigned, rep, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=False)
    services.requirements_save(request=assigned, user=rep, data={"business_background": "背景", "needs": "需求"})
    stale_save(
        reverse("service_requests:requirements", args=[assigned.pk]),
        manager,
        rep,
        "scope",
        lambda: RequirementsForm.objects.get(request=assigned).scope,
    )
