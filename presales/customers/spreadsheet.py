"""The customer spreadsheet: the columns of the import template and export, and the parsing
of an uploaded sheet into rows for services.customers_import (which checks and saves)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from presales.customers.models import CustomerSize, CustomerSource, CustomerStatus, Industry
from presales.lib.excel import read_rows

# Header (as in the template, Chinese first like the rest of the product) → field.
IMPORT_COLUMNS = {
    "客户名称": "name",
    "简称": "short_name",
    "行业": "industry",
    "区域": "region",
    "规模": "size",
    "来源": "source",
    "状态": "status",
    "负责人": "owner",
    "地址": "address",
    "备注": "notes",
}
CHOICES = {"industry": Industry, "size": CustomerSize, "source": CustomerSource, "status": CustomerStatus}
REQUIRED = {"name", "industry"}
FIELD_LABELS = {"name": "客户名称", "industry": "行业", "size": "规模", "source": "来源", "status": "状态"}


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (Chinese and English) → code, so either can be typed in the sheet."""
    lookup = {}
    for code in choices.values:
        lookup[code.casefold()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(choices(code).label).casefold()] = code
    return lookup


def parse_import(upload) -> list[tuple[int, dict]]:
    """Rows ready for customers_import; problems found per row are listed under "_errors"."""
    rows = read_rows(upload, IMPORT_COLUMNS)
    lookups = {name: _choice_lookup(choices) for name, choices in CHOICES.items()}
    owner_names = {row.get("owner") for _n, row in rows if row.get("owner")}
    users = get_user_model().objects.filter(Q(username__in=owner_names) | Q(full_name__in=owner_names))
    owners = {}
    for user in users:
        owners[user.username] = user
        owners.setdefault(user.full_name, user)
    parsed = []
    for number, row in rows:
        errors = []
        data = {key: row.get(key, "") for key in IMPORT_COLUMNS.values()}
        for key in REQUIRED:
            if not data[key]:
                errors.append(_("“%(column)s” is required.") % {"column": FIELD_LABELS[key]})
        for key, lookup in lookups.items():
            value = data[key]
            if not value:
                data[key] = CustomerStatus.POTENTIAL if key == "status" else ""
                continue
            code = lookup.get(value.casefold())
            if code is None:
                errors.append(
                    _("“%(column)s”: “%(value)s” is not one of the choices.")
                    % {"column": FIELD_LABELS[key], "value": value}
                )
            data[key] = code or ""
        owner_name = data.pop("owner")
        if owner_name:
            owner = owners.get(owner_name)
            if owner is None:
                errors.append(_("Owner “%(name)s” is not a user of the system.") % {"name": owner_name})
            else:
                data["owner"] = owner
        if len(data["name"]) > 200:
            errors.append(_("The customer name is longer than 200 characters."))
        data["_errors"] = errors
        parsed.append((number, data))
    return parsed


def customers_workbook_rows(customers) -> tuple[list[str], Iterable[list]]:
    """Header and rows of the export (read as they are written: give it `.iterator()`); the
    same columns as the import template."""
    rows = (
        [
            c.name,
            c.short_name,
            c.get_industry_display(),
            c.region,
            c.get_size_display(),
            c.get_source_display(),
            c.get_status_display(),
            c.owner.username,
            c.address,
            c.notes,
        ]
        for c in customers
    )
    return list(IMPORT_COLUMNS), rows
