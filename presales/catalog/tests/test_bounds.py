"""Every number of the catalog has bounds its column can hold (issue 8): list price, standard
cost, channel price, lead time, typed parameters and component prices are refused beyond them
by the form, the import and the service, with the limit named; and a configuration beyond a
quote line's bounds never reaches a quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from presales.catalog import configurator, services
from presales.catalog.models import Component, ComponentPrice, Product
from presales.catalog.tests.test_products import HEADERS, xlsx
from presales.lib.services import ServiceError

pytestmark = pytest.mark.django_db

PRICE_LIMIT = "¥1,000,000,000.00"


@pytest.fixture(autouse=True)
def english(settings, client):
    """The messages are checked in English (the msgids); the product's default is Chinese."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    with translation.override("en"):
        yield


def product_data(tree, **values):
    data = {
        "category": tree["telecom"].pk,
        "model_code": "IMPS48/150",
        "name": "通信电源",
        "unit": "套",
        "list_price": "50000",
        "standard_cost": "30000",
        "channel_price": "40000",
        "lead_time_days": "30",
        "status": "active",
        "description": "",
        "params_text": "voltage=48",
    }
    data.update(values)
    return data


def test_product_form_refuses_numbers_beyond_their_bounds(client, commercial, tree):
    """A lead time of 10**30 days used to reach the database (500); a price of ¥10 billion was
    stored although a quote line could never carry it."""
    client.force_login(commercial)
    response = client.post(
        reverse("catalog:create"),
        product_data(
            tree,
            list_price="1000000000.01",
            standard_cost="-1",
            channel_price="10000000000",
            lead_time_days=str(10**30),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["list_price"] == [f"Enter a value of at most {PRICE_LIMIT}."]
    assert errors["standard_cost"] == ["Ensure this value is greater than or equal to 0."]
    assert errors["channel_price"] == [f"Enter a value of at most {PRICE_LIMIT}."]
    assert errors["lead_time_days"] == ["Enter a value of at most 3,650."]
    assert 'value="1000000000.01"' in response.text
    assert not Product.objects.exists()


def test_product_at_its_bounds_is_stored_and_reads_back(client, commercial, rep, tree):
    client.force_login(commercial)
    response = client.post(
        reverse("catalog:create"),
        product_data(tree, list_price="1000000000.00", standard_cost="1000000000", lead_time_days="3650"),
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.list_price, product.lead_time_days) == (Decimal("1000000000.00"), 3650)
    for user in (commercial, rep):
        client.force_login(user)
        assert client.get(reverse("catalog:detail", args=[product.pk])).status_code == 200
        assert client.get(reverse("catalog:list")).status_code == 200
        assert client.get("/api/v1/products/").status_code == 200


@pytest.mark.parametrize("crafted", ["NaN", "Infinity", "1e400", "1e-999", "1" + "0" * 30, "1e999999999"])
def test_crafted_numbers_get_a_form_error(client, commercial, tree, crafted):
    client.force_login(commercial)
    for field in ("list_price", "standard_cost", "lead_time_days"):
        response = client.post(reverse("catalog:create"), product_data(tree, **{field: crafted}))
        assert response.status_code == 200, field
        assert response.context["form"].errors.get(field), field
    assert not Product.objects.exists()


def test_the_service_refuses_too(commercial, tree):
    data = {"category": tree["telecom"], "model_code": "X1", "name": "X", "list_price": Decimal("1e400")}
    with pytest.raises(ServiceError) as refused:
        services.product_create(user=commercial, data={**data, "lead_time_days": 10**30})
    assert refused.value.messages == [
        f"List price cannot be more than {PRICE_LIMIT}.",
        "Lead time (days) cannot be more than 3,650.",
    ]
    assert not Product.objects.exists()


def test_import_refuses_numbers_beyond_their_bounds_by_row(client, commercial, tree):
    """1e400 as a list price made the import fail with a 500 (quantize); 10**13 was stored and
    then could not be read back on SQLite."""
    client.force_login(commercial)
    rows = [
        ["A1", "甲", "通信电源系统", "台", "1e400", None, None, None, "active", None],
        ["A2", "乙", "通信电源系统", "台", 10**13, None, None, "1e999999999", "active", None],
        ["A3", "丙", "通信电源系统", "台", 100, None, None, None, "active", "voltage=1e400"],
        ["A4", "丁", "通信电源系统", "台", 100, None, None, None, "active", None],
    ]
    response = client.post(reverse("catalog:import"), {"file": xlsx(HEADERS, rows)})
    assert response.status_code == 200
    assert response.context["report"].errors == [
        (2, f"List price cannot be more than {PRICE_LIMIT}."),
        (3, f"List price cannot be more than {PRICE_LIMIT}."),
        (3, "Lead time (days) cannot be more than 3,650."),
        (4, "标称电压: “1e400” is outside ±1,000,000,000,000."),
    ]
    assert not Product.objects.exists()
    assert client.get(reverse("catalog:list")).status_code == 200


@pytest.mark.parametrize(
    ("value_type", "text", "message"),
    [
        ("int", str(10**30), "is outside ±1,000,000,000,000."),
        ("int", "1e400", "is outside ±1,000,000,000,000."),
        ("decimal", "1e400", "is outside ±1,000,000,000,000."),
        ("decimal", "1e-999", "has more than 6 decimal places."),
        ("decimal", "NaN", "is not a number."),
        ("int", "Infinity", "is not a whole number."),
    ],
)
def test_typed_parameters_have_bounds(tree, value_type, text, message):
    definition = tree["root"].parameters.get(key="voltage")
    definition.value_type = value_type
    definition.save()
    cleaned, errors = services.clean_params(tree["telecom"], {"voltage": text})
    assert cleaned == {}
    assert errors == [f"标称电压: “{text}” {message}"]


def test_typed_parameters_at_their_bounds_are_kept(tree):
    cleaned, errors = services.clean_params(tree["telecom"], {"voltage": "-1000000000000", "current": "48"})
    assert (cleaned, errors) == ({"voltage": -1000000000000, "current": 48}, [])
    cleaned, errors = services.clean_params(tree["modules"], {"rating": "0.000001"})
    assert (cleaned, errors) == ({"rating": "0.000001"}, [])


def test_component_price_beyond_the_bound_is_refused(client, commercial, breakers):
    component = Component.objects.first()
    before = ComponentPrice.objects.count()
    client.force_login(commercial)
    url = reverse("catalog:component", args=[component.pk])
    for crafted in ("1000000000.01", "1e400", "NaN", "-1"):
        response = client.post(url, {"price": crafted, "effective_on": "2025-01-01"})
        assert response.status_code == 200, crafted
        assert response.context["form"].errors["price"], crafted
    with pytest.raises(ServiceError, match=f"Price cannot be more than {PRICE_LIMIT}"):
        services.component_price_add(
            user=commercial, component=component, price=Decimal("1e13"), effective_on=date(2025, 1, 1)
        )
    assert ComponentPrice.objects.count() == before


def test_component_import_refuses_a_price_beyond_the_bound(client, commercial, breakers):
    client.force_login(commercial)
    headers = ["型号", "品牌", "类别", "规格", "价格", "生效日期"]
    rows = [["ABB-3P 63A", "ABB", "交流断路器", "3P 63A", "1e400", "2025-01-01"]]
    response = client.post(reverse("catalog:component_import"), {"file": xlsx(headers, rows)})
    assert response.status_code == 200
    assert response.context["report"].errors == [(2, f"Price cannot be more than {PRICE_LIMIT}.")]
    assert not ComponentPrice.objects.filter(effective_on=date(2025, 1, 1)).exists()


# --- configurator -------------------------------------------------------------------------
def test_configure_refuses_a_current_beyond_its_bound(system_rule):
    for current in ("100000.01", "1e999999999"):
        with pytest.raises(configurator.CodeError, match="at most 100,000 A"):
            configurator.configure(system_rule, {"voltage": "48", "current": "150"}, required_current=current)


def test_configure_refuses_a_bom_line_beyond_a_quote_lines_bound(system_rule):
    system_rule.module_rating_a = Decimal("0.01")
    with pytest.raises(configurator.CodeError) as refused:
        configurator.configure(system_rule, {"voltage": "48", "current": "150"}, required_current="99999")
    assert refused.value.messages == [
        "ZHR4830: 9,999,901 is more than the 1,000,000 units a quote line can hold.",
        "QF-MOD: 19,999,802 is more than the 1,000,000 units a quote line can hold.",
    ]


def test_configurator_page_answers_a_crafted_current(client, rep, system_rule):
    client.force_login(rep)
    url = reverse("catalog:configurator")
    for crafted in ("1e999999999", "NaN", "100000.01", "1" + "0" * 30):
        response = client.get(url, {"system_rule": system_rule.pk, "f_voltage": "48", "required_current": crafted})
        assert response.status_code == 200, crafted
        assert response.context["configuration"] is None, crafted


def test_overlong_import_cells_are_row_errors_not_500s_or_cut_text(client, commercial):
    """A name, description or component cell longer than its column is refused by row."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from presales.catalog.models import Component, Product
    from presales.catalog.spreadsheet import parse_component_prices, parse_products

    def sheet(headers, row):
        workbook = Workbook()
        workbook.active.append(headers)
        workbook.active.append(row)
        buffer = BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("导入.xlsx", buffer.getvalue())

    products = parse_products(sheet(["型号", "名称", "描述"], ["IMPS48/150", "名" * 201, "长" * 10_001]))
    errors = products[0][1]["_errors"]
    assert any("名称" in e and "200" in e for e in errors) and any("描述" in e for e in errors)
    components = parse_component_prices(sheet(["型号", "品牌", "价格"], ["X" * 101, "ABB", "100"]))
    assert any("型号" in e and "100" in e for e in components[0][1]["_errors"])
    assert not Product.objects.exists() and not Component.objects.exists()
