"""Reading the index: search() for the results page and the API, suggest() for the box.

Every hit, count and facet is limited in the database to what the user may see: for each
registered type, `type = X AND object_id IN (<that source's visible(user) queryset>)` (or
just `type = X` when visible() is None) is ANDed with the full-text match before LIMIT,
COUNT and facets. A type the user sees nothing of drops out. A fixed number of queries runs
whatever the rows: one walk over the newest matches (the count, the type tabs and the facets
come from its rows), one for the page of hits (two with a type filter on a capped set).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from presales.search import highlight, registry, text
from presales.search.backends import get_backend
from presales.search.models import SearchFacet

# A query matching more visible rows than this is counted as "1000+", and only the newest
# COUNT_MAX of them (by entry id) are ranked and counted in the facets: ranking every one of
# 10,000 matches of a common word costs more than a page may (bench/search.py).
COUNT_MAX = 1000
FACET_VALUES_MAX = 10
PER_PAGE_MAX = 100
PAGE_MAX = 50
FACETS = ("type", "library", "product", "industry", "year")


@dataclass(frozen=True)
class Hit:
    type: str
    type_label: str
    object_id: int
    title: str
    title_html: SafeString
    snippet_html: SafeString
    url: str
    score: float
    flags: tuple[str, ...]
    library: str
    product: str
    industry: str
    year: int | None
    updated_at: datetime | None


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    total_capped: bool = False  # more than COUNT_MAX matches: show "1000+"

    @property
    def total_display(self) -> str:
        return f"{COUNT_MAX}+" if self.total_capped else str(self.total)


def _visibility(user, backend) -> tuple[str, list]:
    clauses, params = [], []
    for source in registry.sources():
        visible = source.visible(user)
        if visible is None:
            clauses.append("e.type = %s")
            params.append(source.type)
            continue
        if visible.query.is_empty():  # .none(): nothing to compile
            continue
        # An IN subquery's order is meaningless; compiling the model's default ordering (joins
        # included) costs more than the rest of the subquery's SQL.
        if not visible.query.is_sliced and not visible.query.distinct_fields:
            visible = visible.order_by()
        if not visible.query.values_select:
            visible = visible.values("pk")
        try:
            sql, sub_params = visible.query.sql_with_params()
        except EmptyResultSet:
            continue
        clauses.append(f"(e.type = %s AND {backend.object_id_sql} IN ({sql}))")
        params += [source.type, *sub_params]
    if not clauses:
        return "", []
    return "(" + " OR ".join(clauses) + ")", params


def _filters(types: Sequence[str], facets: Mapping[str, str] | None) -> tuple[list[str], list, list[str], list]:
    """(conditions, params) of the facet filters and, apart, of the type filter."""
    where, params = [], []
    for facet, value in (facets or {}).items():
        if facet in FACETS[1:] and value and len(str(value)) <= 200:
            where.append("e.id IN (SELECT f.entry_id FROM search_searchfacet f WHERE f.facet = %s AND f.value = %s)")
            params += [facet, str(value)]
    known = [t for t in dict.fromkeys(types) if registry.get(t)]
    type_where, type_params = [], []
    if known:
        type_where.append("e.type IN (" + ", ".join(["%s"] * len(known)) + ")")
        type_params = known
    return where, params, type_where, type_params


def _hits(rows, query: text.Query) -> list[Hit]:
    regex = highlight.pattern(query.words)
    hits = []
    for row in rows:
        (_id, type, object_id, title, body, url, library, product, industry, year, flags, updated_at, score) = row
        source = registry.get(type)
        if isinstance(updated_at, str):  # SQLite raw rows: UTC, as Django stores them
            updated_at = datetime.fromisoformat(updated_at)
        if updated_at is not None and timezone.is_naive(updated_at):
            updated_at = timezone.make_aware(updated_at, UTC)
        hits.append(
            Hit(
                type=type,
                type_label=str(source.label) if source else type,
                object_id=object_id,
                title=title,
                title_html=highlight.title_html(title, regex),
                snippet_html=highlight.snippet_html(body, regex),
                url=url,
                score=float(score or 0),
                flags=tuple(flags.split()),
                library=library,
                product=product,
                industry=industry,
                year=year,
                updated_at=updated_at,
            )
        )
    return hits


_WALK_COLUMNS = "e.type, e.library, e.industry, e.product, e.year"
_COLUMNS = (
    "e.id, e.type, e.object_id, e.title, substr(e.body, 1, 20000), e.url, e.library, e.product, e.industry,"
    " e.year, e.flags, e.updated_at"
)


def _candidates(backend, where: list[str], params: list, limit: int) -> str:
    """SQL of the smallest entry id among the newest `limit` matches (0 when none)."""
    return (
        f"(SELECT coalesce(min(c.id), 0) FROM (SELECT {backend.rowid_sql} AS id FROM {backend.source_sql}"
        f" WHERE {' AND '.join(where)} ORDER BY {backend.rowid_sql} DESC LIMIT {int(limit)}) c)"
    )


def _run_hits(
    backend,
    query: text.Query,
    where: list[str],
    params: list,
    limit: int,
    offset: int,
    ids: list[int] | None,
    capped: bool = False,
) -> list:
    """One page of hits among the matches `ids` (None: the newest COUNT_MAX, found in the same
    query): rows holding the words as typed before rows found only through a synonym, then by
    relevance, ties by entry id."""
    source_sql, rowid_sql = backend.source_sql, backend.rowid_sql
    if ids is None:
        bound, bound_params = _candidates(backend, where, params, COUNT_MAX), list(params)
    else:
        bound, bound_params = "%s", [min(ids)]
        # The matches are known: no second visibility test, only the rank (bm25 on SQLite still
        # needs its MATCH, bounded by the ids; a capped set ranked without bm25 does not).
        in_sql, in_params = backend.ids_sql(ids)
        if backend.rank_by_ids:
            where, params = [in_sql], in_params
        elif capped and backend.capped_by_title:
            where, params = [in_sql], in_params
            source_sql, rowid_sql = "search_searchentry e", "e.id"
        else:
            match_sql, match_params = backend.condition(query)
            where, params = [match_sql, in_sql], [*match_params, *in_params]
    by_title = capped and backend.capped_by_title
    score_sql, score_params = backend.capped_score(query) if by_title else backend.score(query)
    if by_title and backend.typed_uses_cutoff:
        score_sql = score_sql.replace("rowid >= %s", f"rowid >= {bound}")
        score_params = [*score_params, *bound_params]
    if query.has_synonyms:
        typed, typed_params = backend.typed(query.as_typed())
        if backend.typed_uses_cutoff:
            typed = typed.replace("rowid >= %s", f"rowid >= {bound}")
            typed_params = [*typed_params, *bound_params]
    else:
        typed, typed_params = "1", []
    order = f"typed DESC, score DESC, id{' DESC' if by_title else ''}"
    # The page is chosen over ids and scores only; its rows' text is read for those alone.
    sql = (
        f"SELECT {_COLUMNS}, page.score FROM (SELECT e.id AS id, {score_sql} AS score, {typed} AS typed"
        f" FROM {source_sql} WHERE {' AND '.join(where)} AND {rowid_sql} >= {bound}"
        f" ORDER BY {order} LIMIT %s OFFSET %s) page JOIN search_searchentry e ON e.id = page.id"
        f" ORDER BY {order.replace('typed', 'page.typed').replace('score', 'page.score').replace('id', 'page.id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*score_params, *typed_params, *params, *bound_params, limit, offset])
        return cursor.fetchall()


def search(
    user,
    q: str,
    *,
    types: Sequence[str] = (),
    facets: Mapping[str, str] | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """The visible matches of `q`, best first (ties by entry id, so both back-ends agree),
    one page of them, their count and facets."""
    query = text.parse(q or "")
    results = SearchResults(query=q or "")
    backend = get_backend()
    visibility, vis_params = _visibility(user, backend)
    if not query or not visibility:
        return results
    match_sql, match_params = backend.condition(query)
    per_page = min(max(int(per_page or 20), 1), PER_PAGE_MAX)
    page = min(max(int(page or 1), 1), PAGE_MAX)
    facet_where, facet_params, type_where, type_params = _filters(types, facets)
    base = [match_sql, visibility, *facet_where]
    base_params = [*match_params, *vis_params, *facet_params]
    newest = backend.rowid_sql
    if hasattr(backend, "newest_order_sql"):  # the plan chosen per query (PostgreSQL)
        sees_all = " IN (" not in visibility  # no source's visibility subquery
        newest = backend.newest_order_sql(query, sees_all)
        if not sees_all and newest == backend.rowid_sql:
            # Walking the newest rows: test the (hashed) visibility first, so that only the
            # visible rows' tsvectors are read. CASE fixes that order; the planner would test
            # the cheap-looking @@ first, on every row walked.
            base = [f"CASE WHEN {visibility} THEN {match_sql} ELSE false END", *facet_where]
            base_params = [*vis_params, *match_params, *facet_params]
    where, params = base + type_where, base_params + type_params
    # The walk over the newest matches returns what the count, the type tabs and the facets need
    # (the facet columns are counted here: no second pass over the matches); on a back-end that
    # ranks in the walk also whether each row matches as typed and by its title, which is all a
    # capped set is ranked by.
    extra, extra_params = "", []
    if backend.rank_in_walk:
        typed_sql, typed_params = backend.typed(query.as_typed()) if query.has_synonyms else ("true", [])
        title_sql, title_params = backend.capped_score(query)
        extra, extra_params = f", {typed_sql}, {title_sql}", [*typed_params, *title_params]
    select = f"SELECT {backend.rowid_sql}, {_WALK_COLUMNS}{extra} FROM {backend.source_sql}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{select} WHERE {' AND '.join(base)} ORDER BY {newest} DESC LIMIT %s",
            [*extra_params, *base_params, COUNT_MAX + 1],
        )
        matched = cursor.fetchall()
        type_counts = Counter(row[1] for row in matched[:COUNT_MAX])
        if type_where and len(matched) > COUNT_MAX:  # the newest of the chosen types, apart
            cursor.execute(
                f"{select} WHERE {' AND '.join(where)} ORDER BY {newest} DESC LIMIT %s",
                [*extra_params, *params, COUNT_MAX + 1],
            )
            matched = cursor.fetchall()
        elif type_where:
            matched = [row for row in matched if row[1] in type_params]
    results.total_capped = len(matched) > COUNT_MAX
    matched = matched[:COUNT_MAX]
    ids = [row[0] for row in matched]
    results.total = len(ids)
    results.pages = math.ceil(results.total / per_page)
    results.page = min(page, max(results.pages, 1))
    if ids:
        offset = (results.page - 1) * per_page
        if results.total_capped and backend.rank_in_walk:
            # As typed first, then title matches, then the newest (as _run_hits orders a capped set).
            ranked = sorted(matched, key=lambda row: (not row[6], not row[7], -row[0]))[offset : offset + per_page]
            rows = _rows_of(backend, {row[0]: float(bool(row[7])) for row in ranked})
        else:
            rows = _run_hits(backend, query, where, params, per_page, offset, ids, results.total_capped)
        results.hits = _hits(rows, query)
    results.facets = _facets(matched, type_counts)
    return results


def _rows_of(backend, scores: dict[int, float]) -> list:
    """The hit columns of these entries, in the order of `scores` (id → score)."""
    in_sql, in_params = backend.ids_sql(list(scores))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_COLUMNS} FROM search_searchentry e WHERE {in_sql}", in_params)
        found = {row[0]: row for row in cursor.fetchall()}
    return [(*found[pk], score) for pk, score in scores.items() if pk in found]


def _facets(matched: list, type_counts: Counter) -> dict:
    """Counts per facet value over the visible matches (the walk's rows: id, type, library,
    industry, product, year; the type facet ignores the type filter, so the type tabs keep their
    numbers), the FACET_VALUES_MAX biggest of each, ties by value."""
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS[1:]}
    columns = Counter((row[2] or "", row[3] or "", row[4] or "", row[5]) for row in matched)
    for (library, industry, product, year), n in columns.items():  # few combinations, many rows
        for facet, value in SearchFacet.values_of(library, industry, product, year):
            counts[facet][value] += n
    rows = [("type", t, n) for t, n in type_counts.items()]
    for facet, counter in counts.items():
        best = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES_MAX]
        rows += [(facet, value, n) for value, n in best]
    order = {s.type: (s.order, s.type) for s in registry.sources()}
    result: dict[str, list[Facet]] = {facet: [] for facet in FACETS}
    labels = {facet: registry.facet_labels(facet) for facet in FACETS[1:]}
    for facet, value, n in rows:
        value = str(value)
        if facet == "type":
            source = registry.get(value)
            label = str(source.label) if source else value
        else:
            label = labels[facet].get(value, value)
        result[facet].append(Facet(value=value, label=label, count=n))
    result["type"].sort(key=lambda f: order.get(f.value, (999, f.value)))
    return result


def suggest(user, q: str, *, limit: int = 8) -> list[Hit]:
    """The first visible hits of what is typed so far (the last code run matches as a prefix),
    among the newest COUNT_MAX matches, title matches first: one query."""
    query = text.parse(q or "")
    backend = get_backend()
    visibility, vis_params = _visibility(user, backend)
    if not query or not visibility:
        return []
    match_sql, match_params = backend.condition(query)
    limit = min(max(int(limit or 8), 1), 20)
    rows = _run_hits(backend, query, [match_sql, visibility], [*match_params, *vis_params], limit, 0, None, True)
    return _hits(rows, query)
