"""Spreadsheet imports of products and component prices: all or nothing, every error by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog import access
from presales.catalog.models import (
    Brand,
    Component,
    ComponentCategory,
    Product,
    ProductCategory,
    Supplier,
)
from presales.catalog.selectors import category_path
from presales.catalog.services.component_prices import component_price_add, price_problem
from presales.catalog.services.parameters import clean_params
from presales.catalog.services.products import PRODUCT_FIELDS, number_problems, product_create, product_update
from presales.lib.services import save_with_history


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def products_import(*, user: User, rows: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Create new products and update existing ones (by model code) from parsed rows.

    Every row is checked first; if any row has an error nothing is saved and the report lists
    each error with its row number.
    """
    access.require_edit(user)
    report = ImportReport()
    codes = [data.get("model_code", "").strip() for _n, data in rows if data.get("model_code")]
    existing = {p.model_code.casefold(): p for p in Product.objects.select_for_update().filter(model_code__in=codes)}
    seen: dict[str, int] = {}
    plans = []
    for number, data in rows:
        errors = list(data.pop("_errors", []))
        code = (data.get("model_code") or "").strip()
        key = code.casefold()
        if key and key in seen:
            errors.append(_("Same model code as row %(row)s of this file.") % {"row": seen[key]})
        elif key:
            seen[key] = number
        instance = existing.get(key)
        if key and instance is None and Product.objects.filter(model_code__iexact=code).exists():
            instance = Product.objects.select_for_update().get(model_code__iexact=code)
        if not data.get("name") and instance is None:
            errors.append(_("“%(column)s” is required.") % {"column": "名称"})
        errors += number_problems(data)
        category = data.get("category") or getattr(instance, "category", None)
        if category is not None and "params" in data:
            data["params"], param_errors = clean_params(category, data["params"] or {})
            errors += param_errors
        for message in errors:
            report.errors.append((number, message))
        plans.append((instance, data))
    if report.errors:
        return report
    for instance, data in plans:
        if instance is None:
            report.created.append(product_create(user=user, data=data))
        else:
            update = {name: value for name, value in data.items() if name in PRODUCT_FIELDS and value is not None}
            report.updated.append(product_update(user=user, product=instance, data=update))
    return report


@transaction.atomic
def component_prices_import(*, user: User, rows: list[tuple[int, dict[str, Any]]]) -> ImportReport:
    """Components (found by brand + model, created when new) and their prices, all or nothing."""
    access.require_edit(user)
    report = ImportReport()
    categories = {c.name.casefold(): c for c in ComponentCategory.objects.all()}
    brands = {b.name.casefold(): b for b in Brand.objects.all()}
    suppliers = {s.name.casefold(): s for s in Supplier.objects.all()}
    components = {(c.brand_id, c.model.casefold()): c for c in Component.objects.select_related("category")}
    seen: dict[tuple, int] = {}
    planned_new: set[tuple] = set()
    plans: list[tuple[Component | None, Brand, ComponentCategory | None, dict[str, Any]]] = []
    for number, data in rows:
        errors = list(data.pop("_errors", []))
        brand = brands.get((data.get("brand") or "").casefold())
        if data.get("brand") and brand is None:
            errors.append(_("Brand “%(name)s” is not in the catalog.") % {"name": data["brand"]})
        elif not data.get("brand"):
            errors.append(_("“%(column)s” is required.") % {"column": "品牌"})
        category = categories.get((data.get("category") or "").casefold())
        if data.get("category") and category is None:
            errors.append(_("Component category “%(name)s” is not in the catalog.") % {"name": data["category"]})
        model = (data.get("model") or "").strip()
        component = components.get((brand.pk, model.casefold())) if brand and model else None
        new_key = (getattr(brand, "pk", None), model.casefold())
        if component is None and not errors and new_key not in planned_new:
            if category is None:
                errors.append(_("“%(column)s” is required for a new component.") % {"column": "类别"})
            if not data.get("spec"):
                errors.append(_("“%(column)s” is required for a new component.") % {"column": "规格"})
        if component is not None and category is not None and component.category_id != category.pk:
            errors.append(
                _("%(model)s is in category %(category)s, not %(given)s.")
                % {"model": model, "category": component.category.name, "given": category.name}
            )
        if data.get("price") is not None:
            too_large = price_problem(data["price"])
            if too_large:
                errors.append(too_large)
        key = (getattr(brand, "pk", None), model.casefold(), data.get("effective_on"))
        if brand and model and key in seen:
            errors.append(_("Same component and date as row %(row)s of this file.") % {"row": seen[key]})
        else:
            seen[key] = number
        for message in errors:
            report.errors.append((number, message))
        if component is None and brand and model:
            planned_new.add(new_key)  # later rows of this file may price it without its details
        if brand is not None:  # a row without a known brand has its error: nothing is saved
            plans.append((component, brand, category, data))
    if report.errors:
        return report
    for component, brand, category, data in plans:
        supplier = None
        if data.get("supplier"):
            supplier = suppliers.get(data["supplier"].casefold())
            if supplier is None:
                supplier = Supplier.objects.create(name=data["supplier"])
                suppliers[supplier.name.casefold()] = supplier
        # A new component met on an earlier row of this file was created there: reuse it.
        component = component or components.get((brand.pk, data["model"].strip().casefold()))
        if component is None:
            component = Component(brand=brand, category=category, model=data["model"].strip())
            report.created.append(component)
        for name in ("name", "spec", "unit"):
            if data.get(name):
                setattr(component, name, data[name])
        if supplier is not None:
            component.supplier = supplier
        save_with_history(component, user)
        components[(brand.pk, component.model.casefold())] = component
        if data.get("price") is not None:
            report.updated.append(
                component_price_add(
                    user=user,
                    component=component,
                    price=data["price"],
                    effective_on=data["effective_on"],
                    source=data.get("source", ""),
                )
            )
    return report


def category_by_path(
    text: str, categories: list[ProductCategory] | None = None
) -> tuple[ProductCategory | None, str | None]:
    """A category from "电力市场产品/通信电源系统" or a unique name; (category, error)."""
    categories = list(ProductCategory.objects.all()) if categories is None else categories
    by_id = {c.pk: c for c in categories}
    wanted = [part.strip() for part in text.replace("›", "/").replace(">", "/").split("/") if part.strip()]
    if not wanted:
        return None, _("“%(column)s” is required.") % {"column": "分类"}
    matches = [c for c in categories if [p.name for p in category_path(c, by_id)][-len(wanted) :] == wanted]
    if len(matches) == 1:
        return matches[0], None
    if not matches:
        return None, _("Category “%(name)s” is not in the catalog.") % {"name": text}
    return None, _("Category “%(name)s” is ambiguous: give its full path, e.g. %(path)s.") % {
        "name": text,
        "path": "/".join(p.name for p in category_path(matches[0], by_id)),
    }
