"""Crafted ids in links and forms, and text over its limit, on service requests (issue 8):
a form error, a refusal or 404 — never a 500 — and what was typed is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from presales.lib.forms import TEXT_LONG, TEXT_SHORT
from presales.lib.services import ServiceError
from presales.service_requests import services
from presales.service_requests.models import ServiceRequest, SiteSurvey
from presales.testing import browser, payload_of

HUGE = "99999999999999999999"


@pytest.mark.parametrize("param", ["opportunity", "customer"])
@pytest.mark.parametrize("crafted", ["²", "abc", HUGE, "-1", "", "0"])
def test_new_request_from_a_crafted_link(rep, opportunity, param, crafted):
    """`²` passed the old isdigit() test and then failed in int(): a 500."""
    response = browser(rep).get(f"{reverse('service_requests:create')}?{param}={crafted}")
    assert response.status_code == 200
    assert response.context["form"]["customer"].value() is None


def test_new_request_from_an_opportunity_link_fills_it(rep, opportunity):
    response = browser(rep).get(f"{reverse('service_requests:create')}?opportunity={opportunity.pk}")
    assert response.context["form"]["opportunity"].value() == opportunity.pk


@pytest.mark.parametrize("crafted", [HUGE, "abc", "-1", ""])
def test_assigning_a_crafted_engineer_is_refused_with_a_message(sr, manager, crafted):
    response = browser(manager).post(
        reverse("service_requests:assign", args=[sr.pk]), {f"r{sr.pk}-engineer": crafted}, follow=True
    )
    assert response.status_code == 200
    assert any(sr.code in str(m) for m in response.context["messages"])
    assert ServiceRequest.objects.get(pk=sr.pk).assignee is None


@pytest.mark.parametrize("name", ["service_requests:detail", "service_requests:edit", "service_requests:survey"])
def test_ids_above_the_column_in_urls_are_404(rep, name):
    assert browser(rep).get(reverse(name, args=[int(HUGE)])).status_code == 404


def test_survey_text_over_its_limit_is_refused_and_kept(assigned, engineer, manager):
    services.request_set_survey_needed(request=assigned, user=manager, survey_needed=True)
    services.request_accept(request=assigned, user=engineer)
    url = reverse("service_requests:survey", args=[assigned.pk])
    client = browser(engineer)
    too_long = "勘" * (TEXT_LONG + 1)
    data = payload_of(
        client.get(url).context["form"],
        surveyed_on=timezone.localdate().isoformat(),
        place="机房",
        people_met="主任",
        needs_found=too_long,
    )

    response = client.post(url, data)

    assert response.status_code == 200 and response.context["form"].errors["needs_found"]
    assert response.context["form"]["needs_found"].value() == too_long
    assert not SiteSurvey.objects.exists()


def test_a_decline_reason_over_its_limit_is_refused_by_the_service(assigned, engineer):
    with pytest.raises(ServiceError):
        services.request_decline(request=assigned, user=engineer, reason="r" * (TEXT_SHORT + 1))
    assert ServiceRequest.objects.get(pk=assigned.pk).assignee == engineer


def test_a_decline_reason_over_its_limit_is_refused_by_the_form_and_kept(assigned, engineer):
    reason = "r" * (TEXT_SHORT + 1)
    response = browser(engineer).post(reverse("service_requests:decline", args=[assigned.pk]), {"reason": reason})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert response.context["form"]["reason"].value() == reason
