"""Every change to the catalog: one function each, permission first, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from presales.catalog import access
from presales.catalog.models import (
    Brand,
    Component,
    ComponentCategory,
    ComponentPrice,
    Product,
    ProductCategory,
    ProductDatasheet,
    ProductStatus,
    Supplier,
    ValueType,
)
from presales.catalog.selectors import parameter_definitions
from presales.lib.bounds import LEAD_TIME_DAYS_MAX, PARAMETER_MAX, PARAMETER_PLACES, PRICE_MAX, out_of_range, show
from presales.lib.numbers import plain
from presales.lib.services import ServiceError, apply_changes, check_version, save_with_history

CENT = Decimal("0.01")
PRODUCT_FIELDS = [
    "category",
    "model_code",
    "name",
    "unit",
    "list_price",
    "standard_cost",
    "channel_price",
    "lead_time_days",
    "status",
    "description",
    "params",
]


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Typed parameters
# ---------------------------------------------------------------------------
def clean_params(category, raw: dict, definitions=None) -> tuple[dict, list[str]]:
    """Check parameters against the category's definitions (and its ancestors').

    Keys may be given by key or by label. Returns (typed values, errors): int → int,
    decimal → normalized string (JSON has no decimals; never a float), text → str.
    """
    definitions = parameter_definitions(category) if definitions is None else definitions
    by_name = {}
    for definition in definitions:
        by_name[definition.key.casefold()] = definition
        by_name.setdefault(definition.label.casefold(), definition)
    cleaned, errors = {}, []
    for name, value in (raw or {}).items():
        definition = by_name.get(str(name).strip().casefold())
        if definition is None:
            errors.append(
                _("Parameter “%(name)s” is not defined for category %(category)s.")
                % {"name": name, "category": category.name}
            )
            continue
        text = "" if value is None else str(value).strip()
        if text == "":
            continue
        if definition.value_type in (ValueType.INT, ValueType.DECIMAL):
            number, error = _parameter_number(definition, text)
            if error:
                errors.append(error)
            else:
                cleaned[definition.key] = int(number) if definition.value_type == ValueType.INT else plain(number)
        else:
            cleaned[definition.key] = text
    for definition in definitions:
        if definition.required and definition.key not in cleaned:
            errors.append(_("%(label)s is required.") % {"label": definition.label})
    return cleaned, errors


def _parameter_number(definition, text: str) -> tuple[Decimal | None, str | None]:
    """A typed parameter's number and None, or None and why not: a whole number for int, at most
    PARAMETER_PLACES decimals for decimal, and within ±PARAMETER_MAX either way (so 1e400 or
    1e-999 never reach the JSON as a 400-digit string)."""
    params = {"label": definition.label, "value": text[:40]}
    whole = definition.value_type == ValueType.INT
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or (whole and number != number.to_integral_value()):
        if whole:
            return None, _("%(label)s: “%(value)s” is not a whole number.") % params
        return None, _("%(label)s: “%(value)s” is not a number.") % params
    if abs(number) > PARAMETER_MAX:
        return None, _("%(label)s: “%(value)s” is outside ±%(limit)s.") % {**params, "limit": show(PARAMETER_MAX)}
    if not whole and number.as_tuple().exponent < -PARAMETER_PLACES:
        return None, _("%(label)s: “%(value)s” has more than %(places)s decimal places.") % {
            **params,
            "places": PARAMETER_PLACES,
        }
    return number, None


def parse_params_text(text: str) -> tuple[dict, list[str]]:
    """ "key=value" per line or separated by ";" (the form and the spreadsheet)."""
    raw, errors = {}, []
    for part in (text or "").replace("；", ";").replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        separator = "=" if "=" in part else ("：" if "：" in part else ":")
        if separator not in part:
            errors.append(_("“%(part)s” is not in the form name=value.") % {"part": part})
            continue
        name, value = part.split(separator, 1)
        raw[name.strip()] = value.strip()
    return raw, errors


def params_text(params: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in (params or {}).items())


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------
def _check_product(data: dict, *, instance: Product | None) -> list[str]:
    errors = []
    code = (data.get("model_code") or "").strip()
    if not code:
        errors.append(_("The model code is required."))
    elif Product.objects.filter(model_code__iexact=code).exclude(pk=getattr(instance, "pk", None)).exists():
        errors.append(_("Model code %(code)s already exists.") % {"code": code})
    if data.get("category") is None:
        errors.append(_("The category is required."))
    if data.get("list_price") is None:
        errors.append(_("The list price is required."))
    return errors + number_problems(data)


def number_problems(data: dict) -> list[str]:
    """The bounds of a product's numbers (presales.lib.bounds), for the form and the import."""
    problems = []
    for name in ("list_price", "standard_cost", "channel_price"):
        problems.append(out_of_range(Product._meta.get_field(name).verbose_name, data.get(name), PRICE_MAX, money=True))
    lead = data.get("lead_time_days")
    problems.append(out_of_range(Product._meta.get_field("lead_time_days").verbose_name, lead, LEAD_TIME_DAYS_MAX))
    return [p for p in problems if p]


def _prepare(data: dict) -> dict:
    data = dict(data)
    data["model_code"] = (data.get("model_code") or "").strip()
    for name in ("list_price", "standard_cost", "channel_price"):
        if data.get(name) is not None and abs(data[name]) <= PRICE_MAX:  # beyond: refused by number_problems
            data[name] = money(data[name])
    if not data.get("unit"):
        data["unit"] = "台"
    if not data.get("status"):
        data["status"] = ProductStatus.ACTIVE
    return data


@transaction.atomic
def product_create(*, user, data: dict) -> Product:
    access.require_edit(user)
    data = _prepare(data)
    errors = _check_product(data, instance=None)
    if data.get("category") is not None:
        data["params"], param_errors = clean_params(data["category"], data.get("params") or {})
        errors += param_errors
    if errors:
        raise ServiceError(errors)
    product = Product()
    apply_changes(product, data, PRODUCT_FIELDS)
    save_with_history(product, user, _("Created"))
    return product


@transaction.atomic
def product_update(*, user, product: Product, data: dict, seen_version: int | None = None) -> Product:
    access.require_edit(user)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    check_version(locked, seen_version)
    data = _prepare({name: data.get(name, getattr(locked, name)) for name in PRODUCT_FIELDS})
    errors = _check_product(data, instance=locked)
    if data.get("category") is not None:
        data["params"], param_errors = clean_params(data["category"], data.get("params") or {})
        errors += param_errors
    if errors:
        raise ServiceError(errors)
    changed = apply_changes(locked, data, PRODUCT_FIELDS)
    if changed:
        locked.version += 1
        save_with_history(locked, user, _("Edited"))
    return locked


@transaction.atomic
def datasheet_add(*, user, product: Product, file, title: str = "") -> ProductDatasheet:
    access.require_edit(user)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if not file:
        raise ServiceError(_("Choose a file to upload."))
    sheet = ProductDatasheet(product=locked, file=file, title=title.strip(), uploaded_by=user)
    sheet.save()
    save_with_history(locked, user, _("Datasheet added: %(name)s") % {"name": sheet})
    return sheet


@transaction.atomic
def datasheet_delete(*, user, datasheet: ProductDatasheet) -> None:
    access.require_edit(user)
    product = Product.objects.select_for_update().get(pk=datasheet.product_id)
    name = str(datasheet)
    datasheet.file.delete(save=False)
    datasheet.delete()
    save_with_history(product, user, _("Datasheet deleted: %(name)s") % {"name": name})


# ---------------------------------------------------------------------------
# Component prices
# ---------------------------------------------------------------------------
@transaction.atomic
def component_price_add(*, user, component: Component, price, effective_on: date, source: str = "") -> ComponentPrice:
    """Record a price from a date on; a second price for the same day replaces the first."""
    access.require_edit(user)
    component = Component.objects.select_for_update().get(pk=component.pk)
    if price is None or Decimal(price) < 0:
        raise ServiceError(_("Enter a price of zero or more."))
    too_large = out_of_range(
        ComponentPrice._meta.get_field("price").verbose_name, Decimal(price), PRICE_MAX, money=True
    )
    if too_large:
        raise ServiceError(too_large)
    if effective_on is None:
        raise ServiceError(_("Enter the date the price applies from."))
    record, _created = ComponentPrice.objects.update_or_create(
        component=component,
        effective_on=effective_on,
        defaults={"price": money(price), "source": (source or "").strip()[:200], "created_by": user},
    )
    return record


# ---------------------------------------------------------------------------
# Imports (all or nothing, every error by row)
# ---------------------------------------------------------------------------
@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def products_import(*, user, rows: list[tuple[int, dict]]) -> ImportReport:
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
def component_prices_import(*, user, rows: list[tuple[int, dict]]) -> ImportReport:
    """Components (found by brand + model, created when new) and their prices, all or nothing."""
    access.require_edit(user)
    report = ImportReport()
    categories = {c.name.casefold(): c for c in ComponentCategory.objects.all()}
    brands = {b.name.casefold(): b for b in Brand.objects.all()}
    suppliers = {s.name.casefold(): s for s in Supplier.objects.all()}
    components = {(c.brand_id, c.model.casefold()): c for c in Component.objects.select_related("category")}
    seen: dict[tuple, int] = {}
    planned_new: set[tuple] = set()
    plans = []
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
            too_large = out_of_range(
                ComponentPrice._meta.get_field("price").verbose_name, data["price"], PRICE_MAX, money=True
            )
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
        component._history_user = user
        component.save()
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


def category_by_path(text: str, categories=None) -> tuple[ProductCategory | None, str | None]:
    """A category from "电力市场产品/通信电源系统" or a unique name; (category, error)."""
    from presales.catalog.selectors import category_path

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
