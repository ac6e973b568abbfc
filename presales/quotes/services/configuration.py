"""A configured system (presales.catalog.configurator) added to a draft as one section."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog.configurator import Configuration
from presales.lib.services import ServiceError
from presales.quotes import events
from presales.quotes.models import QuoteLine, QuoteVersion
from presales.quotes.services._common import (
    live_totals,
    lock_version,
    next_order,
    require_editable,
    section_named,
    touch,
    validate_line,
)


@transaction.atomic
def add_configuration(
    *, version: QuoteVersion, user: User, configuration: Configuration, seen_version: int | None = None
) -> list[QuoteLine]:
    """Add the bill of materials of a configured system (presales.catalog.configurator) as
    lines of one section named after the configured code; prices from the products."""
    locked = lock_version(version)
    require_editable(locked, user, seen_version)
    before = live_totals(locked)
    section = section_named(locked, configuration.code)
    order = next_order(locked)
    lines = []
    for bom in configuration.lines:
        product = bom.product
        line = QuoteLine(
            version=locked,
            section=section,
            order=order,
            product=product,
            model_code=bom.model_code,
            name=bom.name,
            unit=bom.unit or "台",
            quantity=Decimal(bom.quantity),
            unit_price=product.list_price if product else Decimal("0"),
            unit_cost=product.standard_cost if product else None,
            channel_price=product.channel_price if product else None,
            note=bom.note or "",
        )
        order += 1
        lines.append(line)
    if not lines:
        raise ServiceError(_("The configuration has no lines."))
    problems = []
    for line in lines:
        try:
            validate_line(line, named=True)
        except ServiceError as exc:
            problems += exc.messages
    if problems:
        raise ServiceError(problems)
    QuoteLine.objects.bulk_create(lines)
    touch(locked, user, f"+ {configuration.code}", before)
    events.configuration_added(locked, configuration, user)
    return lines
