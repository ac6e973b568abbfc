"""What every service shares: the errors it raises and the optimistic-lock check.

The acting user is typed as Django's AbstractBaseUser: lib knows no app, not even accounts
(presales.accounts.models.User is one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.utils.functional import Promise


class ServiceError(Exception):
    """A refused change. `messages` says exactly why, in the user's language."""

    def __init__(self, messages: Iterable[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class GateBlocked(ServiceError):
    """A stage move refused by the gate: `messages` lists what is missing."""

    @property
    def missing(self) -> list[str]:
        return self.messages


class StaleEdit(ServiceError):
    """Someone else saved the object after this user opened it."""

    def __init__(self, changed_by: str, changed_at: datetime | None) -> None:
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


def check_version(locked: models.Model, seen_version: int | str | None, *, field: str = "version") -> None:
    """Refuse a save based on an old copy. `locked` is the row re-read under lock; `field` its
    counter (a model whose `version` means something else names another)."""
    if seen_version is None:
        return
    try:
        seen = int(seen_version)
    except (TypeError, ValueError) as exc:  # a tampered or truncated form
        raise ServiceError(_("This page is out of date: reload it and try again.")) from exc
    current = getattr(locked, field)
    if seen == current:
        return
    history = getattr(locked, "history", None)
    if history is None:  # a model without django-simple-history: its own stamps, if it keeps them
        by = getattr(locked, "updated_by", None)
        raise StaleEdit(
            changed_by=by.display_name if by else _("another user"), changed_at=getattr(locked, "updated_at", None)
        )
    records = history.select_related("history_user")
    if any(f.name == field for f in history.model._meta.fields):
        # The save that made the current version, not a later one that left it (a status change).
        records = records.filter(**{field: current}).order_by("history_date", "history_id")
    last = records.first() or history.select_related("history_user").first()
    who = last.history_user.display_name if last and last.history_user else _("another user")
    raise StaleEdit(changed_by=who, changed_at=last.history_date if last else None)


def apply_changes(instance: models.Model, data: dict[str, Any], fields: Sequence[str]) -> list[str]:
    """Copy the given fields from data onto instance; return the names that changed."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        field = instance._meta.get_field(name)
        if isinstance(field, models.Field) and field.many_to_one:  # compare ids: the related object may not be set yet
            current, new = getattr(instance, field.attname), getattr(value, "pk", value)
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def check_text_limits(
    instance: models.Model, fields: Iterable[str] | None = None, limits: dict[str, int] | None = None
) -> None:
    """Refuse text longer than its limit: `limits[name]`, else the field's max_length, else (a
    TextField declaring none) TEXT_LONG. Forms refuse it first, keeping what was typed; this is
    for every path that does not go through a form, and for the columns SQLite never checks."""
    from presales.lib.forms import TEXT_LONG

    problems = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if fields is not None and field.name not in fields:
            continue
        limit = (limits or {}).get(field.name) or field.max_length
        if limit is None and isinstance(field, models.TextField):
            limit = TEXT_LONG
        value = getattr(instance, field.attname)
        if limit and isinstance(value, str) and len(value) > limit:
            problems.append(too_long_message(field.verbose_name, value, limit))
    if problems:
        raise ServiceError(problems)


def too_long_message(label: str | Promise, value: str, limit: int) -> str:
    return _("“%(field)s” is too long: at most %(limit)s characters (it has %(length)s).") % {
        "field": capfirst(str(label)),
        "limit": formats.number_format(limit, force_grouping=True),
        "length": formats.number_format(len(value), force_grouping=True),
    }


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of `model`'s field `name`, for a message that names it (a reverse
    relation has none: its name)."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def check_text(label: str | Promise, value: str | None, limit: int) -> None:
    """The same refusal for a text that is no model field (a note passed on, a reason)."""
    if value and len(value) > limit:
        raise ServiceError(too_long_message(label, value, limit))


def save_with_history(
    instance: models.Model,
    user: AbstractBaseUser,
    reason: str = "",
    update_fields: Sequence[str] | None = None,
) -> None:
    """Save a model that keeps history (django-simple-history), recording who and why.
    Text over its limit is refused first (check_text_limits)."""
    check_text_limits(instance, fields=update_fields)
    # The attributes django-simple-history reads when it writes the historical row.
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason[:100] if reason else None  # type: ignore[attr-defined]
    instance.save(update_fields=update_fields)


def next_yearly_code(counter_model: type[models.Model], prefix: str) -> str:
    """ "<prefix>-<year>-<seq>" from a per-year counter row (fields `year`, `last`). The row is
    incremented in the database (no two callers get the same number), then read back inside
    the caller's transaction."""
    from django.db.models import F

    year = timezone.localdate().year
    counters = counter_model._default_manager
    counters.get_or_create(year=year)
    counters.filter(year=year).update(last=F("last") + 1)
    number: int = counters.filter(year=year).values_list("last", flat=True).get()
    return f"{prefix}-{year}-{number:04d}"


def require(allowed: bool, message: str = "") -> None:
    """Refuse with 403 (PermissionDenied, with `message` when given) unless `allowed`: the
    role checks of services and access helpers, whose guard already said yes or no."""
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


def next_numbered_code(siblings: models.QuerySet[Any], prefix: str) -> str:
    """ "<prefix><n>" for the next object of a parent (a quote "<opportunity>-Q3", a solution
    "<opportunity>-S2"): one more than the parent already has (`siblings`), skipping codes
    already taken anywhere in the model (codes are unique across parents). The caller holds
    the parent's row lock, so two callers never pick the same number."""
    count = siblings.count()
    code = f"{prefix}{count + 1}"
    while siblings.model.objects.filter(code=code).exists():
        count += 1
        code = f"{prefix}{count + 1}"
    return code


def set_people(relation, people: Iterable | None, name: str, changed: list[str]) -> None:
    """Set a many-to-many list of people (designers, a team); note `name` in `changed` when
    it differs. `people` None leaves the list as it is."""
    if people is None:
        return
    new = {person.pk for person in people}
    if new != set(relation.values_list("pk", flat=True)):
        relation.set(people)
        changed.append(name)
