"""The product catalog (issue 4): the product tree with its parameters, the products, the
purchased components (外购件) with their brands and dated prices, and the configurator's
model-code and system rules.

The tree, parameters, brands and rules have no service (the admin screens maintain them):
they are created directly, like the demo's people. Products and component prices go
through their services as the catalog editor.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from presales.accounts.models import User
from presales.catalog import services as catalog_services
from presales.catalog.models import (
    Brand,
    CodeField,
    Component,
    ComponentCategory,
    ModelCodeRule,
    ParameterDefinition,
    ProductCategory,
    SystemAccessory,
    SystemRule,
)
from presales.demo.context import DemoContext
from presales.demo.data.catalog import CATEGORIES, CODE_RULES, PRODUCTS, SYSTEM_RULES
from presales.demo.data.components import (
    AC_BREAKER_BRANDS,
    AC_BREAKER_SPECS,
    BRANDS,
    COMPONENT_CATEGORIES,
    COMPONENTS,
    PRICE_HISTORY,
    SUPPLIERS,
)
from presales.demo.data.opportunities import MAX_AGE_DAYS
from presales.demo.data.people import CATALOG_EDITOR
from presales.quotes.pricing import money


def build_catalog(ctx: DemoContext) -> None:
    """Entered by commercial before the first customer: fixed times, so the random stories of
    everything after stay what they were."""
    day = ctx.today - timedelta(days=MAX_AGE_DAYS + 60)
    start = timezone.make_aware(datetime.combine(day - timedelta(days=max(day.weekday() - 4, 0)), time(10)))
    ctx.clock.phase(start, start + timedelta(days=14))
    editor = ctx.users[CATALOG_EDITOR]
    categories: dict[str, ProductCategory] = {}
    for path, order, parameters in CATEGORIES:
        parent, _sep, name = path.rpartition("/")
        category = ProductCategory(name=name, parent=categories.get(parent), order=order)
        category._history_user = editor
        category.save()
        categories[path] = category
        ParameterDefinition.objects.bulk_create(
            ParameterDefinition(
                category=category, key=key, label=label, unit=unit, value_type=kind, required=required, order=n
            )
            for n, (key, label, unit, kind, required) in enumerate(parameters)
        )
    for path, code, name, unit, price, cost, channel, lead, params in PRODUCTS:
        ctx.made.products[code] = catalog_services.product_create(
            user=editor,
            data={
                "category": categories[path],
                "model_code": code,
                "name": name,
                "unit": unit,
                "list_price": Decimal(price),
                "standard_cost": Decimal(cost),
                "channel_price": Decimal(channel),
                "lead_time_days": lead,
                "params": params,
            },
        )
    _components(ctx, editor)
    for family, pattern, path, description, order, fields in CODE_RULES:
        rule = ModelCodeRule(
            family=family, pattern=pattern, category=categories[path], description=description, order=order
        )
        rule._history_user = editor
        rule.save()
        CodeField.objects.bulk_create(
            CodeField(rule=rule, key=key, label=label, unit=unit, allowed_values=allowed, order=n)
            for n, (key, label, unit, allowed) in enumerate(fields)
        )
    rules = {r.family: r for r in ModelCodeRule.objects.all()}
    for family, name, module, rating, redundancy, cabinet, accessories in SYSTEM_RULES:
        system = SystemRule(
            code_rule=rules[family],
            name=name,
            module_product=ctx.made.products[module],
            module_rating_a=Decimal(rating),
            redundancy=redundancy,
            cabinet_product=ctx.made.products[cabinet],
        )
        system._history_user = editor
        system.save()
        SystemAccessory.objects.bulk_create(
            SystemAccessory(
                system_rule=system, product=ctx.made.products[code], quantity=Decimal(qty), per_module=per, order=n
            )
            for n, (code, qty, per) in enumerate(accessories)
        )
        ctx.made.system_rules[name.split()[0]] = system


def _components(ctx: DemoContext, editor: User) -> None:
    """Brands, component categories with their default tender brand, and the components
    with 2–4 dated prices each: created by the price import (one row per component with
    its first price), later prices entered one by one."""
    brands = {name: Brand.objects.create(name=name, country=country) for name, country in BRANDS}
    for name, order, default in COMPONENT_CATEGORIES:
        category = ComponentCategory(name=name, order=order, default_brand=brands[default])
        category._history_user = editor
        category.save()
    items = []  # (category, spec, brand, model, name, current price)
    for spec, base in AC_BREAKER_SPECS:
        poles = spec.split()[0]
        for brand, prefix, factor in AC_BREAKER_BRANDS:
            model = f"{prefix}{poles}-{spec.split()[1]}" if brand != "ABB" else f"S20{poles[0]}-{spec.split()[1]}"
            items.append(("交流断路器", spec, brand, model, "交流微型断路器", money(Decimal(base) * Decimal(factor))))
    for category, spec, rows in COMPONENTS:
        for brand, model, name, price in rows:
            items.append((category, spec, brand, model, name, Decimal(price)))
    first_rows, later = [], []
    for n, (category, spec, brand, model, name, price) in enumerate(items):
        history = PRICE_HISTORY[n % len(PRICE_HISTORY)]
        dated = [(money(price * Decimal(str(f))), ctx.today - timedelta(days=days)) for f, days in history]
        (first_price, first_day), rest = dated[0], dated[1:]
        first_rows.append(
            (
                n + 2,
                {
                    "brand": brand,
                    "category": category,
                    "model": model,
                    "name": name,
                    "spec": spec,
                    "unit": "只" if category == "蓄电池" else ("台" if category == "UPS/逆变器" else "个"),
                    "supplier": SUPPLIERS[brand],
                    "price": first_price,
                    "effective_on": first_day,
                    "source": "年度框架协议价",
                },
            )
        )
        later.append(((brand, model), rest))
    report = catalog_services.component_prices_import(user=editor, rows=first_rows)
    assert report.ok, report.errors
    found = {(c.brand.name, c.model): c for c in Component.objects.select_related("brand")}
    for key, rest in later:
        for price, day in rest:
            catalog_services.component_price_add(
                user=editor,
                component=found[key],
                price=price,
                effective_on=day,
                source=ctx.commerce_rng.choice(["供应商报价单", "询价记录", "采购合同价"]),
            )
