"""Reading the event stream: each reader is one query, whatever the number of events, and
renders each event in the reader's language (`render`).

The readers take the object whose page is shown; that page has checked the user may see
it. What the reader adds is the cost rule: events whose data holds cost figures (the kinds
declared with cost=True) are left out for whoever does not see cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from presales.accounts.models import User
from presales.accounts.roles import sees_all, sees_cost
from presales.events import registry
from presales.events.models import Event

CUSTOMER_TIMELINE_LENGTH = 20
OPPORTUNITY_TIMELINE_LENGTH = 100
MY_ACTIVITY_LENGTH = 20


@dataclass(frozen=True)
class ShownEvent:
    """An event with its label and sentence in the reader's language; `note` is what a
    person typed (a reason, a comment), shown as typed."""

    event: Event
    label: str
    sentence: str
    note: str = ""

    @property
    def kind(self) -> str:
        return self.event.kind

    @property
    def at(self):
        return self.event.at

    @property
    def actor(self):
        return self.event.actor

    @property
    def opportunity(self):
        return self.event.opportunity


class _Values(dict):
    """The values a sentence is filled with; a value the data lacks shows as a dash."""

    def __missing__(self, key):
        return "—"


class _Strict(dict):
    def __missing__(self, key):
        raise KeyError(f"The sentence needs %({key})s, which the data does not give.")


def _shown_value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def sentence(kind: registry.Kind, data: dict[str, Any], *, strict: bool = False) -> str:
    """The kind's sentence filled from `data`, in the active language. `strict` (tests)
    refuses a placeholder the data does not fill instead of showing a dash."""
    values = {**data, **(kind.params(data) if kind.params else {})}
    mapping = (_Strict if strict else _Values)({name: _shown_value(value) for name, value in values.items()})
    try:
        return str(kind.sentence) % mapping
    except (KeyError, TypeError, ValueError):  # a translation with a broken placeholder
        if strict:
            raise
        return str(kind.label)


def render(event: Event) -> ShownEvent:
    note = _shown_value(event.data.get("reason")) if event.data.get("reason") else ""
    kind = registry.get(event.kind)
    if kind is None:  # a kind no app declares any more
        return ShownEvent(event, event.kind, event.kind, note)
    return ShownEvent(event, str(kind.label), sentence(kind, event.data), note)


def readable(queryset: QuerySet[Event], user: User | None) -> QuerySet[Event]:
    """The events of `queryset` the user may read: cost events only for who sees cost."""
    if user is None or not sees_cost(user):
        queryset = queryset.exclude(kind__in=registry.cost_kinds())
    return queryset


def shown(queryset: QuerySet[Event], user: User | None, *, limit: int | None = None) -> list[ShownEvent]:
    """One query: the events with their actor and opportunity, rendered."""
    queryset = readable(queryset, user).select_related("actor", "opportunity")
    if limit is not None:
        queryset = queryset[:limit]
    return [render(event) for event in queryset]


def for_opportunity(opportunity: models.Model, user: User | None) -> list[ShownEvent]:
    """The latest of what was recorded in an opportunity, by every app, newest first; the
    small steps of a piece of work (registry.detail_kinds) are left to their own pages."""
    queryset = Event.objects.filter(opportunity_id=opportunity.pk).exclude(kind__in=registry.detail_kinds())
    return shown(queryset, user, limit=OPPORTUNITY_TIMELINE_LENGTH)


def for_subject(
    obj: models.Model, user: User | None, *, oldest_first: bool = False, limit: int | None = None
) -> list[ShownEvent]:
    """The events about one object (a request, a contract, a solution …)."""
    queryset = Event.objects.about(obj)
    if oldest_first:
        queryset = queryset.order_by("at", "id")
    return shown(queryset, user, limit=limit)


def for_customer(customer: models.Model, user: User, *, opportunities: QuerySet[Any]) -> list[ShownEvent]:
    """The latest events of a customer the user may read: those of the opportunities he
    sees (`opportunities`, from presales.opportunities.access), and those of no opportunity
    (a request filed for the customer alone) when he sees everything or did it himself."""
    visible = Q(opportunity__in=opportunities.values("pk"))
    if sees_all(user):
        visible |= Q(opportunity__isnull=True)
    else:
        visible |= Q(opportunity__isnull=True, actor=user)
    queryset = Event.objects.filter(customer_id=customer.pk).filter(visible).exclude(kind__in=registry.detail_kinds())
    return shown(queryset, user, limit=CUSTOMER_TIMELINE_LENGTH)


def by_actor(user: User) -> list[ShownEvent]:
    """What the user did lately ("my recent activity" on my work)."""
    return shown(Event.objects.filter(actor=user), user, limit=MY_ACTIVITY_LENGTH)
