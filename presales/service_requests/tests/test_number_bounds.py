"""A request's estimated hours and an admin-defined number field have bounds (issue 8, "every
number has bounds its column can hold"): a crafted or oversized number is a clear error on
the dispatch page or the form, never a 500, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from presales.service_requests.forms import SurveyForm
from presales.service_requests.models import CustomFormField, FieldType, ServiceRequest
from presales.testing import browser


def assign(manager, sr, engineer, hours):
    return browser(manager).post(
        reverse("service_requests:assign", args=[sr.pk]),
        {f"r{sr.pk}-engineer": engineer.pk, f"r{sr.pk}-estimated_hours": hours},
        follow=True,
    )


def test_estimated_hours_beyond_a_working_year_are_refused(sr, manager, engineer):
    response = assign(manager, sr, engineer, "2000.5")
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [f"{sr.code}: Enter a value of at most 2,000."]
    assert ServiceRequest.objects.get(pk=sr.pk).assignee is None
    assign(manager, sr, engineer, "2000")
    assert ServiceRequest.objects.get(pk=sr.pk).estimated_hours == Decimal("2000.0")
    assert browser(manager).get(reverse("service_requests:dispatch")).status_code == 200


@pytest.mark.parametrize("crafted", ["NaN", "Infinity", "1e400", "1e-999", "1" + "0" * 30, "1e999999999"])
def test_crafted_hours_get_a_message(sr, manager, engineer, crafted):
    response = assign(manager, sr, engineer, crafted)
    assert response.status_code == 200
    assert any(sr.code in str(m) for m in response.context["messages"])
    assert ServiceRequest.objects.get(pk=sr.pk).assignee is None


@pytest.mark.parametrize("crafted", ["1e400", "1e-999", "1" + "0" * 30])
def test_an_admin_defined_number_field_refuses_crafted_numbers(db, crafted):
    CustomFormField.objects.create(form="survey", key="area", label="机房面积", field_type=FieldType.NUMBER)
    form = SurveyForm(data={"x_area": crafted})
    assert form.errors["x_area"]
    form = SurveyForm(data={"x_area": "123456789012.123456"})
    assert "x_area" not in form.errors
