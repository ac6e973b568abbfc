"""The full-text back-ends behind one interface, chosen by the connection's vendor.

A back-end turns a parsed query (presales.search.text.Query) into its own syntax, every token
quoted, and says how to join the full-text match to `search_searchentry e`:

    match(query)    -> the match expression's parameter (FTS5 MATCH string / tsquery text)
    source_sql      -> FROM clause giving `e` (the entry) and the match's table
    match_sql       -> the WHERE condition (one %s: the match parameter)
    score_sql       -> the relevance, higher is better (may use the match parameter: score_params)
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
