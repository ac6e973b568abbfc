"""The search pages: /search/ (results with type tabs, facets and pages) and /search/suggest/
(the navigation box's dropdown, as the user types).

Thin: the query is read and bounded here (`read_query`), the search itself and every rule of
who sees what are presales.search.selectors. A query longer than SEARCH_MAX is cut, as every
list's search is; a page, year or type that is not one gives the page with a message and
status 400, never a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseNotAllowed, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from presales.lib.paging import SEARCH_MAX
from presales.search import registry, selectors

_DIGITS = re.compile(r"[0-9]+")
PER_PAGE = 20
SUGGEST_LIMIT = 8
PAGE_MAX = selectors.PAGE_MAX  # as deep as the search reads (its counts stop at COUNT_MAX)
YEAR_MIN, YEAR_MAX = 1900, 2100
FACET_VALUE_MAX = 200  # a library, product or industry value as the facet links carry it
# The side column's facets, in order, with their headings (type is the tabs above the results).
FACETS = (
    ("library", gettext_lazy("Library")),
    ("product", gettext_lazy("Product")),
    ("industry", gettext_lazy("Industry")),
    ("year", gettext_lazy("Year")),
)


@dataclass
class Query:
    q: str = ""
    type: str = ""
    facets: dict[str, str] = field(default_factory=dict)
    page: int = 1
    errors: list[str] = field(default_factory=list)


def _one(params: QueryDict, name: str) -> str:
    """The last value of a parameter, stripped (a repeated one counts once, as in a form)."""
    return (params.get(name) or "").strip()


def whole_number(value: str, digits: int) -> bool:
    """A whole number in ASCII digits, at most `digits` long (int() would take "٣" or "1_0")."""
    return len(value) <= digits and bool(_DIGITS.fullmatch(value))


def read_query(params: QueryDict) -> Query:
    """The search as asked in the address, bounded; `errors` says what could not be used."""
    query = Query(q=_one(params, "q").replace("\x00", "")[:SEARCH_MAX])
    kind = _one(params, "type")
    if kind:
        if registry.get(kind) is None:
            query.errors.append(_("There is no such type of result."))
        else:
            query.type = kind
    for name, _label in FACETS:
        value = _one(params, name)
        if not value:
            continue
        if name == "year":
            if not whole_number(value, 4) or not YEAR_MIN <= int(value) <= YEAR_MAX:
                query.errors.append(
                    _("The year must be a whole number from %(low)d to %(high)d.") % {"low": YEAR_MIN, "high": YEAR_MAX}
                )
                continue
        query.facets[name] = value[:FACET_VALUE_MAX]
    page = _one(params, "page") or "1"
    if not whole_number(page, 6) or not 1 <= int(page) <= PAGE_MAX:
        query.errors.append(_("The page must be a whole number from 1 to %(high)d.") % {"high": PAGE_MAX})
    else:
        query.page = int(page)
    return query


def _link(query: Query, **changes: str | None) -> str:
    """The address of this search with some parameters set (a value) or removed (None);
    every change goes back to page 1."""
    params = QueryDict(mutable=True)
    values = {"q": query.q, "type": query.type, **query.facets, **changes}
    for name in ("q", "type", *(name for name, _label in FACETS)):
        if values.get(name):
            params[name] = values[name]
    return f"?{params.urlencode()}"


def _type_tabs(query: Query, results) -> list[dict]:
    counts = {facet.value: facet.count for facet in results.facets.get("type", [])}
    tabs = [
        {"label": _("All"), "count": sum(counts.values()), "url": _link(query, type=None), "active": not query.type}
    ]
    for source in registry.sources():
        count = counts.get(source.type, 0)
        if count or source.type == query.type:
            tabs.append(
                {
                    "label": source.label,
                    "count": count,
                    "url": _link(query, type=source.type),
                    "active": source.type == query.type,
                    "type": source.type,
                }
            )
    return tabs


def _side_facets(query: Query, results) -> list[dict]:
    """Each facet with a link per value that adds (or, when active, removes) the filter."""
    columns = []
    for name, heading in FACETS:
        values = []
        for facet in results.facets.get(name, []):
            active = query.facets.get(name) == str(facet.value)
            values.append(
                {
                    "label": facet.label,
                    "count": facet.count,
                    "active": active,
                    "url": _link(query, **{name: None if active else str(facet.value)}),
                }
            )
        if values:
            columns.append({"name": name, "heading": heading, "values": values})
    return columns


def _active_filters(query: Query, results) -> list[dict]:
    """The chips above the results: one per filter in use, each with the link that removes it."""
    chips = []
    if query.type:
        chips.append({"heading": _("Type"), "label": registry.get(query.type).label, "url": _link(query, type=None)})
    for name, heading in FACETS:
        if name in query.facets:
            value = query.facets[name]
            label = next((f.label for f in results.facets.get(name, []) if str(f.value) == value), None)
            label = label or registry.facet_labels(name).get(value, value)
            chips.append({"heading": heading, "label": label, "url": _link(query, **{name: None})})
    return chips


@login_required
@require_GET
def search_page(request: HttpRequest):
    query = read_query(request.GET)
    context = {"nav": "search", "q": query.q, "query": query, "results": None, "errors": query.errors}
    if query.errors:
        return render(request, "search/results.html", context, status=400)
    if query.q:
        results = selectors.search(
            request.user,
            query.q,
            types=(query.type,) if query.type else (),
            facets=query.facets,
            page=query.page,
            per_page=PER_PAGE,
        )
        context.update(
            results=results,
            tabs=_type_tabs(query, results),
            facets=_side_facets(query, results),
            chips=_active_filters(query, results),
            pager_query=_link(query)[1:],
            first_result=(results.page - 1) * PER_PAGE + 1 if results.total else 0,
        )
    return render(request, "search/results.html", context)


def suggest(request: HttpRequest):
    """The navigation box's dropdown: the top hits for what is typed so far ("" shows none).
    Signed out meanwhile (the session expired on an open page): the whole page goes to the
    log-in, coming back to where it was — not the log-in page inside the dropdown."""
    if not request.user.is_authenticated:
        if request.htmx:
            back = request.htmx.current_url_abs_path or "/"
            return HttpResponseClientRedirect(redirect_to_login(back)["Location"])
        return redirect_to_login(request.get_full_path())
    if request.method != "GET":  # after the log-in check: a signed-out POST goes to the log-in like every page
        return HttpResponseNotAllowed(["GET"])
    q = _one(request.GET, "q").replace("\x00", "")[:SEARCH_MAX]
    hits = selectors.suggest(request.user, q, limit=SUGGEST_LIMIT) if q else []
    return render(request, "search/_suggest.html", {"hits": hits, "q": q})
