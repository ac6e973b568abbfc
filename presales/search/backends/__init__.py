"""The full-text back-ends behind one interface, chosen by the connection's vendor.

A back-end turns a parsed query (presales.search.text.Query) into its own syntax, every token
quoted, and says how to join the full-text match to `search_searchentry e`:

    source_sql          -> FROM clause giving `e` (the entry) and the match's table
    condition(query)    -> (SQL, params) of the WHERE condition (FTS5 MATCH / tsvector @@ tsquery)
    score(query)        -> (SQL, params) of the relevance, higher is better
    typed(query)        -> (SQL, params): true when the entry matches the query as typed
    capped_score(query) -> (SQL, params): true when the entry's title matches (ranks a capped set)
"""

from __future__ import annotations

from django.db import connection


def get_backend():
    if connection.vendor == "postgresql":
        from presales.search.backends import postgres

        return postgres
    if connection.vendor == "sqlite":
        from presales.search.backends import sqlite

        return sqlite
    raise NotImplementedError(f"presales.search has no back-end for {connection.vendor}")
