"""Numbers as people write them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """An amount rounded to the fen (0.01 yuan), half up: prices, line amounts, totals."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def plain(value) -> str:
    """A Decimal without trailing zeros and never in scientific notation: 150.000 → "150",
    2.500 → "2.5" (Decimal.normalize alone gives "1.5E+2")."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


# Counts in the navigation's badges stop here ("99+"): counting at most BADGE_CAP + 1 rows
# keeps every page's badge cheap whatever is waiting (presales.lib.templatetags.numbers.badge).
BADGE_CAP = 99


def capped_count(queryset) -> int:
    """The number of rows, counted no further than BADGE_CAP + 1 (unordered: a sort would
    read every row before the limit)."""
    return queryset.order_by()[: BADGE_CAP + 1].count()
