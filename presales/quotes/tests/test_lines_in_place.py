"""Editing and deleting a quote line in place (htmx): the form of that one line takes its
row, saving answers the row, the section's subtotal and the totals (out of band) with a
message; without htmx the pages and redirects work as before."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from presales.lib.money import yuan
from presales.quotes.models import QuoteLine
from presales.quotes.tests.conftest import CHANNEL_A, COST_A, COST_B, add_line

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(line, quote_version, prefix="", **changes):
    data = {
        "name": line.name,
        "model_code": line.model_code,
        "unit": line.unit,
        "quantity": str(line.quantity),
        "unit_price": str(line.unit_price),
        "discount_percent": str(line.discount_percent),
        "tax_rate": str(line.tax_rate),
        "section_name": line.section.name if line.section else "",
        "version": str(quote_version.version),
        **changes,
    }
    return {f"{prefix}{k}": v for k, v in data.items()}


def _camera(version):
    return QuoteLine.objects.select_related("section").get(version=version, name="网络摄像机")


def test_the_edit_form_is_fetched_for_one_line_only(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)

    page = client.get(reverse("quotes:version", args=[priced.pk])).text
    assert "line-edit-row" not in page and page.count('name="unit_price"') == 1  # only the add form

    response = client.get(reverse("quotes:line_edit", args=[line.pk]), **HTMX)

    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(f'<tr id="line-{line.pk}"') and "<html" not in html
    assert html.count("<form") == 1 and f'name="line{line.pk}-unit_price"' in html
    assert 'value="9800.00"' in html


def test_htmx_save_answers_the_row_and_the_totals(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)

    response = client.post(
        reverse("quotes:line_edit", args=[line.pk]),
        _post(line, priced, prefix=f"line{line.pk}-", quantity="10", unit_price="1000.00", discount_percent="0"),
        **HTMX,
    )

    assert response.status_code == 200
    html = response.text
    line.refresh_from_db()
    assert line.quantity == Decimal("10") and line.unit_price == Decimal("1000.00")
    row = re.search(rf'<tr data-testid="line-row" id="line-{line.pk}">.*?</tr>', html, re.S).group(0)
    assert yuan(Decimal("10000.00")) in row
    priced.refresh_from_db()
    assert 'id="quote-totals" hx-swap-oob="true"' in html
    assert yuan(priced.total_amount) in html and priced.total_amount == Decimal("11500.00")
    assert f'id="subtotal-{line.section_id}" hx-swap-oob="true"' in html
    assert "Saved." in html and 'id="quote-flash" hx-swap-oob="true"' in html
    assert json.loads(response["HX-Trigger"]) == {"quoteVersionChanged": {"version": priced.version}}
    assert not list(get_messages(response.wsgi_request))  # shown in place, not again on the next page


def test_htmx_refusal_keeps_what_was_typed_in_the_row(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)

    response = client.post(
        reverse("quotes:line_edit", args=[line.pk]),
        _post(line, priced, prefix=f"line{line.pk}-", quantity="-3", name="改过的名字"),
        **HTMX,
    )

    assert response.status_code == 200
    html = response.text
    assert 'data-testid="line-edit-row"' in html and "invalid-feedback" in html
    assert 'value="-3"' in html and 'value="改过的名字"' in html
    assert "quote-totals" not in html
    assert _camera(priced).quantity == Decimal("12")


def test_htmx_stale_save_is_refused_in_the_row(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)
    seen = priced.version
    add_line(priced, commercial, name="别人加的")

    response = client.post(
        reverse("quotes:line_edit", args=[line.pk]),
        _post(line, priced, prefix=f"line{line.pk}-", quantity="1", version=str(seen)),
        **HTMX,
    )

    assert 'data-testid="line-edit-row"' in response.text and "alert-danger" in response.text
    assert _camera(priced).quantity == Decimal("12")


def test_htmx_delete_removes_the_row_and_updates_the_totals(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)

    response = client.post(reverse("quotes:line_delete", args=[line.pk]), {"version": priced.version}, **HTMX)

    assert response.status_code == 200
    html = response.text
    assert not QuoteLine.objects.filter(pk=line.pk).exists()
    assert 'data-testid="line-row"' not in html  # the target row is replaced by nothing
    priced.refresh_from_db()
    assert priced.total_amount == Decimal("1500.00") and yuan(priced.total_amount) in html
    # The camera was the only line of 主设备: its header and subtotal go too.
    assert f'id="section-{line.section_id}" hx-swap-oob="delete"' in html
    assert "Deleted." in html
    assert json.loads(response["HX-Trigger"])["quoteVersionChanged"]["version"] == priced.version


def test_htmx_delete_in_a_section_keeps_its_subtotal_updated(client, commercial, priced):
    client.force_login(commercial)
    extra = add_line(priced, commercial, name="配件", quantity="1", price="100.00", section="安装调试服务")
    priced.refresh_from_db()

    response = client.post(reverse("quotes:line_delete", args=[extra.pk]), {"version": priced.version}, **HTMX)

    html = response.text
    subtotal = re.search(rf'<tr data-testid="section-subtotal" id="subtotal-{extra.section_id}".*?</tr>', html, re.S)
    assert subtotal and yuan(Decimal("1500.00")) in subtotal.group(0)


def test_htmx_delete_refused_keeps_the_row_with_the_reason(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)

    response = client.post(reverse("quotes:line_delete", args=[line.pk]), {"version": priced.version - 1}, **HTMX)

    assert QuoteLine.objects.filter(pk=line.pk).exists()
    assert f'id="line-{line.pk}"' in response.text and "alert-danger" in response.text
    assert "HX-Trigger" not in response


def test_without_htmx_edit_and_delete_redirect(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)
    url = reverse("quotes:version", args=[priced.pk]) + "#lines"

    response = client.post(reverse("quotes:line_edit", args=[line.pk]), _post(line, priced, quantity="2"))
    assert response.status_code == 302 and response.url == url
    assert _camera(priced).quantity == Decimal("2")
    priced.refresh_from_db()

    response = client.post(reverse("quotes:line_delete", args=[line.pk]), {"version": priced.version})
    assert response.status_code == 302 and response.url == url
    assert not QuoteLine.objects.filter(pk=line.pk).exists()


def test_rep_sees_no_cost_or_margin_in_the_partials(client, rep, priced):
    client.force_login(rep)
    line = _camera(priced)
    form = client.get(reverse("quotes:line_edit", args=[line.pk]), **HTMX).text
    saved = client.post(
        reverse("quotes:line_edit", args=[line.pk]),
        _post(line, priced, prefix=f"line{line.pk}-", quantity="11"),
        **HTMX,
    ).text
    priced.refresh_from_db()
    row = client.get(reverse("quotes:line_row", args=[line.pk]), **HTMX).text

    assert "quote-totals" in saved and _camera(priced).quantity == Decimal("11")
    for html in (form, saved, row):
        assert "unit_cost" not in html and "margin" not in html and "quote-routing" not in html
        for figure in (COST_A, COST_B, CHANNEL_A):
            assert yuan(figure) not in html and str(figure) not in html
    assert _camera(priced).unit_cost == COST_A  # the rep's save kept the cost he cannot see


def test_commercial_sees_the_margin_in_the_totals(client, commercial, priced):
    client.force_login(commercial)
    line = _camera(priced)
    html = client.post(
        reverse("quotes:line_edit", args=[line.pk]),
        _post(line, priced, prefix=f"line{line.pk}-", unit_cost=str(COST_A), channel_price=str(CHANNEL_A)),
        **HTMX,
    ).text
    assert 'data-testid="margin"' in html and yuan(COST_A) in html
    assert 'id="quote-routing" hx-swap-oob="true"' in html  # the route follows the margin


@pytest.mark.parametrize("persona", ["finance", "general_manager"])
def test_who_cannot_edit_gets_403(request, client, priced, persona):
    client.force_login(request.getfixturevalue(persona))
    line = _camera(priced)
    assert client.get(reverse("quotes:line_edit", args=[line.pk]), **HTMX).status_code == 403
    edit = client.post(
        reverse("quotes:line_edit", args=[line.pk]), _post(line, priced, prefix=f"line{line.pk}-"), **HTMX
    )
    assert edit.status_code == 403
    delete = client.post(reverse("quotes:line_delete", args=[line.pk]), {"version": priced.version}, **HTMX)
    assert delete.status_code == 403
    assert QuoteLine.objects.filter(pk=line.pk).exists()


def test_who_does_not_see_the_quote_gets_404(client, other_rep, priced):
    client.force_login(other_rep)
    line = _camera(priced)
    assert client.get(reverse("quotes:line_edit", args=[line.pk]), **HTMX).status_code == 404
    assert client.get(reverse("quotes:line_row", args=[line.pk]), **HTMX).status_code == 404
    assert client.post(reverse("quotes:line_delete", args=[line.pk]), {}, **HTMX).status_code == 404


def test_in_place_answers_run_a_fixed_number_of_queries(client, commercial, priced, django_assert_max_num_queries):
    client.force_login(commercial)
    line = _camera(priced)

    def save():
        priced.refresh_from_db()
        return client.post(
            reverse("quotes:line_edit", args=[line.pk]),
            _post(line, priced, prefix=f"line{line.pk}-", note=f"n{priced.version}"),
            **HTMX,
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    save()
    with CaptureQueriesContext(connection) as few:
        assert save().status_code == 200
    for i in range(20):
        add_line(priced, commercial, name=f"配件{i}", section="主设备", cost="1.00")
    with CaptureQueriesContext(connection) as many:
        assert "Saved." in save().text
    assert len(few) == len(many)
