"""The answer library's spreadsheet: export columns, the import's headers (recognised by name,
in any order, with their other names), the parsing of a sheet into rows, and the import
service (all or nothing, a row-by-row report) used by the page, the API and
`manage.py answers_import`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from presales.accounts.models import User
from presales.answers import access, events
from presales.answers.models import (
    AnswerCategory,
    AnswerChange,
    AnswerEntry,
    AnswerStatus,
    Deviation,
)
from presales.answers.services.entries import (
    CODE_PATTERN,
    check_fields,
    clean_tags,
    entry_create,
    entry_update,
)
from presales.catalog.models import Product
from presales.lib.excel import SpreadsheetError, read_rows
from presales.lib.services import ServiceError

# Header → key. The first header is required; the others are optional; several names of one
# column (问题/要求, 问题, 要求, 招标要求) lead to one key.
IMPORT_COLUMNS = {
    "问题/要求": "requirement",
    "问题": "requirement",
    "要求": "requirement",
    "招标要求": "requirement",
    "编号": "code",
    "分类": "category",
    "标准应答": "answer",
    "应答": "answer",
    "偏离": "deviation",
    "偏离说明": "deviation_note",
    "产品": "products",
    "标签": "tags",
}
TEMPLATE_COLUMNS = ["编号", "分类", "问题/要求", "标准应答", "偏离", "偏离说明", "产品", "标签"]
EXPORT_COLUMNS = [*TEMPLATE_COLUMNS, "状态", "下次复核"]
EXPORT_WIDTHS = [16, 16, 50, 60, 10, 30, 24, 20, 10, 12]
LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
CATEGORY_SEPARATORS = re.compile(r"\s*(?:>|/|／|＞)\s*")


def _choice_lookup() -> dict[str, str]:
    lookup = {}
    for code in Deviation.values:
        lookup[code.casefold()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(Deviation(code).label).casefold()] = code
    lookup.update({"无偏离": Deviation.NONE, "正偏离": Deviation.POSITIVE, "负偏离": Deviation.NEGATIVE})
    return lookup


def _categories() -> dict[str, AnswerCategory]:
    """Each category by its name and by its path ("电源 > 整流模块"); a name two categories share
    is reachable by its path only."""
    rows = list(AnswerCategory.objects.select_related("parent"))
    by_pk = {c.pk: c for c in rows}
    found: dict[str, AnswerCategory] = {}
    names: dict[str, int] = {}
    for c in rows:
        names[c.name] = names.get(c.name, 0) + 1
        path, node, seen = [], c, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            path.insert(0, node.name)
            node = by_pk.get(node.parent_id)
        found[" > ".join(path)] = c
    for c in rows:
        if names[c.name] == 1:
            found.setdefault(c.name, c)
    return found


def parse_import(upload) -> list[tuple[int, dict]]:
    """Rows as read (strings); the import service checks and resolves them. A sheet needs the
    问题/要求 column, or the 编号 column (a file that only changes existing entries)."""
    try:
        return read_rows(upload, IMPORT_COLUMNS)
    except SpreadsheetError as exc:
        if not hasattr(upload, "seek"):
            raise
        upload.seek(0)
        by_code = {"编号": "code", **{k: v for k, v in IMPORT_COLUMNS.items() if k != "编号"}}
        try:
            return read_rows(upload, by_code)
        except SpreadsheetError:
            raise exc from None


@dataclass
class ImportReport:
    created: list[AnswerEntry] = field(default_factory=list)
    updated: list[AnswerEntry] = field(default_factory=list)
    proposed: list[AnswerChange] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "created": [e.code for e in self.created],
            "updated": [e.code for e in self.updated],
            "proposed": [c.entry.code for c in self.proposed],
            "errors": [{"row": row, "message": message} for row, message in self.errors],
        }


def _resolve(
    number: int, row: dict, *, user: User, categories: dict, products: dict, existing: dict, lookup: dict
) -> tuple[dict, list[str], AnswerEntry | None]:
    errors: list[str] = []
    data: dict = {}
    for key in ("requirement", "answer", "deviation_note"):
        if key in row:
            data[key] = row[key]
    code = row.get("code", "")
    entry = None
    if code:
        if not CODE_PATTERN.match(code):
            errors.append(_("“编号”: “%(code)s” is not a usable code.") % {"code": code[:40]})
        entry = existing.get(code)
        if entry is None:
            data["code"] = code
    if entry is None and not row.get("requirement"):
        errors.append(_("“%(column)s” is required.") % {"column": "问题/要求"})
    if entry is None and not row.get("answer"):
        errors.append(_("“%(column)s” is required.") % {"column": "标准应答"})
    name = row.get("category", "")
    if name:
        category = categories.get(name)
        if category is None:
            category = categories.get(" > ".join(part for part in CATEGORY_SEPARATORS.split(name) if part))
        if category is None:
            errors.append(_("“分类”: there is no category “%(name)s”.") % {"name": name[:60]})
        data["category"] = category
    elif entry is None:
        errors.append(_("“%(column)s” is required.") % {"column": "分类"})
    if row.get("deviation"):
        code_value = lookup.get(row["deviation"].casefold())
        if code_value is None:
            errors.append(
                _("“偏离”: “%(value)s” is not one of 无偏离, 正偏离, 负偏离.") % {"value": row["deviation"][:30]}
            )
        data["deviation"] = code_value or Deviation.NONE
    elif entry is None:
        data["deviation"] = Deviation.NONE
    if "products" in row and (row["products"] or entry is None):
        ids = []
        for model_code in [p.strip() for p in LIST_SEPARATORS.split(row["products"]) if p.strip()]:
            product = products.get(model_code.casefold())
            if product is None:
                errors.append(_("“产品”: no product has the model code “%(code)s”.") % {"code": model_code[:60]})
            else:
                ids.append(product)
        data["products"] = ids
    if "tags" in row and (row["tags"] or entry is None):
        try:
            data["tags"] = clean_tags(row["tags"])
        except ServiceError as exc:
            errors.extend(exc.messages)
    if entry is not None:
        if not access.can_edit_entry(user, entry):
            errors.append(_("You may not change the answer %(code)s.") % {"code": entry.code})
        elif entry.status == AnswerStatus.RETIRED:
            errors.append(_("The answer %(code)s is retired: restore it as a draft first.") % {"code": entry.code})
    if not errors:
        probe = AnswerEntry(
            requirement=data.get("requirement", entry.requirement if entry else ""),
            answer=data.get("answer", entry.answer if entry else ""),
            deviation=data.get("deviation", entry.deviation if entry else Deviation.NONE),
            deviation_note=data.get("deviation_note", entry.deviation_note if entry else ""),
            review_interval_months=entry.review_interval_months if entry else 12,
            category=data.get("category") or (entry.category if entry else None),
        )
        try:
            check_fields(probe)
        except ServiceError as exc:
            errors.extend(exc.messages)
    return data, errors, entry


@transaction.atomic
def answers_import(*, user: User, rows: list[tuple[int, dict]], name: str = "") -> ImportReport:
    """Import library entries, all or nothing. A row without 编号, or with a new one, adds a
    draft; a row with an existing 编号 changes that draft, or proposes a change to that
    approved entry (approved by the category's owner). Every row is checked first; when one
    is wrong nothing is stored and the report lists each problem by row."""
    from django.core.exceptions import PermissionDenied

    if not access.is_writer(user):
        raise PermissionDenied(_("Only presales engineers and managers write the answer library."))
    report = ImportReport()
    lookup = _choice_lookup()
    categories = _categories()
    codes = [r.get("code") for _n, r in rows if r.get("code")]
    existing = {e.code: e for e in AnswerEntry.objects.filter(code__in=codes).select_related("category")}
    model_codes = set()
    for _n, row in rows:
        model_codes.update(p.strip() for p in LIST_SEPARATORS.split(row.get("products", "")) if p.strip())
    products = {p.model_code.casefold(): p for p in Product.objects.filter(model_code__in=sorted(model_codes))}
    if len(products) < len(model_codes):  # a model code typed in another case
        for p in Product.objects.only("pk", "model_code"):
            products.setdefault(p.model_code.casefold(), p)
    seen: dict[str, int] = {}
    plan = []
    for number, row in rows:
        code = row.get("code", "")
        if code and code in seen:
            report.errors.append((number, _("Same 编号 as row %(row)s of this file.") % {"row": seen[code]}))
            continue
        if code:
            seen[code] = number
        data, errors, entry = _resolve(
            number, row, user=user, categories=categories, products=products, existing=existing, lookup=lookup
        )
        report.errors.extend((number, message) for message in errors)
        plan.append((number, data, entry))
    if report.errors:
        return report
    for number, data, entry in plan:
        try:
            if entry is None:
                report.created.append(entry_create(user=user, data=data))
                continue
            result = entry_update(user=user, entry=entry, data=data, note=_("Imported"))
        except ServiceError as exc:
            if entry is not None and exc.messages == [_("Nothing was changed.")]:
                continue  # an approved entry the file repeats as it is
            raise ServiceError(
                [_("Row %(row)s: %(message)s") % {"row": number, "message": m} for m in exc.messages]
            ) from exc
        if isinstance(result, AnswerChange):
            report.proposed.append(result)
        else:
            report.updated.append(result)
    events.imported(user, name or "—", len(report.created), len(report.updated) + len(report.proposed))
    return report


def export_rows(entries: Iterable[AnswerEntry]) -> Iterable[list]:
    """The export's rows, in EXPORT_COLUMNS order (give it `.iterator()` over a queryset that
    prefetches products and tags)."""
    labels = dict(Deviation.choices)
    statuses = dict(AnswerStatus.choices)
    for e in entries:
        yield [
            e.code,
            e.category.name,
            e.requirement,
            e.answer,
            str(labels.get(e.deviation, e.deviation)),
            e.deviation_note,
            "、".join(p.model_code for p in e.products.all()),
            "、".join(t.name for t in e.tags.all()),
            str(statuses.get(e.status, e.status)),
            e.next_review_on.isoformat() if e.next_review_on else "",
        ]
