"""Who may see and change the catalog — the one place these rules live.

Everyone logged in with a role browses products and components and uses the configurator;
cost (standard cost, channel price, component prices, brand comparison) is for sees_cost;
admin and commercial maintain the catalog.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from presales.accounts.models import User
from presales.accounts.roles import Role, has_role, sees_cost, user_roles
from presales.catalog.models import Component, Product, ProductDatasheet
from presales.lib.views import get_or_404

__all__ = ["sees_cost"]

# Product fields only sees_cost users read (pages, exports, API).
COST_FIELDS = ("standard_cost", "channel_price")


def can_browse(user: User) -> bool:
    return bool(user_roles(user))


def can_edit_catalog(user: User) -> bool:
    return has_role(user, Role.ADMIN, Role.COMMERCIAL)


def sees_component_prices(user: User) -> bool:
    return sees_cost(user)


def products_visible_to(user: User) -> QuerySet[Product]:
    qs = Product.objects.all()
    return qs if can_browse(user) else qs.none()


def components_visible_to(user: User) -> QuerySet[Component]:
    qs = Component.objects.all()
    return qs if can_browse(user) else qs.none()


def require_browse(user: User) -> None:
    if not can_browse(user):
        raise PermissionDenied


def require_edit(user: User) -> None:
    if not can_edit_catalog(user):
        raise PermissionDenied


ACTIONS: dict[str, Callable[[User, Product], bool]] = {
    "view": lambda user, product: True,
    "edit": lambda user, product: can_edit_catalog(user),
}


def get_product_for(user: User, pk: object, action: str = "view") -> Product:
    product = get_or_404(products_visible_to(user).select_related("category"), pk=pk)
    if not ACTIONS[action](user, product):
        raise PermissionDenied
    return product


def get_datasheet_for(user: User, pk: object) -> ProductDatasheet:
    return get_or_404(
        ProductDatasheet.objects.select_related("product"), pk=pk, product__in=products_visible_to(user).values("pk")
    )
