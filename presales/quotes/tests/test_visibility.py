"""Cost, channel price and margin are visible only to commercial, finance, managers, the general
manager and admins: on the pages, in the Excel and Word exports and in the API (fields
omitted, not blanked)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from rest_framework.test import APIClient

from presales.lib.money import percent, yuan
from presales.quotes import selectors
from presales.quotes.tests.conftest import CHANNEL_A, COST_A, COST_B

# Raw (exports, API) and as the pages write them (¥8,000.00): neither may show.
SECRET = [
    *(str(value) for value in (COST_A, COST_B, CHANNEL_A)),
    *(yuan(value) for value in (COST_A, COST_B, CHANNEL_A)),
    "Unit cost",
    "Channel price",
    "Gross margin",
    "Total cost",
]


def _docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx_text(content: bytes) -> str:
    ws = load_workbook(BytesIO(content)).active
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def _margin(priced) -> str:
    return str(priced.margin_amount)


@pytest.mark.parametrize("persona", ["rep", "engineer"])
def test_rep_and_engineer_see_no_cost_anywhere(request, client, priced, quote, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    secrets = [*SECRET, _margin(priced), yuan(priced.margin_amount), percent(priced.margin_percent)]
    pages = {
        "version": client.get(reverse("quotes:version", args=[priced.pk])).text,
        "detail": client.get(reverse("quotes:detail", args=[quote.pk])).text,
        "list": client.get(reverse("quotes:list")).text,
        "edit": client.get(reverse("quotes:line_edit", args=[priced.lines.first().pk])).text,
        "section": _render_section(quote, user),
        "xlsx": _xlsx_text(client.get(reverse("quotes:export_xlsx", args=[priced.pk])).content),
        "docx": _docx_text(client.get(reverse("quotes:export_docx", args=[priced.pk])).content),
    }
    assert yuan(priced.total_amount) in pages["version"]  # the page itself is there
    for where, text in pages.items():
        for secret in secrets:
            assert secret not in text, (where, secret)
    assert 'name="unit_cost"' not in pages["version"] and 'name="unit_cost"' not in pages["edit"]
    # which approvers a margin routes to would tell the margin bracket: not shown either
    assert "margin_percent" not in pages["version"] and 'data-testid="routing-bid"' not in pages["version"]
    assert 'data-testid="routing-hidden"' in pages["version"]
    api = APIClient()
    api.force_authenticate(user)
    version = api.get(f"/api/v1/quote-versions/{priced.pk}/").json()
    assert version["total_amount"] == str(priced.total_amount)
    for name in ("total_cost", "margin_amount", "margin_percent", "missing_cost"):
        assert name not in version
    for line in version["lines"] + api.get("/api/v1/quote-lines/").json()["results"]:
        assert not {"unit_cost", "channel_price", "cost"} & set(line)
    assert str(COST_A) not in api.get("/api/v1/quote-lines/").content.decode()


def _render_section(quote, user) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "quotes/_opportunity_section.html", {"quotes_section": selectors.for_opportunity(quote.opportunity, user)}
    )


@pytest.mark.parametrize("persona", ["commercial", "finance", "manager", "sales_head", "general_manager", "admin_user"])
def test_cost_roles_see_cost_everywhere(request, client, priced, quote, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    margin = _margin(priced)
    version_page = client.get(reverse("quotes:version", args=[priced.pk])).text
    for value in (yuan(COST_A), yuan(CHANNEL_A), yuan(margin), percent(priced.margin_percent)):
        assert value in version_page
    assert percent(priced.margin_percent) in client.get(reverse("quotes:list")).text
    assert percent(priced.margin_percent) in _render_section(quote, user)
    xlsx = _xlsx_text(client.get(reverse("quotes:export_xlsx", args=[priced.pk])).content)
    assert "Unit cost" in xlsx and str(COST_A) in xlsx and "Gross margin" in xlsx
    docx = _docx_text(client.get(reverse("quotes:export_docx", args=[priced.pk])).content)
    assert f"毛利：{yuan(margin)}" in docx and f"成本合计：{yuan(priced.total_cost)}" in docx
    api = APIClient()
    api.force_authenticate(user)
    version = api.get(f"/api/v1/quote-versions/{priced.pk}/").json()
    assert version["margin_percent"] == str(priced.margin_percent)
    assert {line["unit_cost"] for line in version["lines"]} == {str(COST_A), str(COST_B)}
