"""Who may see and change a customer — the one place these rules live (docs/permissions.md).

Besides his own customers, a user sees the customers of the rows he sees in the apps built on
customers (a sales rep: the customers of the opportunities he is owner, presales lead or team
member of). Those apps say so by registering a `SeenThrough` rule in their `AppConfig.ready`
(as they register approval hooks and page sections), so this app imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import ForeignObjectRel, Q, QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, is_manager, sees_all, user_roles
from presales.customers.models import Contact, Customer
from presales.lib.views import get_or_404


@dataclass(frozen=True)
class SeenThrough:
    """Customers a user sees because he sees rows of another app that belong to them."""

    relation: str  # the reverse relation on Customer, e.g. "opportunities"
    visible_to: Callable[[User], QuerySet[Any]]  # (user) -> the rows of that relation the user sees
    # The customer list shows, under this name, how many of those rows the user sees on each
    # customer ("" for none): counting only visible rows keeps other reps' projects hidden.
    count_as: str = ""


_seen_through: dict[str, SeenThrough] = {}


def register_seen_through(rule: SeenThrough) -> None:
    """Add (or replace, by relation) a rule; called from an AppConfig.ready."""
    _seen_through[rule.relation] = rule


def unregister_seen_through(relation: str) -> None:
    _seen_through.pop(relation, None)


def seen_through() -> list[SeenThrough]:
    return [_seen_through[relation] for relation in sorted(_seen_through)]


def customers_visible_to(user: User) -> QuerySet[Customer]:
    """All for roles that see all; otherwise customers the user owns, plus the customers of
    the rows he sees through the registered rules (the opportunities he may see)."""
    qs = Customer.objects.all()
    if sees_all(user):
        return qs
    if not user_roles(user):
        return qs.none()
    seen = Q(owner=user)
    for rule in seen_through():
        relation = Customer._meta.get_field(rule.relation)
        if not isinstance(relation, ForeignObjectRel):
            raise TypeError(f"{rule.relation!r} is not a reverse relation of Customer")
        customer_column = relation.field.attname  # e.g. customer_id
        seen |= Q(pk__in=rule.visible_to(user).values(customer_column))
    return qs.filter(seen)


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    return Contact.objects.filter(customer__in=customers_visible_to(user).values("pk"))


def can_create(user: User) -> bool:
    return has_role(user, Role.SALES_REP, Role.COMMERCIAL) or is_manager(user)


def can_edit(user: User, customer: Customer) -> bool:
    """The owner and managers edit a customer and its contacts."""
    return customer.owner_id == user.pk or is_manager(user)


def can_import(user: User) -> bool:
    return can_create(user)


def can_reassign(user: User) -> bool:
    """Only managers hand a customer to another owner."""
    return is_manager(user)


ACTIONS: dict[str, Callable[[User, Customer], bool]] = {"view": lambda user, customer: True, "edit": can_edit}


def get_customer_for(user: User, pk: object, action: str = "view") -> Customer:
    customer = get_or_404(customers_visible_to(user).select_related("owner"), pk=pk)
    if not ACTIONS[action](user, customer):
        raise PermissionDenied
    return customer
