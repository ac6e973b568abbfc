"""SQLite FTS5: the external-content table `search_fts` over the entries' token columns
(migration 0002, kept in step by triggers), ranked by bm25 with the title ten times the body."""

from __future__ import annotations

from presales.search.text import Phrase, Query

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0

# The narrow covering index (migration 0004) gives each match's type and object id for the
# visibility test; the planner would otherwise read every matched entry's wide row.
# CROSS JOIN keeps the full-text match the outer loop.
source_sql = "search_fts CROSS JOIN search_searchentry e INDEXED BY search_entry_cover ON e.id = search_fts.rowid"
# `+` keeps SQLite from probing the index once per value of a visibility subquery (10,000 ids
# times every match): the subquery is built once and each match is looked up in it.
object_id_sql = "+e.object_id"
rowid_sql = "search_fts.rowid"  # the entry id, as FTS5 reads it in order and by range
# typed() and capped_score() end in `rowid >= %s`: the selectors put the page's cutoff there.
typed_uses_cutoff = True
rank_in_walk = False  # bm25 and the title match need their own MATCH, bounded by the cutoff
rank_by_ids = False  # bm25() needs the MATCH in its query: the matches are bounded by id instead


# Ranking a capped set (more than COUNT_MAX matches): bm25() scans every row holding each
# phrase for its statistics, which for a word in a fifth of 100,000 rows costs more than the
# page may. The newest COUNT_MAX are ranked instead by title (and keyword) matches first.
capped_by_title = True
_MATCH_FROM = "(e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s))"


def condition(query: Query) -> tuple[str, list]:
    """The WHERE condition of `query` and its parameter."""
    return "search_fts MATCH %s", [match(query)]


def score(query: Query) -> tuple[str, list]:
    return f"(-bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}))", []


def typed(query: Query) -> tuple[str, list]:
    """1 when the entry also matches `query` (as typed, without synonyms); the cutoff follows."""
    return _MATCH_FROM, [match(query)]


def capped_score(query: Query) -> tuple[str, list]:
    """1 when the entry's title (or keywords) match; the cutoff follows."""
    return _MATCH_FROM, ["{title_tokens} : (" + match(query) + ")"]


def ids_sql(ids: list[int], column: str = "e.id") -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _phrase(phrase: Phrase) -> str:
    # A phrase is a quoted string: inside it only `"` is special, doubled. Tokens hold only
    # letters, digits and Chinese characters already; quoting keeps AND/OR/NEAR/* as words.
    quoted = '"' + " ".join(t.replace('"', '""') for t in phrase.tokens) + '"'
    return quoted + " *" if phrase.prefix else quoted


def match(query: Query) -> str:
    terms = []
    for term in query.terms:
        alternatives = ["(" + " AND ".join(_phrase(p) for p in alt) + ")" for alt in term]
        terms.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(terms)


def optimize(cursor) -> None:
    """After a bulk (re)index: merge the FTS5 segments into one b-tree (a query reads one
    segment instead of dozens)."""
    cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
