"""Reads of customers, always scoped by presales.customers.access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Q, QuerySet

from presales.accounts.models import User
from presales.customers.access import customers_visible_to, seen_through
from presales.customers.models import Contact, Customer
from presales.lib.sorting import Sorting

if TYPE_CHECKING:
    from django.db.models import ForeignObjectRel


def with_visible_counts(user: User, customers: Iterable[Customer]) -> list[Customer]:
    """Set, per registered rule with a `count_as` name, the number of its rows the user sees on
    each of these customers (`opportunity_count`: the opportunities he may see). Counted for
    these rows only — the page shown, not every customer — in one grouped query per rule."""
    customers = list(customers)
    pks = [c.pk for c in customers]
    for rule in seen_through():
        if not rule.count_as:
            continue
        counts: dict[int, int] = {}
        if pks:
            visible = rule.visible_to(user)
            reverse = cast("ForeignObjectRel", Customer._meta.get_field(rule.relation))
            link = reverse.field.name  # the foreign key to Customer
            counts = dict(
                visible.model.objects.filter(**{f"{link}__in": pks}, pk__in=visible.values("pk"))
                .order_by()
                .values(link)
                .annotate(n=Count("pk"))
                .values_list(link, "n")
            )
        for customer in customers:
            setattr(customer, rule.count_as, counts.get(customer.pk, 0))
    return customers


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
    """Visible customers, filtered; the list page adds the counts of its page (with_visible_counts)."""
    qs = customers_visible_to(user).select_related("owner")
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
