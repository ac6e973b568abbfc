"""What every service shares: the errors it raises and the optimistic-lock check."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A refused change. `messages` says exactly why, in the user's language."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class GateBlocked(ServiceError):
    """A stage move refused by the gate: `messages` lists what is missing."""

    @property
    def missing(self) -> list[str]:
        return self.messages


class StaleEdit(ServiceError):
    """Someone else saved the object after this user opened it."""

    def __init__(self, changed_by: str, changed_at):
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = formats.date_format(timezone.localtime(changed_at), "Y-m-d H:i") if changed_at else "?"
        super().__init__(
            _(
                "Changed by %(who)s at %(when)s since you opened it. Your input is kept below: "
                "check their changes, then save again."
            )
            % {"who": changed_by, "when": when}
        )


def check_version(locked, seen_version: int | None) -> None:
    """Refuse a save based on an old copy. `locked` is the row re-read under lock."""
    if seen_version is None:
        return
    try:
        seen = int(seen_version)
    except (TypeError, ValueError) as exc:  # a tampered or truncated form
        raise ServiceError(_("This page is out of date: reload it and try again.")) from exc
    if seen == locked.version:
        return
    last = locked.history.select_related("history_user").first()
    who = last.history_user.display_name if last and last.history_user else _("another user")
    raise StaleEdit(changed_by=who, changed_at=last.history_date if last else None)


def apply_changes(instance, data: dict, fields: list[str]) -> list[str]:
    """Copy the given fields from data onto instance; return the names that changed."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        field = instance._meta.get_field(name)
        if field.many_to_one:  # compare ids: the related object may not be set yet
            current, new = getattr(instance, field.attname), getattr(value, "pk", value)
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def save_with_history(instance, user, reason: str = "", update_fields=None) -> None:
    """Save a model that keeps history (django-simple-history), recording who and why."""
    instance._history_user = user
    instance._change_reason = reason[:100] if reason else None
    instance.save(update_fields=update_fields)


def next_yearly_code(counter_model, prefix: str) -> str:
    """ "<prefix>-<year>-<seq>" from a per-year counter row (fields `year`, `last`). The row is
    incremented in the database (no two callers get the same number), then read back inside
    the caller's transaction."""
    from django.db.models import F

    year = timezone.localdate().year
    counter_model.objects.get_or_create(year=year)
    counter_model.objects.filter(year=year).update(last=F("last") + 1)
    number = counter_model.objects.get(year=year).last
    return f"{prefix}-{year}-{number:04d}"
