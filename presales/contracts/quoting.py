"""The one place this app reads the quotes app: which quote versions a contract may be
based on, and the total amount and total cost of a version (names owned by quotes)."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps

APPROVED = "approved"


def quote_version_model():
    return apps.get_model("quotes", "QuoteVersion")


def approved_versions(opportunity):
    """Approved versions of the opportunity's quotes, newest first."""
    return (
        quote_version_model()
        .objects.filter(quote__opportunity=opportunity, status=APPROVED)
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
