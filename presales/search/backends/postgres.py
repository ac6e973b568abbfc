"""PostgreSQL full text: two stored generated tsvectors (migrations 0002 and 0008): `search_vector`
over the words and joined codes, `char_vector` over the stream of single characters; title and
keyword tokens weight A, body tokens weight B, config 'simple' so nothing is stemmed; each with
a GIN index, ranked by ts_rank_cd."""

from __future__ import annotations

import math
import time

from django.db import connection

from presales.search.text import Alternative, Phrase, Query, Term, is_cjk

source_sql = "search_searchentry e"
object_id_sql = "e.object_id"
rowid_sql = "e.id"
typed_uses_cutoff = False
rank_in_walk = True  # a capped set is ranked from the walk's rows (typed, title match)
rank_by_ids = True  # the page ranks the known matches: ts_rank_cd only, no second @@ filter
# Ranking a capped set (more than COUNT_MAX matches): ts_rank_cd over a thousand tsvectors
# costs more than the rest of the search; the newest COUNT_MAX are ranked by title (and
# keyword) matches first instead — `@@` with every lexeme restricted to weight A — as on SQLite.
capped_by_title = True

# Two vectors (migration 0008): the words and joined codes, and the stream of single characters.
WORDS, CHARS = "e.search_vector", "e.char_vector"


def ids_sql(ids: list[int], column: str = "e.id") -> tuple[str, list]:
    # The array as one text literal: psycopg adapts a list of 1,000 ints item by item in
    # Python (2 ms a query, bench/search.py); joining their digits costs a fiftieth of that.
    return f"{column} = ANY(CAST(%s AS bigint[]))", ["{" + ",".join(str(int(i)) for i in ids) + "}"]


def _lexeme(token: str) -> str:
    # A quoted lexeme of tsquery's input syntax: ' and \ escaped. Tokens hold only letters,
    # digits and Chinese characters; quoting keeps & | ! : ( ) <-> as text whatever comes.
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: Phrase, weights: str = "") -> str:
    lexemes = [_lexeme(t) + (":" + weights if weights else "") for t in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] = _lexeme(phrase.tokens[-1]) + ":*" + weights
    return "(" + " <-> ".join(lexemes) + ")"


def _vector(phrase: Phrase) -> str:
    """The vector a phrase is read from: characters in a row (a term of one or two characters, a
    word the dictionary does not know) from the character stream, words and codes from the words."""
    if not phrase.prefix and all(len(t) == 1 and is_cjk(t) for t in phrase.tokens):
        return CHARS
    return WORDS


def _test(vector: str, tsquery: str) -> tuple[str, list]:
    return f"{vector} @@ CAST(%s AS tsquery)", [tsquery]


def _alternative(alternative: Alternative, weights: str) -> tuple[str, list]:
    """All phrases of one alternative, one `@@` a vector."""
    parts, params = [], []
    for vector in (WORDS, CHARS):
        phrases = [_phrase(p, weights) for p in alternative if _vector(p) == vector]
        if phrases:
            sql, sql_params = _test(vector, " & ".join(phrases))
            parts.append(sql)
            params += sql_params
    return "(" + " AND ".join(parts) + ")", params


def _tsquery(terms: list[Term], weights: str) -> str:
    groups = []
    for term in terms:
        alternatives = ["(" + " & ".join(_phrase(p, weights) for p in alt) + ")" for alt in term]
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


def condition(query: Query, weights: str = "") -> tuple[str, list]:
    """The WHERE condition of `query` and its parameters: the terms read from the words in one
    `@@`, those read from the characters in another, and a term whose synonyms are read from
    both (纹波系数 = 纹波) as an OR of its alternatives. `weights` ("A") restricts every lexeme."""
    by_vector: dict[str, list[Term]] = {WORDS: [], CHARS: []}
    mixed: list[Term] = []
    for term in query.terms:
        vectors = {_vector(p) for alt in term for p in alt}
        if len(vectors) == 1:
            by_vector[vectors.pop()].append(term)
        else:
            mixed.append(term)
    parts, params = [], []
    for vector, terms in by_vector.items():
        if terms:
            sql, sql_params = _test(vector, _tsquery(terms, weights))
            parts.append(sql)
            params += sql_params
    for term in mixed:
        alternatives = [_alternative(alt, weights) for alt in term]
        parts.append("(" + " OR ".join(sql for sql, _p in alternatives) + ")")
        params += [p for _sql, alt_params in alternatives for p in alt_params]
    return "(" + " AND ".join(parts) + ")", params


def score(query: Query) -> tuple[str, list]:
    """ts_rank_cd of each vector the query reads, over that vector's phrases (normalisation 1:
    divided by 1 + log(length), as bm25 favours the shorter of two passages that match alike)."""
    parts, params = [], []
    for vector in (WORDS, CHARS):
        terms = []
        for term in query.terms:
            alternatives = [alt for alt in term if all(_vector(p) == vector for p in alt)]
            if alternatives:
                terms.append(tuple(alternatives))
        if not terms:
            continue
        if len(parts) or any(_vector(p) != vector for term in query.terms for alt in term for p in alt):
            # The query reads both vectors: each ranks by any of its phrases.
            tsquery = " | ".join(_phrase(p) for term in terms for alt in term for p in alt)
        else:
            tsquery = _tsquery(terms, "")
        parts.append(f"ts_rank_cd({vector}, CAST(%s AS tsquery), 1)")
        params.append(tsquery)
    return "(" + " + ".join(parts or ["0"]) + ")", params


def typed(query: Query) -> tuple[str, list]:
    """True when the entry matches `query` (the query as typed, without synonyms)."""
    return condition(query)


def capped_score(query: Query) -> tuple[str, list]:
    return condition(query, weights="A")


# Choosing the plan of the newest-matches query per query. Walking the primary key backwards and
# testing `@@` on every row reads about COUNT_MAX / (share of rows matching and visible) rows;
# the GIN index's bitmap reads every matching row once, then sorts. So walk when the query is
# common, use the index when it is rarer than sqrt(limit / (rows × visible share × GIN_ROW_COST)). The shares
# come from ANALYZE's statistics of the tsvectors (pg_stats.most_common_elems: the lexemes in
# more than about 1/1000 of the rows); a lexeme missing there is rarer than all of them. The
# statistics are read once per process every STATS_SECONDS; without them the walk is kept.
STATS_SECONDS = 300
RESTRICTED_SHARE = 0.1  # what a user who does not see every row is assumed to see
# A row from the index's bitmap costs about twice a row walked (the heap page is found again and
# the match rechecked): bench/search.py, `IMPS48/150` in a tenth of the rows, 24 ms by the index
# against 12 ms walked.
GIN_ROW_COST = 2.0
_stats: dict = {"at": None, "key": None, "rows": 0.0, "freqs": {}, "floor": {}}
_COLUMNS = {"search_vector": WORDS, "char_vector": CHARS}


def _statistics() -> dict:
    """{rows, freqs: {vector: {lexeme: share}}, floor: {vector: smallest share kept}}."""
    key = connection.settings_dict.get("NAME")
    now = time.monotonic()
    if _stats["at"] is None or _stats["key"] != key or now - _stats["at"] > STATS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.attname, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
                " AND s.tablename = c.relname AND s.attname IN ('search_vector', 'char_vector')"
                " WHERE c.oid = to_regclass('search_searchentry')"
            )
            rows = cursor.fetchall()
        _stats.update(at=now, key=key, rows=float(rows[0][0] or 0) if rows else 0.0, freqs={}, floor={})
        for _rows, column, elems, freqs in rows:
            if column in _COLUMNS and elems and freqs and len(freqs) >= len(elems) + 1:
                _stats["freqs"][_COLUMNS[column]] = dict(zip(elems, freqs[: len(elems)], strict=True))
                _stats["floor"][_COLUMNS[column]] = float(freqs[len(elems)])  # the smallest share kept
    return _stats


def _share(query: Query, stats: dict) -> float:
    def token(vector: str, t: str, prefix: bool) -> float:
        freqs, floor = stats["freqs"].get(vector, {}), stats["floor"].get(vector, 0.0)
        if prefix:
            return min(1.0, sum(f for e, f in freqs.items() if e.startswith(t)) or floor)
        return freqs.get(t, floor)

    def phrase(p: Phrase) -> float:
        vector = _vector(p)
        return min(token(vector, t, p.prefix and i == len(p.tokens) - 1) for i, t in enumerate(p.tokens))

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
    if len(stats["freqs"]) < len(_COLUMNS) or stats["rows"] <= 0:
        return rowid_sql
    from presales.search.selectors import COUNT_MAX

    visible = stats["rows"] * (1.0 if sees_all else RESTRICTED_SHARE)
    threshold = math.sqrt(COUNT_MAX / (visible * GIN_ROW_COST))
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
