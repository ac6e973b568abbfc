"""The change log shown on an object page, read from django-simple-history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Lazy: this is built at import time, the language is the one of each request.
HISTORY_TYPES = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def _display(field, value, related: dict) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ForeignKey):
        return str(related.get((field.related_model, value), value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField) and isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(field, models.DateField) and isinstance(value, date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(field, models.DecimalField):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return str(value)


def history_rows(obj, limit: int = 50) -> list[dict]:
    """Newest first: who, when, what kind of change, and each field's old → new value.

    A fixed number of queries: the records, then one per foreign-key model mentioned.
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    fields = {
        f.name: f
        # Only editable fields: simple-history's diff reads values with model_to_dict, which skips
        # the others (e.g. Opportunity.code) and would fail on them.
        for f in model._meta.concrete_fields
        if f.editable and f.name not in ("version", "updated_at", "created_at", "name_key", "updated_by")
    }
    pairs = []
    wanted = defaultdict(set)
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, included_fields=list(fields))
            for change in delta.changes:
                field = fields[change.field]
                changes.append((field, change.old, change.new))
                if isinstance(field, models.ForeignKey):
                    wanted[field.related_model].update(v for v in (change.old, change.new) if v)
        pairs.append((record, changes))
    related = {}
    for rel_model, ids in wanted.items():
        for item in rel_model._default_manager.filter(pk__in=ids):
            related[(rel_model, item.pk)] = item
    rows = []
    for record, changes in pairs:
        rows.append(
            {
                "at": record.history_date,
                "who": record.history_user.display_name if record.history_user else _("system"),
                "kind": HISTORY_TYPES.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": [
                    (str(field.verbose_name), _display(field, old, related), _display(field, new, related))
                    for field, old, new in changes
                ],
            }
        )
    return rows
