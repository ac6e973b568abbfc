"""The dated prices of purchased components."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog import access
from presales.catalog.models import Component, ComponentPrice
from presales.lib.bounds import PRICE_MAX, out_of_range
from presales.lib.numbers import money
from presales.lib.services import ServiceError, field_label


def price_problem(price: Decimal) -> str | None:
    """Why a component price is too large to store (presales.lib.bounds), or None."""
    return out_of_range(field_label(ComponentPrice, "price"), price, PRICE_MAX, money=True)


@transaction.atomic
def component_price_add(
    *, user: User, component: Component, price: Decimal | int | str, effective_on: date, source: str = ""
) -> ComponentPrice:
    """Record a price from a date on; a second price for the same day replaces the first."""
    access.require_edit(user)
    component = Component.objects.select_for_update().get(pk=component.pk)
    if price is None or Decimal(price) < 0:
        raise ServiceError(_("Enter a price of zero or more."))
    too_large = price_problem(Decimal(price))
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
