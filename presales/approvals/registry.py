"""What the engine needs to know about each kind of object it approves.

An app registers its model once (in its AppConfig.ready) with hooks the engine calls inside
the deciding transaction: `on_approved`, `on_rejected` (with the reasons) and `on_withdrawn`
put the object itself in its new state; `can_view` says who may read the object (and so
its approval record); `opportunity` and `url` place it.
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
