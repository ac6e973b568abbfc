"""The one place this app reads the quotes app: which quote versions a contract may be
based on, and the total amount and total cost of a version (names owned by quotes)."""

from __future__ import annotations

from decimal import Decimal

from presales.quotes.models import QuoteVersion, VersionStatus

# The contract's quote version's total and cost, as query paths from a Contract (for the
# profit list's totals, computed in the database).
VERSION_TOTAL = "quote_version__total_amount"
VERSION_COST = "quote_version__total_cost"


def approved_versions(opportunity):
    """Approved versions of the opportunity's quotes, newest first."""
    return (
        QuoteVersion.objects.filter(quote__opportunity=opportunity, status=VersionStatus.APPROVED)
        .select_related("quote")
        .order_by("-approved_at", "-id")
    )


def _decimal_or_none(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value)


def version_total(version) -> Decimal | None:
    if version is None:
        return None
    return _decimal_or_none(getattr(version, "total_amount", None))


def version_cost(version) -> Decimal | None:
    if version is None:
        return None
    return _decimal_or_none(getattr(version, "total_cost", None))


def version_label(version) -> str:
    if version is None:
        return ""
    return f"{version.quote.code} v{version.number} {version.quote.title}"
