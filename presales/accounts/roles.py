"""The roles of DESIGN.md §1. Each role is a Django group named by its code.

One person may hold several roles. Who sees what is decided from these roles in the
selectors of each app (see docs/permissions.md); this module only answers "which roles
does this user hold".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # accounts.models imports this module
    from django.contrib.auth.models import AnonymousUser

    from presales.accounts.models import User

    type AnyUser = User | AnonymousUser  # the request's user: anonymous holds no role


class Role(models.TextChoices):
    SALES_REP = "sales_rep", _("Sales rep")
    PRESALES_ENGINEER = "presales_engineer", _("Presales engineer")
    PRESALES_MANAGER = "presales_manager", _("Presales manager")
    SALES_HEAD = "sales_head", _("Sales head")
    COMMERCIAL = "commercial", _("Commercial")
    FINANCE = "finance", _("Finance")
    SERVICE_MANAGEMENT = "service_management", _("Service management")
    GENERAL_MANAGER = "general_manager", _("General manager")
    ADMIN = "admin", _("Administrator")


# Roles that see every customer and opportunity of the company (DESIGN.md §1).
SEES_ALL = frozenset(
    {
        Role.PRESALES_MANAGER,
        Role.SALES_HEAD,
        Role.COMMERCIAL,
        Role.FINANCE,
        Role.SERVICE_MANAGEMENT,
        Role.GENERAL_MANAGER,
        Role.ADMIN,
    }
)
# Roles that manage: edit any opportunity or customer, approve deliverables.
MANAGERS = frozenset({Role.PRESALES_MANAGER, Role.SALES_HEAD, Role.ADMIN})
# Roles that may see cost prices and margins (used from the quotes capability on).
SEES_COST = frozenset(
    {Role.COMMERCIAL, Role.FINANCE, Role.PRESALES_MANAGER, Role.SALES_HEAD, Role.GENERAL_MANAGER, Role.ADMIN}
)


def group_label(group) -> str:
    """How a group is named on screen: its role's label; a group that is no role, its name."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


def user_roles(user: AnyUser) -> frozenset[str]:
    """The role codes a user holds, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_presales_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.ADMIN)
        cached = frozenset(name for name in names if name in Role.values)
        user._presales_roles = cached  # type: ignore[attr-defined]  # a per-request cache, on the object itself
    return cached


def has_role(user: AnyUser, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def sees_all(user: AnyUser) -> bool:
    return bool(user_roles(user) & SEES_ALL)


def is_manager(user: AnyUser) -> bool:
    return bool(user_roles(user) & MANAGERS)


def dispatches(user: AnyUser) -> bool:
    """The presales manager (and admins) run the dispatch queue: assign, reject, decide on site
    surveys (service_requests.access.is_dispatcher; the navigation's 派工)."""
    return has_role(user, Role.PRESALES_MANAGER, Role.ADMIN)


def sees_cost(user: AnyUser) -> bool:
    return bool(user_roles(user) & SEES_COST)


# Whom a people picker offers (presales.lib.forms.PeoplePicker), by what the field is about;
# no picker offers administrators' accounts, nor finance, unless the field is about them.
SALES_PEOPLE = (Role.SALES_REP, Role.SALES_HEAD)
PRESALES_PEOPLE = (Role.PRESALES_ENGINEER, Role.PRESALES_MANAGER)
COMMERCIAL_PEOPLE = (Role.COMMERCIAL,)
# An opportunity's team (its roles: sales, presales, commercial, implementation, experts).
TEAM_PEOPLE = (*SALES_PEOPLE, *PRESALES_PEOPLE, Role.COMMERCIAL, Role.SERVICE_MANAGEMENT)
# Handover to implementation and support after the sale.
IMPLEMENTATION_PEOPLE = (*PRESALES_PEOPLE, Role.SERVICE_MANAGEMENT)
