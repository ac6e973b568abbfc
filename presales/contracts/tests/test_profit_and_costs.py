"""The final project profit (最终项目利润) and the actual costs behind it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from presales.contracts import services
from presales.contracts.models import ActualCost
from presales.contracts.selectors import profit_of
from presales.contracts.spreadsheet import parse_import
from presales.lib.services import ServiceError


def add_cost(contract, user, amount, category="equipment"):
    return services.cost_add(
        contract=contract,
        user=user,
        data={"category": category, "amount": Decimal(amount), "incurred_on": date(2026, 2, 1), "description": "测试"},
    )


def test_profit_arithmetic(contract, finance):
    add_cost(contract, finance, "500000.00")
    add_cost(contract, finance, "250000.50", "construction")
    p = profit_of(contract)
    assert p.reviewed_price == Decimal("1000000.00")
    assert p.planned_cost == Decimal("700000.00")
    assert p.actual_cost == Decimal("750000.50")
    assert p.profit == Decimal("249999.50")
    assert p.margin == Decimal("25.00")  # 24.99995 % rounded half up
    assert p.planned_margin == Decimal("30.00")
    assert p.margin_difference == Decimal("-5.00")
    assert p.cost_difference == Decimal("50000.50")


def test_profit_without_quote_and_costs(won, rep):
    from presales.contracts.tests.conftest import draft

    contract = draft(won, rep, amount=Decimal("300.00"))
    p = profit_of(contract)
    assert (p.actual_cost, p.profit, p.margin) == (Decimal("0.00"), Decimal("300.00"), Decimal("100.00"))
    assert p.planned_cost is None and p.planned_margin is None and p.margin_difference is None


def test_cost_rules(contract, rep, finance):
    with pytest.raises(PermissionDenied):
        add_cost(contract, rep, "10")
    with pytest.raises(ServiceError, match="greater than zero"):
        add_cost(contract, finance, "-5")


def workbook(rows, header=("金额", "类别", "说明", "发生日期")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("costs.xlsx", buffer.getvalue())


def test_import_reports_each_bad_row_and_saves_nothing(contract, finance, client):
    upload = workbook(
        [
            ("120000", "设备采购", "摄像机", "2026-02-01"),
            ("abc", "施工", "", "2026-02-02"),
            ("5000", "餐费", "", "2026-02-03"),
            ("-1", "差旅", "", "2026/02/04"),
            ("300", "其他", "", "昨天"),
        ]
    )
    client.force_login(finance)
    response = client.post(reverse("contracts:costs_import", args=[contract.pk]), {"file": upload})
    assert response.status_code == 200
    errors = response.context["report"].errors
    assert [row for row, _m in errors] == [3, 4, 5, 6]
    assert "“金额”: “abc” is not a number." in errors[0][1]
    assert "“类别”: “餐费” is not one of the choices." in errors[1][1]
    assert errors[2][1] == "The amount must be greater than zero."
    assert "is not a date" in errors[3][1]
    assert b'data-testid="import-report"' in response.content
    assert not ActualCost.objects.exists()


def test_import_success(contract, finance, client):
    upload = workbook([(120000.5, "设备采购", "摄像机", date(2026, 2, 1)), ("3,000", "差旅", "现场调试", "2026/02/05")])
    client.force_login(finance)
    response = client.post(reverse("contracts:costs_import", args=[contract.pk]), {"file": upload})
    assert response.status_code == 302
    costs = list(ActualCost.objects.order_by("id"))
    assert [(c.category, c.amount, c.incurred_on) for c in costs] == [
        ("equipment", Decimal("120000.50"), date(2026, 2, 1)),
        ("travel", Decimal("3000.00"), date(2026, 2, 5)),
    ]
    assert profit_of(contract).actual_cost == Decimal("123000.50")


def test_import_refuses_wrong_file_and_roles(contract, rep, finance, client):
    client.force_login(finance)
    response = client.post(
        reverse("contracts:costs_import", args=[contract.pk]), {"file": SimpleUploadedFile("costs.csv", b"a,b")}
    )
    assert "Upload an Excel workbook" in response.context["file_error"]
    client.force_login(rep)
    assert client.get(reverse("contracts:costs_import", args=[contract.pk])).status_code == 403


def test_parse_accepts_codes_and_labels():
    rows = parse_import(workbook([("1", "outsourced", "", "2026-01-01"), ("2", "Travel", "", "2026-01-02")]))
    assert [r["category"] for _n, r in rows] == ["outsourced", "travel"]
    assert all(not r["_errors"] for _n, r in rows)


def test_profit_stays_open_until_actual_costs_are_entered(client, contract, finance):
    """With no actual cost yet the profit would read 100 %: the page says it is open instead."""
    client.force_login(finance)
    url = reverse("contracts:detail", args=[contract.pk])
    page = client.get(url).text
    assert 'data-testid="profit-open"' in page and 'data-testid="profit-amount"' not in page
    assert not profit_of(contract).has_costs
    add_cost(contract, finance, "500000.00")
    page = client.get(url).text
    assert 'data-testid="profit-open"' not in page and 'data-testid="profit-amount"' in page
    assert profit_of(contract).has_costs


def test_import_of_an_amount_too_large_for_the_field_is_refused_by_row(contract, finance, client):
    """Saved, such an amount could not be read back: the contract page would fail from then on."""
    client.force_login(finance)
    upload = workbook([("10000000000000", "差旅", "", "2026-02-01")])
    response = client.post(reverse("contracts:costs_import", args=[contract.pk]), {"file": upload})
    assert response.status_code == 200
    assert response.context["report"].errors == [(2, "The amount is too large: at most ¥10,000,000,000.00.")]
    assert not ActualCost.objects.exists()
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200
    with pytest.raises(ServiceError, match="too large"):
        add_cost(contract, finance, "1000000000000")


def test_margin_difference_unit_is_translated(client, contract, finance, monkeypatch):
    from django.utils import translation

    original = translation.gettext

    def fake_gettext(message):
        return "%(difference)s 个百分点" if message == "%(difference)s pp" else original(message)

    monkeypatch.setattr(translation, "gettext", fake_gettext)
    add_cost(contract, finance, "500000.00")
    client.force_login(finance)
    page = client.get(reverse("contracts:detail", args=[contract.pk])).text
    assert "20.00 个百分点" in page and " pp<" not in page
