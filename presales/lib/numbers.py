"""Numbers as people write them."""

from __future__ import annotations

from decimal import Decimal


def plain(value) -> str:
    """A Decimal without trailing zeros and never in scientific notation: 150.000 → "150",
    2.500 → "2.5" (Decimal.normalize alone gives "1.5E+2")."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text
