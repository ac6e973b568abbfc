"""Reads of the catalog, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from typing import Any

from django.db.models import Count, Field, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.catalog import access
from presales.catalog.models import (
    Brand,
    Component,
    ComponentCategory,
    ComponentPrice,
    ParameterDefinition,
    Product,
    ProductCategory,
)


# ---------------------------------------------------------------------------
# Category tree
# ---------------------------------------------------------------------------
@dataclass
class TreeNode:
    category: ProductCategory
    depth: int
    product_count: int = 0  # products of this node and its descendants
    children: list[TreeNode] = field(default_factory=list)


def category_tree() -> list[TreeNode]:
    """Depth-first list of the tree (one query), with product counts including descendants."""
    categories = list(ProductCategory.objects.annotate(n=Count("products")).order_by("order", "name"))
    by_parent = defaultdict(list)
    for category in categories:
        by_parent[category.parent_id].append(category)
    flat: list[TreeNode] = []

    def walk(parent_id, depth, seen):
        nodes = []
        for category in by_parent.get(parent_id, []):
            if category.pk in seen:  # a cycle made in the admin: stop, don't loop
                continue
            node = TreeNode(category, depth, category.n)
            flat.append(node)
            node.children = walk(category.pk, depth + 1, seen | {category.pk})
            node.product_count += sum(child.product_count for child in node.children)
            nodes.append(node)
        return nodes

    walk(None, 0, frozenset())
    return flat


def descendant_ids(tree: list[TreeNode], category_id: int) -> set[int]:
    for node in tree:
        if node.category.pk == category_id:
            ids, stack = set(), [node]
            while stack:
                current = stack.pop()
                ids.add(current.category.pk)
                stack.extend(current.children)
            return ids
    return set()


def category_path(category, by_id: dict[int, ProductCategory]) -> list[ProductCategory]:
    path, seen = [], set()
    while category is not None and category.pk not in seen:
        seen.add(category.pk)
        path.append(category)
        category = by_id.get(category.parent_id)
    return list(reversed(path))


def category_paths() -> dict[int, str]:
    """category id → "电力市场产品/通信电源系统" (one query)."""
    by_id = {c.pk: c for c in ProductCategory.objects.all()}
    return {pk: "/".join(c.name for c in category_path(c, by_id)) for pk, c in by_id.items()}


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------
def product_list(user: User, filters: dict[str, Any], tree: list[TreeNode] | None = None) -> QuerySet[Product]:
    qs = access.products_visible_to(user).select_related("category")
    query = (filters.get("q") or "").strip()
    if query:
        qs = qs.filter(Q(model_code__icontains=query) | Q(name__icontains=query) | Q(description__icontains=query))
    category = filters.get("category")
    if category:
        ids = descendant_ids(tree if tree is not None else category_tree(), category.pk)
        qs = qs.filter(category_id__in=ids)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("category__order", "category__name", "model_code")


def parameter_definitions(category: ProductCategory) -> list[ParameterDefinition]:
    """The typed parameters of a category and its ancestors, root first (two queries)."""
    by_id = {c.pk: c for c in ProductCategory.objects.all()}
    path = category_path(by_id.get(category.pk, category), by_id)
    order = {c.pk: i for i, c in enumerate(path)}
    definitions = ParameterDefinition.objects.filter(category_id__in=order)
    return sorted(definitions, key=lambda d: (order[d.category_id], d.order, d.key))


def product_params(
    product: Product, definitions: list[ParameterDefinition] | None = None
) -> list[tuple[str, object, str]]:
    """(label, value, unit) for the product's parameters: defined ones first, then the rest."""
    definitions = parameter_definitions(product.category) if definitions is None else definitions
    params = dict(product.params or {})
    rows = []
    for definition in definitions:
        if definition.key in params:
            rows.append((definition.label, params.pop(definition.key), definition.unit))
    rows.extend((key, value, "") for key, value in sorted(params.items()))
    return rows


def product_detail(user: User, product: Product) -> dict[str, Any]:
    by_id = {c.pk: c for c in ProductCategory.objects.all()}
    return {
        "path": category_path(by_id.get(product.category_id), by_id),
        "params": product_params(product),
        "datasheets": list(product.datasheets.select_related("uploaded_by")),
        "sees_cost": access.sees_cost(user),
    }


# ---------------------------------------------------------------------------
# Components, current prices and the brand comparison
# ---------------------------------------------------------------------------
def current_price_subquery(field_name: str, today: date | None = None) -> Subquery:
    today = today or timezone.localdate()
    latest = ComponentPrice.objects.filter(component=OuterRef("pk"), effective_on__lte=today).order_by(
        "-effective_on", "-id"
    )
    output = ComponentPrice._meta.get_field(field_name)
    assert isinstance(output, Field)  # a column of the price row, never a relation
    return Subquery(latest.values(field_name)[:1], output_field=output)


# A Component annotated by components_with_prices (current_price, current_price_on): the
# annotations are not attributes the model declares.
PricedComponent = Any


def components_with_prices(
    category: ComponentCategory | None = None, today: date | None = None
) -> QuerySet[PricedComponent]:
    """Components with `current_price` and `current_price_on` annotated (one query)."""
    qs = Component.objects.select_related("brand", "supplier", "category").annotate(
        current_price=current_price_subquery("price", today),
        current_price_on=current_price_subquery("effective_on", today),
    )
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("category__order", "category__name", "spec", "brand__name", "model")


def priced_components(category: ComponentCategory | None = None, today: date | None = None) -> list[PricedComponent]:
    """components_with_prices as a list, prices quantized to fen (SQLite hands back subquery
    decimals unscaled)."""
    components = list(components_with_prices(category, today))
    for component in components:
        if component.current_price is not None:
            component.current_price = Decimal(component.current_price).quantize(Decimal("0.01"))
    return components


@dataclass
class BrandComparison:
    brands: list  # Brand objects, most expensive first
    matrix: list  # rows: (brand, [(other brand, percent | None, spec count)])
    statements: list[str]  # "西门子 比 ABB 高 3%" for neighbours in price order
    percents: dict  # (brand name, other name) → Decimal percent (brand vs other)


def _percent(ratio: Decimal) -> Decimal:
    return ((ratio - 1) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _format_percent(value: Decimal) -> str:
    text = f"{abs(value):f}"
    return text[:-2] if text.endswith(".0") else text


def brand_comparison(components: Iterable[PricedComponent]) -> BrandComparison:
    """Per pair of brands: the average ratio of current prices over components of the same spec.

    `components` come from components_with_prices (one category). A brand with several
    components of one spec counts with their average price.
    """
    prices: dict[str, dict] = defaultdict(lambda: defaultdict(list))  # spec → brand id → prices
    brands = {}
    for component in components:
        if component.current_price is None:
            continue
        brands[component.brand_id] = component.brand
        prices[component.spec.strip().casefold()][component.brand_id].append(Decimal(component.current_price))
    averages = {
        spec: {b: sum(v, Decimal(0)) / len(v) for b, v in per_brand.items()} for spec, per_brand in prices.items()
    }
    ratios: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for per_brand in averages.values():
        for a, b in combinations(sorted(per_brand), 2):
            if per_brand[a] > 0 and per_brand[b] > 0:
                ratios[(a, b)].append(per_brand[a] / per_brand[b])
                ratios[(b, a)].append(per_brand[b] / per_brand[a])
    mean = {pair: sum(values, Decimal(0)) / len(values) for pair, values in ratios.items()}
    # Order: by the average of a brand's ratios against the others (most expensive first).
    score = {
        b: (sum(r for (x, _y), r in mean.items() if x == b) / max(1, sum(1 for (x, _y) in mean if x == b)))
        for b in brands
    }
    ordered = sorted(brands.values(), key=lambda brand: (-score[brand.pk], brand.name))
    matrix, percents = [], {}
    for brand in ordered:
        row: list[tuple[Brand, Decimal | None, int]] = []
        for other in ordered:
            if other.pk == brand.pk:
                row.append((other, None, 0))
                continue
            ratio = mean.get((brand.pk, other.pk))
            percent = _percent(ratio) if ratio is not None else None
            row.append((other, percent, len(ratios.get((brand.pk, other.pk), []))))
            if percent is not None:
                percents[(brand.name, other.name)] = percent
        matrix.append((brand, row))
    statements = []
    for brand, other in zip(ordered, ordered[1:], strict=False):
        percent = percents.get((brand.name, other.name))
        if percent is None:
            continue
        if percent > 0:
            text = _("%(a)s is %(p)s%% more expensive than %(b)s")
        elif percent < 0:
            text = _("%(a)s is %(p)s%% cheaper than %(b)s")
        else:
            text = _("%(a)s costs the same as %(b)s")
        statements.append(text % {"a": brand.name, "b": other.name, "p": _format_percent(percent)})
    return BrandComparison(ordered, matrix, statements, percents)


def component_categories() -> list[ComponentCategory]:
    return list(
        ComponentCategory.objects.select_related("default_brand")
        .annotate(n=Count("components"))
        .order_by("order", "name")
    )


def component_page(user: User, category: ComponentCategory) -> dict[str, Any]:
    """Components of a category; prices and the comparison only for sees_cost (fixed queries)."""
    sees = access.sees_component_prices(user)
    if sees:
        components = priced_components(category)
    else:
        components = list(
            Component.objects.filter(category=category)
            .select_related("brand", "supplier", "category")
            .order_by("spec", "brand__name", "model")
        )
    return {
        "components": components,
        "comparison": brand_comparison(components) if sees else None,
        "sees_prices": sees,
    }


def price_history(component: Component) -> list[ComponentPrice]:
    return list(component.prices.select_related("created_by").order_by("-effective_on", "-id"))
