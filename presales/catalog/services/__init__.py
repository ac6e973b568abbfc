"""Every change to the catalog: one function each, permission first, all or nothing.

By sub-domain: `parameters` (typed parameters of a category), `products` (products and
datasheets), `component_prices`, `imports` (spreadsheets, every error by row); money is
rounded by presales.lib.numbers.money. Import from this package."""

from __future__ import annotations

from presales.catalog.services.component_prices import component_price_add
from presales.catalog.services.imports import (
    ImportReport,
    category_by_path,
    component_prices_import,
    products_import,
)
from presales.catalog.services.parameters import clean_params, params_text, parse_params_text
from presales.catalog.services.products import (
    PRODUCT_FIELDS,
    datasheet_add,
    datasheet_delete,
    number_problems,
    product_create,
    product_update,
)

__all__ = [
    "PRODUCT_FIELDS",
    "ImportReport",
    "category_by_path",
    "clean_params",
    "component_price_add",
    "component_prices_import",
    "datasheet_add",
    "datasheet_delete",
    "number_problems",
    "params_text",
    "parse_params_text",
    "product_create",
    "product_update",
    "products_import",
]
