"""The same corpus and queries give the same top three on SQLite and PostgreSQL (the suite runs
on whichever DATABASE_URL names; CI runs both), and each query's intended passage first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presales.search.selectors import search
from presales.search.tests.conftest import CORPUS
from presales.search.tests.corpus import QUERIES

EXPECTED = json.loads((Path(__file__).parent / "expected_top3.json").read_text(encoding="utf-8"))


def top3(reader, corpus, q: str) -> list[str]:
    keys = {object_id: key for key, object_id in corpus.items()}
    return [keys[h.object_id] for h in search(reader, q, types=[CORPUS], per_page=3).hits]


def test_every_query_has_a_stored_expectation():
    assert len(QUERIES) >= 20
    assert sorted(EXPECTED) == sorted(q for q, _key in QUERIES)


@pytest.mark.parametrize(("q", "intended"), QUERIES)
def test_intended_passage_first_and_top3_as_stored(reader, corpus, q, intended):
    found = top3(reader, corpus, q)
    assert found[:1] == [intended]
    assert found == EXPECTED[q]
