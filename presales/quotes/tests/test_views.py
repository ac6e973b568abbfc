"""Pages, exports (formulas, 大写金额), catalog lines, query counts (configurator lines: test_add_configuration)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import cn2an
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from presales.catalog.models import Product, ProductCategory
from presales.lib.money import yuan
from presales.quotes import services
from presales.quotes.models import Quote, QuoteLine, QuoteVersion
from presales.quotes.tests.conftest import add_line
from presales.testing import make_customer, make_opportunity


def test_other_rep_gets_404_everywhere(client, other_rep, priced, quote):
    client.force_login(other_rep)
    line = priced.lines.first()
    for url in [
        reverse("quotes:detail", args=[quote.pk]),
        reverse("quotes:version", args=[priced.pk]),
        reverse("quotes:line_edit", args=[line.pk]),
        reverse("quotes:export_xlsx", args=[priced.pk]),
        reverse("quotes:export_docx", args=[priced.pk]),
        f"{reverse('quotes:create')}?opportunity={quote.opportunity_id}",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("quotes:submit", args=[priced.pk]), {"purpose": "bid"}).status_code == 404
    assert quote.code not in client.get(reverse("quotes:list")).text


def test_create_quote_add_lines_and_keep_bad_input(client, rep, opportunity):
    client.force_login(rep)
    response = client.post(f"{reverse('quotes:create')}?opportunity={opportunity.pk}", {"title": "视频监控报价"})
    quote = Quote.objects.get(opportunity=opportunity)
    assert quote.code == f"{opportunity.code}-Q1"
    version = quote.versions.get()
    assert response.status_code == 302 and response.url == reverse("quotes:version", args=[version.pk])
    url = reverse("quotes:line_add", args=[version.pk])
    bad = {
        "name": "存储服务器",
        "unit": "台",
        "quantity": "0",
        "unit_price": "abc",
        "discount_percent": "0",
        "tax_rate": "13",
        "version": version.version,
    }
    response = client.post(url, bad)
    assert response.status_code == 200 and "存储服务器" in response.text and not QuoteLine.objects.exists()
    good = {**bad, "quantity": "2", "unit_price": "45000", "section_name": "主设备", "unit_cost": "1"}
    assert client.post(url, good).status_code == 302
    line = QuoteLine.objects.get()
    assert line.amount == Decimal("90000.00") and line.section.name == "主设备"
    assert line.unit_cost is None  # a rep can't set costs
    page = client.get(reverse("quotes:version", args=[version.pk])).text
    assert "¥90,000.00" in page and 'data-testid="submit-review"' in page


def _product(code="IMPS48/100", price="12000.00", cost="8000.00"):
    category = ProductCategory.objects.create(name="通信电源系统")
    return Product.objects.create(
        category=category,
        model_code=code,
        name="高频开关电源系统",
        unit="套",
        list_price=Decimal(price),
        standard_cost=Decimal(cost),
        channel_price=Decimal("10000.00"),
    )


def test_add_product_from_catalog(client, rep, v1):
    product = _product()
    client.force_login(rep)
    page = client.get(reverse("quotes:version", args=[v1.pk]), {"product_q": "imps"}).text
    assert "IMPS48/100" in page and 'data-testid="product-result"' in page
    response = client.post(
        reverse("quotes:product_add", args=[v1.pk]),
        {"product": product.pk, "quantity": "2", "section_name": "主设备", "version": v1.version},
    )
    assert response.status_code == 302
    line = QuoteLine.objects.get(version=v1)
    assert (line.product, line.unit_price, line.unit_cost, line.channel_price) == (
        product,
        Decimal("12000.00"),
        Decimal("8000.00"),
        Decimal("10000.00"),
    )
    v1.refresh_from_db()
    assert v1.total_amount == Decimal("24000.00") and v1.margin_percent == Decimal("33.33")


def _evaluate(ws, ref: str) -> Decimal:
    """A tiny evaluator for the formulas this export writes (ROUND, SUM, + - * /, cells)."""
    value = ws[ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return Decimal(str(value or 0))
    expr = value[1:]
    expr = re.sub(
        r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)",
        lambda m: "(" + "+".join(f"{m[1]}{r}" for r in range(int(m[2]), int(m[4]) + 1)) + "+0)",
        expr,
    )
    expr = re.sub(r"SUM\(([^)]*)\)", lambda m: "(" + "+".join(m[1].split(",")) + ")", expr)
    expr = re.sub(r"\b([A-Z]+\d+)\b", lambda m: f"_e(ws, '{m[1]}')", expr)
    expr = expr.replace("ROUND(", "_round(")
    expr = re.sub(r"(?<![\w'])(\d+(?:\.\d+)?)(?![\w'])", r"Decimal('\1')", expr)

    def _round(x, n):
        return x.quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP)

    return eval(expr, {"Decimal": Decimal, "_e": _evaluate, "ws": ws, "_round": _round})  # noqa: S307


def test_excel_has_formulas_that_recompute_to_the_page_total(client, commercial, priced):
    client.force_login(commercial)
    ws = load_workbook(BytesIO(client.get(reverse("quotes:export_xlsx", args=[priced.pk])).content)).active
    headers = [c.value for c in ws[4]]
    assert headers[9] == "Amount" and headers[10] == "Unit cost"
    line_rows = [r for r in range(5, ws.max_row + 1) if isinstance(ws[f"A{r}"].value, int)]
    assert len(line_rows) == 2
    for r in line_rows:
        assert ws[f"J{r}"].value == f"=ROUND(F{r}*G{r}*(1-H{r}/100),2)"
    total_row = next(r for r in range(1, ws.max_row + 1) if ws[f"C{r}"].value == "Total (tax incl.)")
    assert ws[f"J{total_row}"].value.startswith("=SUM(")
    assert _evaluate(ws, f"J{total_row}") == priced.total_amount
    assert _evaluate(ws, f"J{total_row + 1}") == priced.total_cost
    assert _evaluate(ws, f"J{total_row + 2}") == priced.margin_amount
    assert ws[f"J{total_row + 3}"].value.startswith("=IF(")


def test_word_quote_has_total_and_amount_in_words(client, rep, priced, quote):
    client.force_login(rep)
    response = client.get(reverse("quotes:export_docx", args=[priced.pk]))
    assert response.status_code == 200
    doc = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    page = client.get(reverse("quotes:version", args=[priced.pk])).text
    assert f'data-testid="total">{yuan(priced.total_amount)}<' in page
    assert f"合计（含税）：{yuan(priced.total_amount)}" in text and "¥113,220.00" in text
    assert f"大写金额：{cn2an.an2cn(str(priced.total_amount), 'rmb')}" in text
    assert quote.opportunity.customer.name in text and "{{" not in text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "网络摄像机" in cells and "安装调试" in cells


def test_routing_preview_on_the_page(client, rep, v1, commercial):
    add_line(v1, commercial, name="整机", quantity="1", price="10000.00", cost="8000.00")  # 20 %
    client.force_login(commercial)
    page = client.get(reverse("quotes:version", args=[v1.pk])).text
    assert page.count('data-testid="route-step-applies"') == 4  # 2 steps × bid and contract templates
    assert "Thresholds from template" in page
    client.force_login(rep)  # the routing tells the margin bracket: not for the rep
    page = client.get(reverse("quotes:version", args=[v1.pk])).text
    assert "route-step" not in page and 'data-testid="routing-hidden"' in page


def test_version_page_shows_new_version_form_and_copies_lines(client, rep, priced, quote):
    client.force_login(rep)
    response = client.post(reverse("quotes:version_create", args=[quote.pk]), {"note": ""})
    assert response.status_code == 200 and QuoteVersion.objects.filter(quote=quote).count() == 1
    response = client.post(reverse("quotes:version_create", args=[quote.pk]), {"note": "第二轮跟踪"})
    v2 = QuoteVersion.objects.get(quote=quote, number=2)
    assert response.status_code == 302 and v2.lines.count() == 2 and v2.sections.count() == 2
    assert v2.total_amount == priced.total_amount


def _quotes(n, opportunity, user, start=0):
    for i in range(start, start + n):
        quote = Quote.objects.create(
            opportunity=opportunity, code=f"{opportunity.code}-QX{i}", title=f"报价{i}", created_by=user
        )
        QuoteVersion.objects.create(quote=quote, number=1, created_by=user, total_amount=Decimal("100"))


@pytest.mark.parametrize("persona", ["rep", "commercial"])
def test_list_query_count_is_fixed(request, client, opportunity, rep, persona):
    user = request.getfixturevalue(persona)
    other = make_opportunity(rep, make_customer(rep, "第二客户"))
    _quotes(3, opportunity, rep)
    client.force_login(user)
    url = reverse("quotes:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _quotes(40, other, rep, start=10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.text.count('data-testid="quote-row"') == 43
    assert len(few) == len(many) <= 12


def test_version_page_query_count_is_fixed(client, commercial, priced):
    client.force_login(commercial)
    url = reverse("quotes:version", args=[priced.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        add_line(priced, commercial, name=f"配件{i}", section=f"分项{i % 3}", cost="1.00")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.text.count('data-testid="line-row"') == 17
    assert len(few) == len(many)


def test_service_refuses_line_with_non_positive_quantity(v1, rep):
    from presales.lib.services import ServiceError

    with pytest.raises(ServiceError, match="quantity"):
        add_line(v1, rep, quantity="0")
    assert services.submit_missing(v1)


def test_excel_quote_writes_money_as_numbers_with_a_yuan_format(client, commercial, priced):
    from presales.lib.money import EXCEL_YUAN

    client.force_login(commercial)
    ws = load_workbook(BytesIO(client.get(reverse("quotes:export_xlsx", args=[priced.pk])).content)).active
    prices = [row[6] for row in ws.iter_rows(min_row=5) if isinstance(row[6].value, int | float)]
    assert prices and all(cell.number_format == EXCEL_YUAN for cell in prices)
    totals = [row[9] for row in ws.iter_rows(min_row=5) if str(row[9].value or "").startswith("=SUM")]
    assert totals and all(cell.number_format == EXCEL_YUAN for cell in totals)


def test_saving_a_line_and_creating_a_quote_say_so(client, rep, v1, opportunity):
    from django.contrib.messages import get_messages

    line = add_line(v1, rep, name="交换机", price="2000.00")
    v1.refresh_from_db()
    client.force_login(rep)
    post = {
        "name": "交换机",
        "unit": "台",
        "quantity": "5",
        "unit_price": "1999.00",
        "discount_percent": "0",
        "tax_rate": "13",
        "section_name": "主设备",
        "version": v1.version,
    }
    response = client.post(reverse("quotes:line_edit", args=[line.pk]), post)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Line saved."]
    other = make_opportunity(rep, make_customer(rep, "宁波港集团"))
    response = client.post(f"{reverse('quotes:create')}?opportunity={other.pk}", {"title": "第二份报价"})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "Quote created. Add its lines."
