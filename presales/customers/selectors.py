"""Reads of customers, always scoped by presales.customers.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from presales.accounts.models import User
from presales.customers.access import customers_visible_to, seen_through
from presales.customers.models import Contact, Customer
from presales.lib.sorting import Sorting


def _visible_counts(user: User) -> dict[str, Count]:
    """Per registered rule with a `count_as` name, the number of its rows the user sees on
    each customer (`opportunity_count`: the opportunities he may see)."""
    return {
        rule.count_as: Count(rule.relation, filter=Q(**{f"{rule.relation}__in": rule.visible_to(user).values("pk")}))
        for rule in seen_through()
        if rule.count_as
    }


# The list's column heads (presales.lib.sorting); each first field has an index.
CUSTOMER_SORTING = Sorting(
    {
        "name": ("name",),
        "short_name": ("short_name",),
        "industry": ("industry",),
        "region": ("region",),
        "status": ("status",),
    },
    default="name",
)


def customer_list(user: User, filters: dict[str, Any]) -> QuerySet[Customer]:
    """Visible customers with the number of opportunities this user may see on each."""
    qs = customers_visible_to(user).select_related("owner").annotate(**_visible_counts(user))
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(region__icontains=q)
            | Q(pk__in=Contact.objects.filter(name__icontains=q).values("customer_id"))
        )
    if filters.get("industry"):
        qs = qs.filter(industry=filters["industry"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("region"):
        qs = qs.filter(region__icontains=filters["region"])
    if filters.get("mine"):
        qs = qs.filter(owner=user)
    return qs.order_by("name")
