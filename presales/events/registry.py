"""The closed set of event kinds. Each app declares its own in `<app>/events.py`:

    STAGE_ADVANCED = define(
        "opportunities.stage_advanced",
        label=_("Stage advanced"),
        sentence=_("moved %(code)s from %(from_stage)s to %(to_stage)s"),
    )

A kind has a label (a noun phrase, for lists and the admin) and a sentence: what the actor
did, without the actor ("张工 moved …"), with %(name)s placeholders filled from the event's
data in the reader's language when the event is read. `params(data)` turns stored codes into
what the sentence shows (a status code into its label, a stored amount into ¥1,234.00 through
`amounts`); `cost` marks kinds whose data holds cost figures, never shown to whoever does not
see cost (presales.accounts.roles.sees_cost);
`detail` marks the small steps of a larger piece of work (a quote line added): they are kept
and shown in the actor's own activity, not in the opportunity's and customer's timelines.

The events app finds every `<app>/events.py` when the apps are ready (EventsConfig), so the
set is complete before anything reads it; recording an undeclared kind is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from presales.lib.money import yuan


@dataclass(frozen=True)
class Kind:
    code: str  # "<app label>.<kind>"
    label: str | Promise  # lazy: rendered in the reader's language
    sentence: str | Promise
    params: Callable[[dict], dict] | None = None  # data -> the sentence's values it changes
    cost: bool = False
    detail: bool = False


_kinds: dict[str, Kind] = {}


def define(
    code: str,
    *,
    label: str | Promise,
    sentence: str | Promise,
    params: Callable[[dict], dict] | None = None,
    cost: bool = False,
    detail: bool = False,
) -> str:
    """Declare (or, on a reload, re-declare) a kind; returns its code, for the app's constants."""
    app_label, dot, name = code.partition(".")
    if not (app_label and dot and name):
        raise ValueError(f"An event kind is written <app label>.<kind>, not {code!r}.")
    _kinds[code] = Kind(code, label, sentence, params, cost, detail)
    return code


def define_legacy(app_label: str) -> str:
    """The kind of rows copied from an app's old event table whose kind the copy did not
    know: the old kind and text are kept as they were."""
    return define(
        f"{app_label}.legacy",
        label=_("Earlier record"),
        sentence=_("recorded “%(old_kind)s”: %(detail)s"),
    )


def get(code: str) -> Kind | None:
    return _kinds.get(code)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def cost_kinds() -> list[str]:
    return sorted(code for code, kind in _kinds.items() if kind.cost)


def detail_kinds() -> list[str]:
    return sorted(code for code, kind in _kinds.items() if kind.detail)


# Helpers for `params`: stored codes to what a reader reads. An unknown code (a choice
# removed since, a label kept by an old row) shows as it was stored.


def choice_label(choices, value) -> str:
    """The label of `value` among `choices` (a TextChoices class) in the reader's language."""
    return str(dict(choices.choices).get(value, value or ""))


def amounts(data: dict, *names: str) -> dict:
    """Stored amounts (plain decimal strings, "2320440.18") as people read them, ¥2,320,440.18
    (presales.lib.money); the data keeps the plain string. A name the data lacks stays missing."""
    return {name: yuan(data[name]) for name in names if name in data}


def field_labels(model, names: Iterable[str]) -> str:
    """The verbose names of a model's fields, for "changed the title, the amount"."""
    labels = []
    for name in names or ():
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(str(name))
    return ", ".join(labels) or "—"
