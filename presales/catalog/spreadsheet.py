"""The catalog spreadsheets: products and component prices — columns of the import templates
and exports, and the parsing of uploaded sheets into rows for the import services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from presales.catalog.models import (
    Brand,
    Component,
    ComponentCategory,
    ComponentPrice,
    Product,
    ProductCategory,
    ProductStatus,
    Supplier,
)
from presales.catalog.selectors import category_paths
from presales.catalog.services import category_by_path, params_text, parse_params_text
from presales.lib.excel import length_errors, money, read_rows

# Header → field. The first column is required in every sheet.
PRODUCT_COLUMNS = {
    "型号": "model_code",
    "名称": "name",
    "分类": "category",
    "单位": "unit",
    "目录价": "list_price",
    "标准成本": "standard_cost",
    "渠道价": "channel_price",
    "交货期(天)": "lead_time_days",
    "状态": "status",
    "描述": "description",
    "参数": "params",
}
PRODUCT_COST_COLUMNS = {"标准成本", "渠道价"}

COMPONENT_COLUMNS = {
    "型号": "model",
    "品牌": "brand",
    "类别": "category",
    "名称": "name",
    "规格": "spec",
    "供应商": "supplier",
    "单位": "unit",
    "价格": "price",
    "生效日期": "effective_on",
    "来源": "source",
}
COMPONENT_PRICE_COLUMNS = {"价格", "生效日期", "来源"}


# Words a sheet typed in Chinese may use, whatever the translation catalogue says.
STATUS_WORDS = {"在产": "active", "在售": "active", "有效": "active", "停产": "discontinued", "停售": "discontinued"}


def _status_lookup() -> dict[str, str]:
    lookup = dict(STATUS_WORDS)
    for code in ProductStatus.values:
        lookup[code.casefold()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(ProductStatus(code).label).casefold()] = code
    return lookup


def _decimal(value: str, column: str, errors: list[str], *, whole: bool = False):
    if value in ("", None):
        return None
    try:
        number = Decimal(str(value).replace(",", "").replace("，", ""))
        if not number.is_finite() or number < 0:
            raise InvalidOperation
        if whole:
            if number != number.to_integral_value():
                raise InvalidOperation
            # int() of 1e999999999 would build a billion digits; the service refuses it as it is.
            return int(number) if number.adjusted() < 19 else number
        return number
    except (InvalidOperation, ValueError):
        message = (
            _("“%(column)s”: “%(value)s” is not a whole number of zero or more.")
            if whole
            else _("“%(column)s”: “%(value)s” is not an amount of zero or more.")
        )
        errors.append(message % {"column": column, "value": value})
        return None


def _limits(columns: dict[str, str], fields: dict) -> dict[str, tuple[str, int]]:
    """key → (header, the max_length of the model field the key is stored in)."""
    headers = {key: header for header, key in columns.items()}
    return {key: (headers[key], field.max_length) for key, field in fields.items()}


def _product_limits():
    field = Product._meta.get_field
    fields = {key: field(key) for key in ("name", "description")}  # unit: its own message above
    fields["params"] = field("description")  # the parameter text: one long text limit
    return _limits(PRODUCT_COLUMNS, fields)


def _component_limits():
    field = Component._meta.get_field
    return _limits(
        COMPONENT_COLUMNS,
        {
            "model": field("model"),
            "name": field("name"),
            "spec": field("spec"),
            "unit": field("unit"),
            "brand": Brand._meta.get_field("name"),
            "category": ComponentCategory._meta.get_field("name"),
            "supplier": Supplier._meta.get_field("name"),
            "source": ComponentPrice._meta.get_field("source"),
        },
    )


def parse_products(upload) -> list[tuple[int, dict]]:
    """Rows for services.products_import; per-row problems under "_errors".

    Empty cells leave an existing product's value unchanged (cost columns too, so a sheet
    without them never blanks a cost)."""
    rows = read_rows(upload, PRODUCT_COLUMNS)
    categories = list(ProductCategory.objects.all())
    statuses = _status_lookup()
    parsed = []
    for number, row in rows:
        errors = []
        data = {}
        code = row.get("model_code", "")
        if not code:
            errors.append(_("“%(column)s” is required.") % {"column": "型号"})
        elif len(code) > 60:
            errors.append(_("The model code is longer than 60 characters."))
        data["model_code"] = code
        errors += length_errors(row, _product_limits())
        if row.get("name"):
            data["name"] = row["name"]
        if row.get("category"):
            category, error = category_by_path(row["category"], categories)
            if error:
                errors.append(error)
            data["category"] = category
        for key, column in (("list_price", "目录价"), ("standard_cost", "标准成本"), ("channel_price", "渠道价")):
            value = _decimal(row.get(key, ""), column, errors)
            if value is not None:
                data[key] = value
        lead = _decimal(row.get("lead_time_days", ""), "交货期(天)", errors, whole=True)
        if lead is not None:
            data["lead_time_days"] = lead
        if row.get("status"):
            status = statuses.get(row["status"].casefold())
            if status is None:
                errors.append(
                    _("“%(column)s”: “%(value)s” is not one of the choices.")
                    % {"column": "状态", "value": row["status"]}
                )
            data["status"] = status
        if len(row.get("unit") or "") > 10:
            errors.append(_("The unit “%(value)s” is longer than 10 characters.") % {"value": row["unit"]})
        for key in ("unit", "description"):
            if row.get(key):
                data[key] = row[key]
        if row.get("params"):
            data["params"], param_errors = parse_params_text(row["params"])
            errors += param_errors
        data["_errors"] = errors
        parsed.append((number, data))
    _require_for_new(parsed)
    return parsed


def _require_for_new(parsed) -> None:
    """A new product needs a category and a list price (an update does not)."""
    from presales.catalog.models import Product

    codes = [d["model_code"] for _n, d in parsed if d.get("model_code")]
    known = {c.casefold() for c in Product.objects.filter(model_code__in=codes).values_list("model_code", flat=True)}
    for _number, data in parsed:
        if not data.get("model_code") or data["model_code"].casefold() in known:
            continue
        for key, column in (("category", "分类"), ("list_price", "目录价")):
            if data.get(key) is None and not any(column in e for e in data["_errors"]):
                data["_errors"].append(_("“%(column)s” is required for a new product.") % {"column": column})


def products_workbook(products, *, with_cost: bool) -> tuple[list[str], list[list]]:
    paths = category_paths()
    headers = [h for h in PRODUCT_COLUMNS if with_cost or h not in PRODUCT_COST_COLUMNS]
    rows = []
    for p in products:
        values = {
            "model_code": p.model_code,
            "name": p.name,
            "category": paths.get(p.category_id, ""),
            "unit": p.unit,
            "list_price": money(p.list_price),
            "standard_cost": money(p.standard_cost),
            "channel_price": money(p.channel_price),
            "lead_time_days": p.lead_time_days,
            "status": p.get_status_display(),
            "description": p.description,
            "params": params_text(p.params),
        }
        rows.append([values[PRODUCT_COLUMNS[h]] for h in headers])
    return headers, rows


def _date(value: str, errors: list[str]):
    if not value:
        errors.append(_("“%(column)s” is required.") % {"column": "生效日期"})
        return None
    text = value.strip().replace("/", "-").replace(".", "-")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(
            _("“%(column)s”: “%(value)s” is not a date (YYYY-MM-DD).") % {"column": "生效日期", "value": value}
        )
        return None


def parse_component_prices(upload) -> list[tuple[int, dict]]:
    rows = read_rows(upload, COMPONENT_COLUMNS)
    parsed = []
    for number, row in rows:
        errors = length_errors(row, _component_limits())
        data = {key: row.get(key, "") for key in COMPONENT_COLUMNS.values()}
        if not data["model"]:
            errors.append(_("“%(column)s” is required.") % {"column": "型号"})
        if data["price"] == "":
            errors.append(_("“%(column)s” is required.") % {"column": "价格"})
            data["price"] = None
        else:
            data["price"] = _decimal(data["price"], "价格", errors)
        data["effective_on"] = _date(data["effective_on"], errors)
        data["_errors"] = errors
        parsed.append((number, data))
    return parsed


def components_workbook(components, *, with_prices: bool) -> tuple[list[str], list[list]]:
    """One row per component with its current price (components_with_prices) when allowed."""
    headers = [h for h in COMPONENT_COLUMNS if with_prices or h not in COMPONENT_PRICE_COLUMNS]
    rows = []
    for c in components:
        values = {
            "model": c.model,
            "brand": c.brand.name,
            "category": c.category.name,
            "name": c.name,
            "spec": c.spec,
            "supplier": c.supplier.name if c.supplier else "",
            "unit": c.unit,
            "price": money(getattr(c, "current_price", None)),
            "effective_on": getattr(c, "current_price_on", None),
            "source": "",
        }
        rows.append([values[COMPONENT_COLUMNS[h]] for h in headers])
    return headers, rows
