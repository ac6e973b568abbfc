"""A configured system (presales.catalog.configurator) added to a draft as one section.

Its lines carry the configuration's key (system rule, model code, required current): adding
the same configuration again is never silent — the caller says whether to add it once more
(`again="add"`) or to replace the lines added before (`again="replace"`, in the same
transaction); without either the service refuses with DuplicateConfiguration."""

from __future__ import annotations

import hashlib
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

ADD_AGAIN, REPLACE = "add", "replace"


class DuplicateConfiguration(ServiceError):
    """The configuration is already on the version: add it again or replace it?"""


def configuration_key(configuration: Configuration) -> str:
    """The same system rule, model code and required current give the same key."""
    current = configuration.required_current.normalize()
    text = f"{configuration.system_rule.pk}|{configuration.code}|{current:f}"
    return hashlib.sha256(text.encode()).hexdigest()


def configuration_lines(version: QuoteVersion, configuration: Configuration):
    """The lines of `version` added with this configuration before."""
    return QuoteLine.objects.filter(version=version, configuration_key=configuration_key(configuration))


@transaction.atomic
def add_configuration(
    *,
    version: QuoteVersion,
    user: User,
    configuration: Configuration,
    seen_version: int | None = None,
    again: str = "",
) -> list[QuoteLine]:
    """Add the bill of materials of a configured system (presales.catalog.configurator) as
    lines of one section named after the configured code; prices from the products. When the
    version holds the configuration already, `again` says what to do (module docstring)."""
    locked = lock_version(version)
    require_editable(locked, user, seen_version)
    before = live_totals(locked)
    key = configuration_key(configuration)
    earlier = QuoteLine.objects.filter(version=locked, configuration_key=key)
    replaced = 0
    if again not in (ADD_AGAIN, REPLACE) and earlier.exists():
        raise DuplicateConfiguration(
            _("The configuration %(code)s is already in this version: add it again or replace the earlier lines?")
            % {"code": configuration.code}
        )
    if again == REPLACE:
        replaced = earlier.count()
        earlier.delete()
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
            configuration_key=key,
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
    if replaced:
        touch(locked, user, f"± {configuration.code}", before)
        events.configuration_replaced(locked, configuration, user, replaced=replaced, added=len(lines))
    else:
        touch(locked, user, f"+ {configuration.code}", before)
        events.configuration_added(locked, configuration, user)
    return lines
