"""What the apps put in the one search index, registered by the app that owns each model.

Each app declares its sources in `presales/<app>/search_index.py` (found when the apps are
ready, as the admin finds admin.py), so this core module imports none of them:

    register(Source(
        type="customer", label=_("Customer"), model="customers.Customer",
        document=lambda c: Passage(title=c.name, keywords=c.code, url=c.get_absolute_url()),
        queryset=lambda: Customer.objects.select_related("owner"),
        visible=lambda user: None if sees_all(user) else customers_visible_to(user).values("pk"),
    ))

`visible(user)` comes from the app's access.py: the search combines it with the text match in
the database, so a row the user may not see is never a hit, a count or a facet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Passage:
    """What one object puts in the index."""

    title: str
    body: str = ""  # long text (file text, descriptions, notes); capped by the module
    url: str = ""  # where the result links (reverse(...)), computed at index time
    keywords: str = ""  # short extra searchable words: codes, names, model codes, tags
    library: str = ""  # facet: library name (knowledge documents only)
    product: str = ""  # facet: product name(s), comma-separated
    industry: str = ""  # facet: industry code; label from register_facet_labels("industry", ...)
    year: int | None = None  # facet
    flags: tuple[str, ...] = ()  # e.g. ("expired",), shown on the result
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Source:
    """One indexed model."""

    type: str  # stable code: "customer", "opportunity", "document", ...
    label: str | Promise  # the type's name on screen, lazy
    model: str  # "opportunities.Opportunity"
    document: Callable[[Any], Passage | None]  # obj -> Passage; None: not indexed (a draft)
    queryset: Callable[[], QuerySet]  # every object to (re)index, with what document() needs
    visible: Callable[[Any], QuerySet | None]  # user -> values("pk") queryset, None = sees all
    # (model label, how to find this source's objects from it): saving one re-indexes them.
    # An attribute name gives one pk, e.g. ("solutions.SolutionVersion", "solution_id"); a
    # function of the saved object gives several, e.g. the opportunities of a renamed customer:
    # ("customers.Customer", lambda c: Opportunity.objects.filter(customer=c).values_list("pk", flat=True)).
    related: tuple[tuple[str, str | Callable[[Any], Iterable[int]]], ...] = ()
    order: int = 100  # order of types in filters and facets


def related_by(label: str, model: type, lookup: str) -> tuple[str, Callable[[Any], Iterable[int]]]:
    """A `related` entry: saving a `label` object re-indexes the `model` objects whose `lookup`
    is its pk — related_by("customers.Customer", Contact, "customer_id") re-indexes a renamed
    customer's contacts."""
    return (label, lambda obj: model._default_manager.filter(**{lookup: obj.pk}).values_list("pk", flat=True))


_sources: dict[str, Source] = {}
_facet_labels: dict[str, Callable[[], dict[str, str]]] = {}


def register(source: Source) -> None:
    """Add (or, on a reload, replace) a source by its type."""
    if not source.type or len(source.type) > 40:
        raise ValueError(f"A search source type is a short code, not {source.type!r}.")
    _sources[source.type] = source
    from django.apps import apps

    if apps.ready:  # registered late (a test): the receivers of AppConfig.ready missed it
        from presales.search import signals

        signals.connect(source.model)
        for label, _attr in source.related:
            signals.connect(label)


def unregister(type: str) -> None:
    """Tests that register a source of their own remove it again."""
    _sources.pop(type, None)


def register_facet_labels(facet: str, labels: Callable[[], dict[str, str]]) -> None:
    """How a facet's stored values read on screen, e.g. ("industry", lambda: dict(Industry.choices))."""
    _facet_labels[facet] = labels


def get(type: str) -> Source | None:
    return _sources.get(type)


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.type))


def facet_labels(facet: str) -> dict[str, str]:
    labels = _facet_labels.get(facet)
    return {str(k): str(v) for k, v in labels().items()} if labels else {}


def sources_for_model(label: str) -> list[tuple[Source, str | Callable[[Any], Iterable[int]]]]:
    """(source, attribute or function giving its pks) for a model label: "pk" for the source's
    own model, the `related` entry for a model that feeds it."""
    found = []
    for source in sources():
        if source.model.lower() == label.lower():
            found.append((source, "pk"))
        for related_label, attr in source.related:
            if related_label.lower() == label.lower():
                found.append((source, attr))
    return found
