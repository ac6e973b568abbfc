"""The lines of a draft version: free text or from a catalog product."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from presales.accounts.models import User
from presales.catalog.models import Product
from presales.lib.services import apply_changes
from presales.quotes import access, events
from presales.quotes.models import QuoteLine, QuoteVersion
from presales.quotes.services._common import (
    COST_FIELDS,
    LINE_FIELDS,
    check_line,
    live_totals,
    lock_version,
    next_order,
    require_editable,
    section_named,
    touch,
    validate_line,
)


@transaction.atomic
def line_add(
    *,
    version: QuoteVersion,
    user: User,
    data: dict[str, Any],
    seen_version: int | None = None,
    section_name: str = "",
    product: Product | None = None,
) -> QuoteLine:
    """Add a line (free text, or from a catalog product when `product` is given)."""
    locked = lock_version(version)
    require_editable(locked, user, seen_version)
    before = live_totals(locked)
    data = dict(data)
    if not access.sees_cost(user):
        for name in COST_FIELDS:  # a user who can't see costs can't set them either
            data.pop(name, None)
    check_line(data)
    line = QuoteLine(
        version=locked, product=product, order=next_order(locked), section=section_named(locked, section_name)
    )
    apply_changes(line, data, LINE_FIELDS)
    if product is not None and not access.sees_cost(user):
        line.unit_cost, line.channel_price = product.standard_cost, product.channel_price
    validate_line(line)
    line.save()
    touch(locked, user, f"+ {line}", before)
    events.line_added(locked, line, user)
    return line


def product_line_data(product: Product, quantity: Decimal | int | str) -> dict[str, Any]:
    return {
        "model_code": product.model_code,
        "name": product.name,
        "unit": product.unit,
        "quantity": Decimal(quantity),
        "unit_price": product.list_price,
        "unit_cost": product.standard_cost,
        "channel_price": product.channel_price,
    }


def line_add_product(
    *,
    version: QuoteVersion,
    user: User,
    product: Product,
    quantity: Decimal | int | str,
    seen_version: int | None = None,
    section_name: str = "",
) -> QuoteLine:
    data = product_line_data(product, quantity)
    return line_add(
        version=version, user=user, data=data, seen_version=seen_version, section_name=section_name, product=product
    )


@transaction.atomic
def line_update(
    *,
    line: QuoteLine,
    user: User,
    data: dict[str, Any],
    seen_version: int | None = None,
    section_name: str | None = None,
) -> QuoteLine:
    locked = lock_version(line.version)
    require_editable(locked, user, seen_version)
    line = QuoteLine.objects.select_for_update().get(pk=line.pk, version=locked)
    before = live_totals(locked)
    data = dict(data)
    if not access.sees_cost(user):
        for name in COST_FIELDS:
            data.pop(name, None)
    merged = {name: data.get(name, getattr(line, name)) for name in LINE_FIELDS}
    check_line(merged)
    changed = apply_changes(line, data, LINE_FIELDS)
    if section_name is not None:
        section = section_named(locked, section_name)
        if section != line.section:
            line.section = section
            changed.append("section")
    validate_line(line)
    line.save()
    touch(locked, user, f"~ {line}", before)
    events.line_updated(locked, line, user, changed)
    return line


@transaction.atomic
def line_delete(*, line: QuoteLine, user: User, seen_version: int | None = None) -> None:
    locked = lock_version(line.version)
    require_editable(locked, user, seen_version)
    label = str(line)
    before = live_totals(locked)
    QuoteLine.objects.filter(pk=line.pk, version=locked).delete()
    touch(locked, user, f"- {label}", before)
    events.line_deleted(locked, label, user)
