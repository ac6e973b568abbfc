"""PostgreSQL full text: the stored generated column `search_vector` (migration 0002:
title and keyword tokens weight A, body tokens weight B, config 'simple' so nothing is
stemmed) with a GIN index, ranked by ts_rank_cd."""

from __future__ import annotations

from presales.search.text import Phrase, Query

source_sql = "search_searchentry e"
match_sql = "e.search_vector @@ CAST(%s AS tsquery)"
# 1: divide by 1 + log(length), as bm25 favours the shorter of two passages that match alike.
score_sql = "ts_rank_cd(e.search_vector, CAST(%s AS tsquery), 1)"
score_uses_match = True
rowid_sql = "e.id"
# true when the entry also matches the query without synonyms (its parameter: match(as_typed)).
typed_sql = "(e.search_vector @@ CAST(%s AS tsquery))"
typed_uses_cutoff = False
rank_by_ids = True  # the page ranks the known matches: ts_rank_cd only, no second @@ filter


capped_score_sql = None  # ts_rank_cd reads only the rows it ranks: no cheaper way needed


def ids_sql(ids: list[int], column: str = "e.id") -> tuple[str, list]:
    return f"{column} = ANY(%s)", [list(ids)]


def _lexeme(token: str) -> str:
    # A quoted lexeme of tsquery's input syntax: ' and \ escaped. Tokens hold only letters,
    # digits and Chinese characters; quoting keeps & | ! : ( ) <-> as text whatever comes.
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _phrase(phrase: Phrase) -> str:
    lexemes = [_lexeme(t) for t in phrase.tokens]
    if phrase.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def match(query: Query) -> str:
    terms = []
    for term in query.terms:
        alternatives = ["(" + " & ".join(_phrase(p) for p in alt) + ")" for alt in term]
        terms.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(terms)
