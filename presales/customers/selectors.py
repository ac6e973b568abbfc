"""Reads of customers, always scoped by presales.customers.access."""

from __future__ import annotations

from django.db.models import Count, Q

from presales.customers.access import customers_visible_to
from presales.customers.models import Contact


def customer_list(user, filters: dict):
    """Visible customers with the number of opportunities this user may see on each."""
    from presales.opportunities.access import opportunities_visible_to

    qs = (
        customers_visible_to(user)
        .select_related("owner")
        .annotate(
            opportunity_count=Count(
                "opportunities", filter=Q(opportunities__in=opportunities_visible_to(user).values("pk"))
            )
        )
    )
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
