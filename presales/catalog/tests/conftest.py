from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from presales.catalog.models import (
    Brand,
    CodeField,
    Component,
    ComponentCategory,
    ComponentPrice,
    ModelCodeRule,
    ParameterDefinition,
    Product,
    ProductCategory,
    SystemAccessory,
    SystemRule,
)


@pytest.fixture
def tree(db):
    root = ProductCategory.objects.create(name="电力市场产品", order=1)
    telecom = ProductCategory.objects.create(name="通信电源系统", parent=root, order=3)
    dc = ProductCategory.objects.create(name="直流操作电源系统", parent=root, order=2)
    modules = ProductCategory.objects.create(name="模块", order=2)
    accessories = ProductCategory.objects.create(name="配件", order=3)
    ParameterDefinition.objects.create(
        category=root, key="voltage", label="标称电压", unit="V", value_type="int", order=1
    )
    ParameterDefinition.objects.create(
        category=telecom, key="current", label="额定输出电流", unit="A", value_type="int", order=2
    )
    ParameterDefinition.objects.create(category=modules, key="rating", label="模块电流", unit="A", value_type="decimal")
    return {"root": root, "telecom": telecom, "dc": dc, "modules": modules, "accessories": accessories}


@pytest.fixture
def products(tree):
    def make(code, category, price, cost=None, channel=None, **extra):
        return Product.objects.create(
            model_code=code,
            name=extra.pop("name", code),
            category=category,
            list_price=Decimal(price),
            standard_cost=Decimal(cost) if cost else None,
            channel_price=Decimal(channel) if channel else None,
            **extra,
        )

    return {
        "cabinet": make("IMPS-CAB", tree["telecom"], "20000", "12000", "16000", params={"voltage": 48}),
        "module": make("ZHR4830", tree["modules"], "3000", "1800", "2500", params={"rating": "30"}),
        "module50": make("ZHR4850", tree["modules"], "4200", "2600", "3600"),
        "monitor": make("ZHM05", tree["accessories"], "5000", "3100", "4000"),
        "breaker": make("QF-MOD", tree["accessories"], "120", "60", "100"),
    }


def make_rule(family, pattern, fields):
    rule = ModelCodeRule.objects.create(family=family, pattern=pattern)
    for order, (key, label, unit, allowed) in enumerate(fields):
        CodeField.objects.create(rule=rule, key=key, label=label, unit=unit, allowed_values=allowed, order=order)
    return rule


@pytest.fixture
def imps_rule(db):
    return make_rule(
        "IMPS 通信电源系统",
        "IMPS{voltage}/{current}",
        [
            ("voltage", "标称电压", "V", "24,48,110,220"),
            ("current", "额定输出电流", "A", "30,60,90,120,150,151,180,300"),
        ],
    )


@pytest.fixture
def zhdcs_rule(db):
    return make_rule(
        "ZHDCS 直流操作电源系统",
        "ZHDCS{voltage}/{current}-{battery_ah}",
        [
            ("voltage", "标称电压", "V", "110,220"),
            ("current", "额定输出电流", "A", "10-400"),
            ("battery_ah", "蓄电池额定容量", "Ah", "65,100,200,300"),
        ],
    )


@pytest.fixture
def system_rule(imps_rule, products):
    rule = SystemRule.objects.create(
        code_rule=imps_rule,
        name="IMPS 小系统",
        module_product=products["module"],
        module_rating_a=Decimal("50"),
        redundancy=1,
        cabinet_product=products["cabinet"],
    )
    SystemAccessory.objects.create(system_rule=rule, product=products["monitor"], quantity=Decimal("1"), order=1)
    SystemAccessory.objects.create(
        system_rule=rule, product=products["breaker"], quantity=Decimal("2"), per_module=True, order=2
    )
    return rule


@pytest.fixture
def breakers(db):
    """微断: Siemens 3% above ABB, ABB 19% above Schneider (the seed's conclusion)."""
    category = ComponentCategory.objects.create(name="交流断路器")
    siemens = Brand.objects.create(name="西门子", country="德国")
    abb = Brand.objects.create(name="ABB", country="瑞士")
    schneider = Brand.objects.create(name="施耐德", country="法国")
    category.default_brand = schneider
    category.save()
    prices = {
        "3P 63A": {siemens: "103", abb: "100", schneider: "84.03"},
        "1P 16A": {siemens: "20.60", abb: "20", schneider: "16.81"},
    }
    for spec, per_brand in prices.items():
        for brand, price in per_brand.items():
            component = Component.objects.create(
                category=category, brand=brand, model=f"{brand.name}-{spec}", spec=spec
            )
            ComponentPrice.objects.create(component=component, price=Decimal(price), effective_on=date(2024, 1, 1))
            # an older price, and a future one: neither is the current price
            ComponentPrice.objects.create(component=component, price=Decimal("1"), effective_on=date(2020, 1, 1))
            ComponentPrice.objects.create(component=component, price=Decimal("999"), effective_on=date(2999, 1, 1))
    return {"category": category, "siemens": siemens, "abb": abb, "schneider": schneider}
