"""Click-to-sort for list pages: one whitelist of sort keys per list, read from `?sort=`.

A list declares its keys (`Sorting({"code": ("code",), "created": ("created_at",)},
default="-created")`); `?sort=code` sorts ascending, `?sort=-code` descending. Anything else
— an unknown key, a field name, a crafted value — falls back to the list's default, never
an error. Every key orders by its own columns and then by the primary key, so pages never
shuffle rows of equal value. Each key's first column carries an index (the lists' models).

The column heads (`{% sort_head "code" _("Code") %}`, presales.lib.templatetags.sorting)
link to the other direction and keep the other query parameters (filters, search); the
page number is dropped, a new order starts at page one. The export links keep `sort`, so a
spreadsheet comes in the order the list shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import HttpRequest

PARAM = "sort"


@dataclass(frozen=True)
class Sorting:
    keys: dict[str, tuple]  # key → the fields (names or expressions) it orders by, ascending
    default: str  # a key, "-" in front for descending

    def chosen(self, value: str | None) -> str:
        """The key asked for when whitelisted, else the default."""
        value = (value or "").strip()
        key = value[1:] if value.startswith("-") else value
        return value if key in self.keys else self.default

    def order_by(self, key: str) -> list:
        descending = key.startswith("-")
        fields = []
        for field in (*self.keys[key.lstrip("-")], "pk"):
            expression = F(field) if isinstance(field, str) else field
            # No NULLS FIRST/LAST: a plain direction is what a b-tree index serves both ways.
            fields.append(expression.desc() if descending else expression.asc())
        return fields


@dataclass(frozen=True)
class SortState:
    """What the column heads need: the key in force and the other query parameters."""

    current: str
    query: str  # the query string without `sort` and `page`

    @property
    def key(self) -> str:
        return self.current.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.current.startswith("-")


def sort_rows(request: HttpRequest, rows: QuerySet, sorting: Sorting) -> tuple[QuerySet, SortState]:
    """`rows` in the order `?sort=` asks for (whitelisted) and the state for the column heads."""
    current = sorting.chosen(request.GET.get(PARAM))
    query = request.GET.copy()
    query.pop(PARAM, None)
    query.pop("page", None)
    return rows.order_by(*sorting.order_by(current)), SortState(current=current, query=query.urlencode())
