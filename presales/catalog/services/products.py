"""Products and their datasheets (admin and commercial maintain the catalog)."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog import access
from presales.catalog.models import PRODUCT_FORM_FIELDS, Product, ProductDatasheet, ProductStatus
from presales.catalog.services.parameters import clean_params
from presales.lib.bounds import LEAD_TIME_DAYS_MAX, PRICE_MAX, out_of_range
from presales.lib.numbers import money
from presales.lib.services import ServiceError, apply_changes, check_version, field_label, save_with_history

PRODUCT_FIELDS = [*PRODUCT_FORM_FIELDS, "params"]


def _check_product(data: dict[str, Any], *, instance: Product | None) -> list[str]:
    errors: list[str] = []
    code = (data.get("model_code") or "").strip()
    others = Product.objects.exclude(pk=instance.pk) if instance is not None else Product.objects.all()
    if not code:
        errors.append(_("The model code is required."))
    elif others.filter(model_code__iexact=code).exists():
        errors.append(_("Model code %(code)s already exists.") % {"code": code})
    if data.get("category") is None:
        errors.append(_("The category is required."))
    if data.get("list_price") is None:
        errors.append(_("The list price is required."))
    return errors + number_problems(data)


def number_problems(data: dict[str, Any]) -> list[str]:
    """The bounds of a product's numbers (presales.lib.bounds), for the form and the import."""
    problems = [
        out_of_range(field_label(Product, name), data.get(name), PRICE_MAX, money=True)
        for name in ("list_price", "standard_cost", "channel_price")
    ]
    lead = data.get("lead_time_days")
    problems.append(out_of_range(field_label(Product, "lead_time_days"), lead, LEAD_TIME_DAYS_MAX))
    return [p for p in problems if p]


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
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


def _checked(data: dict[str, Any], *, instance: Product | None) -> dict[str, Any]:
    """The prepared data with its parameters typed, or every problem as one ServiceError."""
    errors = _check_product(data, instance=instance)
    if data.get("category") is not None:
        data["params"], param_errors = clean_params(data["category"], data.get("params") or {})
        errors += param_errors
    if errors:
        raise ServiceError(errors)
    return data


@transaction.atomic
def product_create(*, user: User, data: dict[str, Any]) -> Product:
    access.require_edit(user)
    data = _checked(_prepare(data), instance=None)
    product = Product()
    apply_changes(product, data, PRODUCT_FIELDS)
    save_with_history(product, user, _("Created"))
    return product


@transaction.atomic
def product_update(*, user: User, product: Product, data: dict[str, Any], seen_version: int | None = None) -> Product:
    access.require_edit(user)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    check_version(locked, seen_version)
    data = _checked(_prepare({name: data.get(name, getattr(locked, name)) for name in PRODUCT_FIELDS}), instance=locked)
    changed = apply_changes(locked, data, PRODUCT_FIELDS)
    if changed:
        locked.version += 1
        save_with_history(locked, user, _("Edited"))
    return locked


@transaction.atomic
def datasheet_add(*, user: User, product: Product, file: File | None, title: str = "") -> ProductDatasheet:
    access.require_edit(user)
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if not file:
        raise ServiceError(_("Choose a file to upload."))
    sheet = ProductDatasheet(product=locked, file=file, title=title.strip(), uploaded_by=user)
    sheet.save()
    save_with_history(locked, user, _("Datasheet added: %(name)s") % {"name": sheet})
    return sheet


@transaction.atomic
def datasheet_delete(*, user: User, datasheet: ProductDatasheet) -> None:
    access.require_edit(user)
    product = Product.objects.select_for_update().get(pk=datasheet.product_id)
    name = str(datasheet)
    datasheet.file.delete(save=False)
    datasheet.delete()
    save_with_history(product, user, _("Datasheet deleted: %(name)s") % {"name": name})
