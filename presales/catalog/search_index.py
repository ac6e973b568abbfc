"""What the catalog puts in the one search (presales.search): products and purchased components.

A product is found by its model code (also typed as `imps48` or `IMPS 48`: the search module
normalises codes), name, category, description and typed parameters; a component by its
brand, model, name and spec. Everyone with a role browses the catalog (catalog.access), so
they see every row (visible → None) and users without a role see none. Prices and costs are
never indexed: a snippet must not show what only sees_cost may read.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from presales.accounts.models import User
from presales.catalog.access import can_browse
from presales.catalog.models import Component, Product, ProductCategory
from presales.search.registry import Passage, Source, register

# How far up the category tree the typed parameters are read in the same queries (the
# demo's tree is two levels deep); a parameter defined higher is indexed by its key.
_ANCESTORS = 3


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _category_path(category: ProductCategory | None) -> list[ProductCategory]:
    path: list[ProductCategory] = []
    for _level in range(_ANCESTORS):
        if category is None:
            break
        path.insert(0, category)
        category = category.parent
    return path


def params_text(product: Product) -> str:
    """ "额定电压: 48 V" lines: the product's parameters with the labels of its categories."""
    labels = {}
    for category in _category_path(product.category):
        for definition in category.parameters.all():
            labels[definition.key] = (definition.label, definition.unit)
    lines = []
    for key, value in sorted((product.params or {}).items()):
        label, unit = labels.get(key, (key, ""))
        lines.append(f"{label}: {value} {unit}".rstrip())
    return "\n".join(lines)


def product_passage(product: Product) -> Passage:
    path = _category_path(product.category)
    return Passage(
        title=f"{product.model_code} {product.name}",
        body=_join(product.description, params_text(product)),
        url=reverse("catalog:detail", args=[product.pk]),
        keywords=_join(product.model_code, " ".join(category.name for category in path)),
        product=product.name,
        updated_at=product.updated_at,
    )


def component_passage(component: Component) -> Passage:
    return Passage(
        title=_join(f"{component.brand.name} {component.model}", component.name).replace("\n", " "),
        body=_join(component.spec, component.category.name),
        url=reverse("catalog:component", args=[component.pk]),
        keywords=_join(
            component.model, component.brand.name, component.spec, component.supplier.name if component.supplier else ""
        ),
    )


def catalog_visible(user: User) -> QuerySet | None:
    """Whoever browses the catalog sees all of it; a user without a role, nothing."""
    return None if can_browse(user) else Product.objects.none().values("pk")


def components_visible(user: User) -> QuerySet | None:
    return None if can_browse(user) else Component.objects.none().values("pk")


def products_to_index() -> QuerySet[Product]:
    parameters = ["category" + "__parent" * level + "__parameters" for level in range(_ANCESTORS)]
    return Product.objects.select_related("category__parent__parent").prefetch_related(*parameters)


register(
    Source(
        type="product",
        label=capfirst(_("product")),
        model="catalog.Product",
        document=product_passage,
        queryset=products_to_index,
        visible=catalog_visible,
        order=50,
    )
)
register(
    Source(
        type="component",
        label=capfirst(_("purchased component")),
        model="catalog.Component",
        document=component_passage,
        queryset=lambda: Component.objects.select_related("brand", "category", "supplier"),
        visible=components_visible,
        order=55,
    )
)
