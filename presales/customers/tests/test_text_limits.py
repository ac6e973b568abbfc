"""Text over its column or limit in an imported sheet is reported by row before anything is
saved (issue 8): the import no longer stores it (SQLite) or fails on it (PostgreSQL)."""

from __future__ import annotations

from django.urls import reverse

from presales.customers.models import Customer
from presales.customers.tests.test_import_export import errors_by_row, post_import, xlsx
from presales.lib.forms import TEXT_SHORT
from presales.testing import browser


def test_an_imported_cell_over_its_limit_is_reported_by_row(client, rep):
    upload = xlsx(
        [
            {"客户名称": "宁波市教育局", "行业": "教育", "备注": "备" * (TEXT_SHORT + 1)},
            {"客户名称": "温州市公安局", "行业": "公安", "地址": "址" * 201},
        ]
    )

    response = post_import(client, rep, upload)

    assert response.status_code == 200
    errors = errors_by_row(response)
    assert set(errors) == {2, 3}
    assert "Notes" in errors[2][0] and "2,000" in errors[2][0]
    assert "Address" in errors[3][0] and "200" in errors[3][0]
    assert not Customer.objects.exists()


def test_contact_concerns_over_the_limit_are_refused_and_kept(customer, rep):
    text = "关" * (TEXT_SHORT + 1)
    response = browser(rep).post(
        reverse("customers:contact_create", args=[customer.pk]),
        {"name": "张主任", "attitude": "neutral", "concerns": text},
    )
    assert response.status_code == 200 and response.context["form"].errors["concerns"]
    assert response.context["form"]["concerns"].value() == text
    assert not customer.contacts.exists()
