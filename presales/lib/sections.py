"""Sections that apps plug into the core pages.

A page built by a core app (the opportunity page, the customer page, "my work") shows cards
that belong to the apps built on it (solutions, quotes, contracts, service requests …). The
core page does not import them: each app registers its sections once, in its
`AppConfig.ready`, as it registers its approval hooks (presales.approvals.registry), and the
page renders `sections_for(page, obj, user)` in order.

A section's `context(obj, user)` returns the template context of its card, or None when the
user is not to see it (the card is then left out). It runs a bounded number of queries,
whatever the number of rows: the pages' query counts are tested.

Two sections of a page that need the same read (the home page's "my opportunities" and
"overdue opportunities") take it through `shared(key, read)`: read once while the page's
sections are built.

Pages and their object: "opportunity" (an Opportunity), "customer" (a Customer), "my_work"
(None: the user's own work), "configurator" (the catalog's Configuration), "solution" (a
Solution), "quote" (a Quote). A page with
columns places a section by its `slot` ("my_work": "top", "main", "side").
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]  # (obj, user) -> template context, None to hide
    order: int = 100
    title: str = ""
    slot: str = "main"


@dataclass(frozen=True)
class ShownSection:
    """A section with its context, ready to render: `{% render_section s %}`."""

    key: str
    template: str
    context: dict
    slot: str
    title: str = ""


_registry: dict[str, dict[str, Section]] = {}
# The reads shared by the sections being built (by `sections_for`), by key.
_shared_reads: ContextVar[dict[str, Any] | None] = ContextVar("section_shared_reads", default=None)


def register(page: str, section: Section) -> None:
    """Add (or replace, by key) a section of `page`."""
    _registry.setdefault(page, {})[section.key] = section


def unregister(page: str, key: str) -> None:
    _registry.get(page, {}).pop(key, None)


def registered(page: str) -> list[Section]:
    return sorted(_registry.get(page, {}).values(), key=lambda s: (s.order, s.key))


def sections_for(page: str, obj, user, *, slot: str | None = None) -> list[ShownSection]:
    """The sections of `page` this user sees for `obj`, in order (of one slot if given)."""
    shown = []
    token = _shared_reads.set({})
    try:
        for section in registered(page):
            if slot is not None and section.slot != slot:
                continue
            context = section.context(obj, user)
            if context is None:
                continue
            shown.append(ShownSection(section.key, section.template, context, section.slot, str(section.title)))
    finally:
        _shared_reads.reset(token)
    return shown


def by_slot(shown: list[ShownSection], slots: tuple[str, ...]) -> dict[str, list[ShownSection]]:
    """The sections of a page with columns, per slot (`{"top": [...], "main": [...], ...}`)."""
    return {slot: [s for s in shown if s.slot == slot] for slot in slots}


def shared[T](key: str, read: Callable[[], T]) -> T:
    """`read()`, done once for all the sections of the page being built that ask for `key`
    (the same object and user: `sections_for` builds one page); outside it, each time."""
    reads = _shared_reads.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]
