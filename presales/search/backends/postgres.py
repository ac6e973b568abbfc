"""PostgreSQL full text: the stored generated column `search_vector` (migration 0002:
title and keyword tokens weight A, body tokens weight B, config 'simple' so nothing is
stemmed) with a GIN index, ranked by ts_rank_cd."""

from __future__ import annotations

import math
import time

from django.db import connection

from presales.search.text import Phrase, Query

source_sql = "search_searchentry e"
object_id_sql = "e.object_id"
match_sql = "e.search_vector @@ CAST(%s AS tsquery)"
# 1: divide by 1 + log(length), as bm25 favours the shorter of two passages that match alike.
score_sql = "ts_rank_cd(e.search_vector, CAST(%s AS tsquery), 1)"
score_uses_match = True
rowid_sql = "e.id"
# true when the entry also matches the query without synonyms (its parameter: match(as_typed)).
typed_sql = "(e.search_vector @@ CAST(%s AS tsquery))"
typed_uses_cutoff = False
rank_by_ids = True  # the page ranks the known matches: ts_rank_cd only, no second @@ filter


# Ranking a capped set (more than COUNT_MAX matches): ts_rank_cd over a thousand tsvectors
# costs more than the rest of the search; the newest COUNT_MAX are ranked by title (and
# keyword) matches first instead — `@@` with every lexeme restricted to weight A — as on SQLite.
capped_score_sql = "(e.search_vector @@ CAST(%s AS tsquery))"


def ids_sql(ids: list[int], column: str = "e.id") -> tuple[str, list]:
    return f"{column} = ANY(%s)", [list(ids)]


def _lexeme(token: str) -> str:
    # A quoted lexeme of tsquery's input syntax: ' and \ escaped. Tokens hold only letters,
    # digits and Chinese characters; quoting keeps & | ! : ( ) <-> as text whatever comes.
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: Phrase, weights: str = "") -> str:
    lexemes = [_lexeme(t) + (":" + weights if weights else "") for t in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] = _lexeme(phrase.tokens[-1]) + ":*" + weights
    return "(" + " <-> ".join(lexemes) + ")"


def match(query: Query, weights: str = "") -> str:
    """The tsquery text of `query`; `weights` ("A") restricts every lexeme to those weights."""
    terms = []
    for term in query.terms:
        alternatives = ["(" + " & ".join(_phrase(p, weights) for p in alt) + ")" for alt in term]
        terms.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(terms)


def title_match(query: Query) -> str:
    return match(query, weights="A")


# Choosing the plan of the newest-matches query per query. Walking the primary key backwards and
# testing `@@` on every row reads about COUNT_MAX / (share of rows matching and visible) rows;
# the GIN index's bitmap reads every matching row once, then sorts. So walk when the query is
# common, use the index when it is rarer than sqrt(limit / (rows × visible share)). The shares
# come from ANALYZE's statistics of the tsvector (pg_stats.most_common_elems: the lexemes in
# more than about 1/1000 of the rows); a lexeme missing there is rarer than all of them. The
# statistics are read once per process every STATS_SECONDS; without them the walk is kept.
STATS_SECONDS = 300
RESTRICTED_SHARE = 0.1  # what a user who does not see every row is assumed to see
_stats: dict = {"at": None, "key": None, "rows": 0.0, "freqs": {}, "floor": 0.0}


def _statistics() -> dict:
    key = connection.settings_dict.get("NAME")
    now = time.monotonic()
    if _stats["at"] is None or _stats["key"] != key or now - _stats["at"] > STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
                " AND s.tablename = c.relname AND s.attname = 'search_vector'"
                " WHERE c.oid = to_regclass('search_searchentry')"
            )
            row = cursor.fetchone()
        rows, elems, freqs = row if row else (0, None, None)
        _stats.update(at=now, key=key, rows=float(rows or 0), freqs={}, floor=0.0)
        if elems and freqs and len(freqs) >= len(elems) + 1:
            _stats["freqs"] = dict(zip(elems, freqs[: len(elems)], strict=True))
            _stats["floor"] = float(freqs[len(elems)])  # the smallest share kept
    return _stats


def _share(query: Query, stats: dict) -> float:
    freqs, floor = stats["freqs"], stats["floor"]

    def token(t: str, prefix: bool) -> float:
        if prefix:
            return min(1.0, sum(f for e, f in freqs.items() if e.startswith(t)) or floor)
        return freqs.get(t, floor)

    def phrase(p: Phrase) -> float:
        return min(token(t, p.prefix and i == len(p.tokens) - 1) for i, t in enumerate(p.tokens))

    def term(alternatives) -> float:
        return min(1.0, sum(min(phrase(p) for p in alt) for alt in alternatives))

    return math.prod(term(t) for t in query.terms)  # terms taken as independent


def newest_order_sql(query: Query, sees_all: bool) -> str:
    """The ORDER BY expression of the newest-matches query: `e.id` lets the planner walk the
    primary key; `e.id + 0` makes it use the GIN index and sort (a rare query)."""
    try:
        stats = _statistics()
    except Exception:  # no statistics (a fresh database): keep the walk
        return rowid_sql
    if not stats["freqs"] or stats["rows"] <= 0:
        return rowid_sql
    from presales.search.selectors import COUNT_MAX

    visible = stats["rows"] * (1.0 if sees_all else RESTRICTED_SHARE)
    threshold = math.sqrt(COUNT_MAX / visible)
    if any(len(p.tokens) > 1 for term in query.terms for alt in term for p in alt):
        # A phrase (tokens in a row) has the index's matches rechecked, each tsvector read as on
        # the walk, which tests visibility first (selectors): a common phrase is walked.
        threshold = min(threshold, 1.5 * math.sqrt(COUNT_MAX / stats["rows"]))
    if _share(query, stats) < threshold:
        return f"({rowid_sql} + 0)"
    return rowid_sql


def optimize(cursor) -> None:
    """After a bulk (re)index: nothing beyond fresh statistics (the GIN index needs no merge;
    its pending list is flushed by VACUUM/autovacuum)."""
