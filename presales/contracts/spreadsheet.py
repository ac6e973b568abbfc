"""The actual-cost spreadsheet: columns of the import template and export, and the parsing
of an uploaded sheet into rows for services.costs_import (which checks and saves)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from presales.contracts.models import CostCategory
from presales.lib.bounds import TOTAL_MAX
from presales.lib.excel import money, read_rows

# Header (Chinese, as in the template) → field. The first one is required in the sheet.
IMPORT_COLUMNS = {
    "金额": "amount",
    "类别": "category",
    "说明": "description",
    "发生日期": "incurred_on",
}
# The seed's names of the categories, accepted besides codes and translated labels.
CATEGORY_NAMES = {
    "设备采购": "equipment",
    "外购件": "outsourced",
    "施工": "construction",
    "差旅": "travel",
    "其他": "other",
}


def _category_lookup() -> dict[str, str]:
    lookup = {name.casefold(): code for name, code in CATEGORY_NAMES.items()}
    for code in CostCategory.values:
        lookup[code.casefold()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(CostCategory(code).label).casefold()] = code
    return lookup


def _parse_date(value: str) -> date | None:
    text = value.strip().replace("/", "-").replace(".", "-")
    for candidate in (text, text[:10], text.split(" ")[0]):
        try:
            return datetime.strptime(candidate, "%Y-%m-%d").date()
        except ValueError:
            continue
    return None


def parse_import(upload) -> list[tuple[int, dict]]:
    """Rows ready for costs_import; problems found per row are listed under "_errors"."""
    rows = read_rows(upload, IMPORT_COLUMNS, max_rows=2000)
    lookup = _category_lookup()
    parsed = []
    for number, row in rows:
        errors = []
        data = {"description": row.get("description", "")}
        raw_amount = row.get("amount", "").replace(",", "").replace("¥", "").replace("￥", "")
        if not raw_amount:
            errors.append(_("“%(column)s” is required.") % {"column": "金额"})
        else:
            try:
                amount = Decimal(raw_amount)
            except InvalidOperation:
                errors.append(_("“%(column)s”: “%(value)s” is not a number.") % {"column": "金额", "value": raw_amount})
            else:
                if not amount.is_finite() or amount <= 0:
                    errors.append(_("The amount must be greater than zero."))
                elif amount > TOTAL_MAX:  # before quantize(), which cannot hold 1e400
                    data["amount"] = amount  # refused by the service, with the limit
                elif amount != amount.quantize(Decimal("0.01")):
                    errors.append(_("The amount has more than two decimals (fen)."))
                else:
                    data["amount"] = amount
        raw_category = row.get("category", "")
        if not raw_category:
            errors.append(_("“%(column)s” is required.") % {"column": "类别"})
        else:
            code = lookup.get(raw_category.casefold())
            if code is None:
                errors.append(
                    _("“%(column)s”: “%(value)s” is not one of the choices.")
                    % {"column": "类别", "value": raw_category}
                )
            data["category"] = code or ""
        raw_date = row.get("incurred_on", "")
        if not raw_date:
            errors.append(_("“%(column)s” is required.") % {"column": "发生日期"})
        else:
            parsed_date = _parse_date(raw_date)
            if parsed_date is None:
                errors.append(
                    _("“%(column)s”: “%(value)s” is not a date (YYYY-MM-DD).")
                    % {"column": "发生日期", "value": raw_date}
                )
            data["incurred_on"] = parsed_date
        if len(data["description"]) > 300:
            errors.append(_("The description is longer than 300 characters."))
        data["_errors"] = errors
        parsed.append((number, data))
    return parsed


def costs_workbook_rows(costs) -> tuple[list[str], list[list]]:
    """Header and rows of the export: the same columns as the import template."""
    rows = [[money(c.amount), c.get_category_display(), c.description, c.incurred_on.isoformat()] for c in costs]
    return list(IMPORT_COLUMNS), rows
