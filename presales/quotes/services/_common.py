"""What the quote services share: the line fields, the version lock and edit check, the totals
and the line checks (presales.quotes.services explains the rules)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.lib.bounds import MONEY_COLUMN_MAX
from presales.lib.services import ServiceError, check_version, field_label, require
from presales.lib.services import save_with_history as _save
from presales.quotes import access, pricing
from presales.quotes.models import QuoteLine, QuoteSection, QuoteVersion

LINE_FIELDS = [
    "model_code",
    "name",
    "spec",
    "unit",
    "quantity",
    "unit_cost",
    "channel_price",
    "unit_price",
    "discount_percent",
    "tax_rate",
    "note",
]
COST_FIELDS = ("unit_cost", "channel_price")


def version_url(version: QuoteVersion) -> str:
    return reverse("quotes:version", args=[version.pk])


def lock_version(version: QuoteVersion) -> QuoteVersion:
    return (
        QuoteVersion.objects.select_for_update(of=("self",))
        .select_related("quote", "quote__opportunity")
        .get(pk=version.pk)
    )


def require_editable(locked: QuoteVersion, user: User, seen_version: int | None) -> None:
    require(access.can_edit(user, locked.quote))
    if not locked.is_editable:
        raise ServiceError(
            _("Version %(n)s is “%(status)s”: only a draft can be changed. Start a new version.")
            % {"n": locked.number, "status": locked.get_status_display()}
        )
    check_version(locked, seen_version)


def refresh_totals(version: QuoteVersion, totals: pricing.Totals | None = None) -> pricing.Totals:
    """Recompute the cached totals from the lines (no save). Only a version from before the
    bounds can sum beyond what the column holds: its cache keeps the column's maximum (the
    version page reads the lines), never a value that could not be read back."""
    totals = pricing.summarize(version.lines.all()) if totals is None else totals
    version.total_amount = min(totals.total, MONEY_COLUMN_MAX)
    version.total_net = min(totals.net, MONEY_COLUMN_MAX)
    version.total_cost = min(totals.cost, MONEY_COLUMN_MAX)
    version.missing_cost = totals.missing_cost
    version.line_count = totals.lines
    return totals


def live_totals(version: QuoteVersion) -> pricing.Totals:
    return pricing.summarize(version.lines.all())


def touch(locked: QuoteVersion, user: User, reason: str, before: pricing.Totals | None = None) -> None:
    """Save the version after a change of its lines; `before` are its totals before the change."""
    totals = live_totals(locked)
    problems = pricing.over_limit(totals, before)
    if problems:
        raise ServiceError(problems)
    refresh_totals(locked, totals)
    locked.version += 1
    _save(locked, user, reason=reason)


def section_named(version: QuoteVersion, name: str) -> QuoteSection | None:
    name = (name or "").strip()
    if not name:
        return None
    section = version.sections.filter(name=name).first()
    if section is None:
        order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
        section = QuoteSection.objects.create(version=version, name=name, order=order)
    return section


def next_order(version: QuoteVersion) -> int:
    return (version.lines.aggregate(m=Max("order"))["m"] or 0) + 1


def validate_line(line: QuoteLine, *, named: bool = False) -> None:
    """The line's model validators (bounds included) as a ServiceError; `named` prefixes each
    message with the line when several lines are checked at once."""
    prefix = f"{line} · " if named else ""
    try:
        line.full_clean(exclude=["version", "section", "product"])
    except ValidationError as exc:
        raise ServiceError(
            [
                f"{prefix}{capfirst(field_label(QuoteLine, name))}: {msg}"
                for name, msgs in exc.message_dict.items()
                for msg in msgs
            ]
        ) from exc


def check_line(data: dict[str, Any]) -> None:
    problems = []
    if not (data.get("name") or "").strip():
        problems.append(_("Give the line a name."))
    quantity = data.get("quantity")
    if quantity is None or quantity <= 0:
        problems.append(_("The quantity must be above 0."))
    if data.get("unit_price") is None or data["unit_price"] < 0:
        problems.append(_("Give the unit price (0 or more)."))
    if problems:
        raise ServiceError(problems)
