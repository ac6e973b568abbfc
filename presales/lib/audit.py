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


def history_rows(obj, *, related: tuple = (), limit: int = 50) -> list[dict]:
    """Newest first: who, when, what kind of change, and each field's old → new value.

    `related` adds the history of dependent rows shown on the same page, as
    (historical queryset, label) pairs — e.g. a customer's contacts, deleted ones included;
    `label(record)` names the row ("联系人 张三"). A fixed number of queries: one per
    history table, then one per foreign-key model mentioned.
    """
    sources = [(type(obj), obj.history.all(), None), *((qs.model.instance_type, qs, label) for qs, label in related)]
    entries = []
    wanted = defaultdict(set)
    for model, history, label in sources:
        fields = _audited_fields(model)
        records = list(history.select_related("history_user").order_by("-history_date", "-history_id"))
        previous_of = {}
        for record in reversed(records):  # oldest first: pair each record with the one before it
            record.previous_in_list = previous_of.get(record.id)
            previous_of[record.id] = record
        for record in records:
            changes = []
            previous = record.previous_in_list
            if previous is not None and record.history_type == "~":
                for field in fields.values():
                    old, new = getattr(previous, field.attname, None), getattr(record, field.attname, None)
                    if old == new:
                        continue
                    changes.append((field, old, new))
                    if isinstance(field, models.ForeignKey):
                        wanted[field.related_model].update(v for v in (old, new) if v)
            entries.append((record, changes, label(record) if label else ""))
    entries.sort(key=lambda entry: (entry[0].history_date, entry[0].history_id), reverse=True)
    entries = entries[:limit]
    related_objects = {}
    for rel_model, ids in wanted.items():
        for item in rel_model._default_manager.filter(pk__in=ids):
            related_objects[(rel_model, item.pk)] = item
    return [
        {
            "at": record.history_date,
            "who": record.history_user.display_name if record.history_user else _("system"),
            "kind": HISTORY_TYPES.get(record.history_type, record.history_type),
            "subject": subject,
            "reason": record.history_change_reason or "",
            "changes": [
                (str(field.verbose_name), _display(field, old, related_objects), _display(field, new, related_objects))
                for field, old, new in changes
            ],
        }
        for record, changes, subject in entries
    ]


_NOT_AUDITED = ("version", "updated_at", "created_at", "name_key", "updated_by")


def _audited_fields(model) -> dict:
    """The fields whose changes the log shows, by name: the ones people edit, and of those a
    service sets for them the status and the dates (a next-review date), read from the
    historical rows directly (simple-history's own diff skips fields that are not editable).
    Bookkeeping (ids, versions, timestamps), derived data and anything else a service keeps
    stay out."""
    tracked = {f.name for f in model.history.model._meta.concrete_fields} if hasattr(model, "history") else set()

    def shown(f) -> bool:
        if f.name in _NOT_AUDITED or f.primary_key:
            return False
        if f.editable:
            return True
        is_date = isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        return f.name in tracked and (bool(f.choices) or is_date)

    return {f.name: f for f in model._meta.concrete_fields if shown(f)}
