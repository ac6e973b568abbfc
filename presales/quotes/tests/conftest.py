"""Builders for the quotes tests: they go through the services, as users would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from presales.catalog.tests.conftest import imps_rule, products, system_rule, tree  # noqa: F401 (the configurator's)
from presales.quotes import services

# Figures chosen so that every cost value is a string found nowhere else on the pages.
COST_A, COST_B, CHANNEL_A = Decimal("7319.47"), Decimal("283.19"), Decimal("8821.63")


def add_line(
    version,
    user,
    *,
    name="摄像机",
    quantity="10",
    price="1000.00",
    cost=None,
    channel=None,
    discount="0",
    section="主设备",
    seen=None,
):
    data = {
        "name": name,
        "model_code": "",
        "unit": "台",
        "quantity": Decimal(quantity),
        "unit_price": Decimal(price),
        "discount_percent": Decimal(discount),
        "tax_rate": Decimal("13"),
        "unit_cost": Decimal(cost) if cost is not None else None,
        "channel_price": Decimal(channel) if channel is not None else None,
    }
    version.refresh_from_db()
    return services.line_add(
        version=version,
        user=user,
        data=data,
        seen_version=seen if seen is not None else version.version,
        section_name=section,
    )


def set_margin(version, user, percent: str):
    """One line priced 10000.00 whose cost gives exactly `percent` margin."""
    cost = Decimal("10000.00") * (Decimal(100) - Decimal(percent)) / Decimal(100)
    return add_line(
        version, user, name="整机", quantity="1", price="10000.00", cost=str(cost.quantize(Decimal("0.01")))
    )


@pytest.fixture
def quote(opportunity, rep):
    return services.quote_create(user=rep, opportunity=opportunity, title="园区安防报价")


@pytest.fixture
def v1(quote):
    return quote.versions.get(number=1)


@pytest.fixture
def priced(v1, commercial):
    """v1 with two sections and costs (entered by commercial, who sees cost)."""
    add_line(
        v1,
        commercial,
        name="网络摄像机",
        quantity="12",
        price="9800.00",
        cost=str(COST_A),
        channel=str(CHANNEL_A),
        discount="5",
    )
    add_line(v1, commercial, name="安装调试", quantity="3", price="500.00", cost=str(COST_B), section="安装调试服务")
    v1.refresh_from_db()
    return v1


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"  # logged in: the organisation's language, not the browser's
    return client
