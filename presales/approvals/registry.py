"""What the engine needs to know about each kind of object it approves.

An app registers its model once (in its AppConfig.ready) with hooks the engine calls inside
the deciding transaction: `on_approved`, `on_rejected` (with the reasons) and `on_withdrawn`
put the object itself in its new state; `can_view` says who may read the object (and so
its approval record); `opportunity` and `url` place it.

The inbox reads three more: `label`, the kind's name in its filter (the model's verbose name
when not given); `amount(target)`, stored on the round when it is submitted (a quote's
total, a contract's amount; None for documents); and `margins(user, ids)`, the margin in
percent of many objects of the kind at once (a fixed number of queries, whatever the number
of ids), {} for a user who may not see margins under the app's own rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


def _nothing(*args, **kwargs) -> None:
    return None


@dataclass(frozen=True)
class TargetHooks:
    on_approved: Callable = _nothing  # (target, approval, user)
    on_rejected: Callable = _nothing  # (target, approval, user, reasons: list[str])
    on_withdrawn: Callable = _nothing  # (target, approval, user)
    can_view: Callable = lambda user, target: False  # noqa: E731
    opportunity: Callable = lambda target: None  # noqa: E731
    url: Callable = lambda target: ""  # noqa: E731
    title: Callable = str
    label: object = ""  # a (lazy) string; the model's verbose name when empty
    amount: Callable = lambda target: None  # noqa: E731
    margins: Callable = lambda user, ids: {}  # noqa: E731


_registry: dict[str, TargetHooks] = {}


def register(model: type[models.Model], hooks: TargetHooks) -> None:
    _registry[model._meta.label_lower] = hooks


def hooks_for(model_or_instance) -> TargetHooks:
    label = model_or_instance._meta.label_lower
    try:
        return _registry[label]
    except KeyError as exc:
        raise LookupError(f"{label} is not registered with the approvals engine") from exc


def is_registered(model: type[models.Model]) -> bool:
    return model._meta.label_lower in _registry


def registered_labels() -> list[str]:
    return sorted(_registry)


def kind_label(label: str) -> str:
    """The name of a registered kind (a model label, "quotes.quoteversion") in the reader's language."""
    from django.apps import apps

    hooks = _registry.get(label)
    if hooks is not None and hooks.label:
        return str(hooks.label)
    return str(apps.get_model(label)._meta.verbose_name)


def kind_label_of(content_type) -> str:
    """The name of the kind of a round's object (its `target_type`)."""
    return kind_label(f"{content_type.app_label}.{content_type.model}")


def kind_choices() -> list[tuple[str, str]]:
    """(model label, name) of every registered kind, for the inbox's filter."""
    return sorted(((label, kind_label(label)) for label in _registry), key=lambda pair: pair[1])
