"""Who may see and change a customer — the one place these rules live (docs/permissions.md)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from presales.accounts.roles import Role, has_role, is_manager, sees_all, user_roles
from presales.customers.models import Contact, Customer
from presales.lib.views import get_or_404


def customers_visible_to(user):
    """All for roles that see all; otherwise customers the user owns, plus the customers of
    the opportunities the user may see (as owner, presales lead or team member)."""
    from presales.opportunities.access import opportunities_visible_to

    qs = Customer.objects.all()
    if sees_all(user):
        return qs
    if not user_roles(user):
        return qs.none()
    return qs.filter(Q(owner=user) | Q(pk__in=opportunities_visible_to(user).values("customer_id")))


def contacts_visible_to(user):
    return Contact.objects.filter(customer__in=customers_visible_to(user).values("pk"))


def can_create(user) -> bool:
    return has_role(user, Role.SALES_REP, Role.COMMERCIAL) or is_manager(user)


def can_edit(user, customer: Customer) -> bool:
    """The owner and managers edit a customer and its contacts."""
    return customer.owner_id == user.pk or is_manager(user)


def can_import(user) -> bool:
    return can_create(user)


def can_reassign(user) -> bool:
    """Only managers hand a customer to another owner."""
    return is_manager(user)


ACTIONS = {"view": lambda user, customer: True, "edit": can_edit}


def get_customer_for(user, pk, action: str = "view") -> Customer:
    customer = get_or_404(customers_visible_to(user).select_related("owner"), pk=pk)
    if not ACTIONS[action](user, customer):
        raise PermissionDenied
    return customer
