"""Where library documents are reused ("used in 3 bids, 5 solutions").

The links themselves (a document attached to an opportunity, a solution, a quote) belong to
the code that makes them; each registers one counter here, so a document page and a list can
show the counts without this module knowing the linking models. A counter takes document
ids and returns {document id: count}, in one query whatever the number of ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Counter:
    key: str  # "bids", "solutions", "quotes"…
    label: str | Promise  # "used in %(count)s bids" is the page's business; this names the kind
    count: Callable[[list[int]], dict[int, int]]
    order: int = 100


_COUNTERS: dict[str, Counter] = {}


def register(counter: Counter) -> None:
    _COUNTERS[counter.key] = counter


def counters() -> list[Counter]:
    return sorted(_COUNTERS.values(), key=lambda c: (c.order, c.key))


def reuse_counts_for(ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{document id: {counter key: count}} for many documents: one query per counter."""
    ids = list(ids)
    result: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    if not ids:
        return result
    for counter in counters():
        for pk, count in counter.count(ids).items():
            if pk in result and count:
                result[pk][counter.key] = count
    return result


def reuse_counts(document: Any) -> dict[str, int]:
    return reuse_counts_for([document.pk])[document.pk]
