"""Two people edit one draft: the second save is told the quote changed (no lost update)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from presales.lib.services import StaleEdit
from presales.quotes import services
from presales.quotes.tests.conftest import add_line


def test_second_save_on_an_old_copy_is_refused(v1, rep, engineer):
    line = add_line(v1, rep, name="交换机", price="2000.00")
    v1.refresh_from_db()
    seen = v1.version
    services.line_update(line=line, user=rep, data={"unit_price": Decimal("2100.00")}, seen_version=seen)
    with pytest.raises(StaleEdit, match="Changed by"):
        services.line_update(line=line, user=engineer, data={"quantity": Decimal("5")}, seen_version=seen)
    line.refresh_from_db()
    assert line.unit_price == Decimal("2100.00") and line.quantity == Decimal("10")
    with pytest.raises(StaleEdit):
        add_line(v1, engineer, name="光模块", seen=seen)


def test_stale_edit_through_the_page_keeps_input_and_carries_new_version(client, v1, rep, engineer):
    line = add_line(v1, rep, name="交换机", price="2000.00")
    v1.refresh_from_db()
    seen = v1.version
    services.line_update(line=line, user=rep, data={"unit_price": Decimal("2100.00")}, seen_version=seen)
    client.force_login(engineer)
    post = {
        "name": "交换机（改）",
        "unit": "台",
        "quantity": "5",
        "unit_price": "1999.00",
        "discount_percent": "0",
        "tax_rate": "13",
        "section_name": "主设备",
        "version": seen,
    }
    response = client.post(reverse("quotes:line_edit", args=[line.pk]), post)
    assert response.status_code == 200
    assert "Changed by" in response.text and "交换机（改）" in response.text
    v1.refresh_from_db()
    assert f'value="{v1.version}"' in response.text
    post["version"] = v1.version
    response = client.post(reverse("quotes:line_edit", args=[line.pk]), post)
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.unit_price == Decimal("1999.00")
