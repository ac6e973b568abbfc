"""search() and suggest() over the corpus: model codes, short queries, crafted queries,
highlighting, facets, paging and a fixed number of queries."""

from __future__ import annotations

import pytest

from presales.search import selectors
from presales.search.registry import Passage
from presales.search.selectors import search, suggest
from presales.search.services import write_passages
from presales.search.tests.conftest import CORPUS
from presales.search.tests.corpus import PASSAGES

TEXTS = {key: title + body for key, title, body in PASSAGES}


def keys(corpus, results) -> set[str]:
    names = {object_id: key for key, object_id in corpus.items()}
    return {names[h.object_id] for h in results.hits}


@pytest.mark.parametrize("typed", ["IMPS48/150", "imps48", "IMPS 48", "imps48/15", "IMPS-48"])
def test_model_code_variants_find_the_row(reader, corpus, typed):
    assert keys(corpus, search(reader, typed, types=[CORPUS])) == {"imps"}


def test_another_code_of_the_same_family_is_not_a_match(reader, corpus):
    assert keys(corpus, search(reader, "IMPS220", types=[CORPUS])) == {"imps-other"}


@pytest.mark.parametrize(
    ("q", "inside"),
    [
        ("屏", {"dc-panel", "ac-panel", "integrated", "screen", "dc-panel-quote"}),  # 直流屏, 交流屏, 拼接屏 …
        ("桩", {"charger"}),  # only inside 充电桩
        ("均流", {"current-share", "current-share-syn", "competitor"}),  # inside 均流不平衡度, 均流精度, 均流性能
        ("直流", {"dc-panel", "insulation", "standard"}),
        ("拼接", {"screen"}),
    ],
)
def test_one_and_two_character_queries_find_rows_containing_them_inside_words(reader, corpus, q, inside):
    found = keys(corpus, search(reader, q, types=[CORPUS], per_page=100))
    assert inside <= found
    for key in found:  # and nothing without them
        assert q in TEXTS[key]


@pytest.mark.parametrize(
    "crafted",
    ['"', "*", "AND(", ":", "'", "NEAR(直流 屏)", "a:*", "!", "&|<->", "\\", '"直流', "屏*", "OR", "()", "'; DROP"],
)
def test_crafted_queries_never_fail(reader, corpus, crafted):
    results = search(reader, crafted, types=[CORPUS])
    assert results.total >= 0
    suggest(reader, crafted)


def test_operators_typed_are_words_not_syntax(reader, corpus):
    assert keys(corpus, search(reader, "屏*", types=[CORPUS])) == keys(corpus, search(reader, "屏", types=[CORPUS]))
    assert search(reader, "OR", types=[CORPUS]).total == 0


def test_snippet_and_title_are_escaped_then_marked(reader, corpus):
    write_passages(
        CORPUS, {900: Passage(title="<b>直流屏</b>说明", body="前言<script>alert(1)</script>直流屏的纹波系数")}
    )
    (hit,) = [h for h in search(reader, "纹波系数 直流屏", types=[CORPUS]).hits if h.object_id == 900]
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<mark>直流屏</mark>" in hit.snippet_html and "<mark>纹波系数</mark>" in hit.snippet_html
    assert hit.title_html == "&lt;b&gt;<mark>直流屏</mark>&lt;/b&gt;说明"


def test_synonyms_find_and_mark_both_words(reader, corpus):
    results = search(reader, "纹波系数", types=[CORPUS])
    assert [keys(corpus, results)] == [{"ripple", "ripple-syn"}]
    assert results.hits[0].title == "纹波系数测试方法"  # the word as typed before its synonym
    assert "<mark>电压纹波</mark>" in results.hits[1].snippet_html


def test_snippet_is_a_window_around_the_match():
    from presales.search.highlight import pattern, snippet_html

    body = "前" * 500 + "纹波系数" + "后" * 500
    html = snippet_html(body, pattern(["纹波系数"]))
    assert html.startswith("…") and html.endswith("…") and "<mark>纹波系数</mark>" in html
    assert len(html) < 200


def test_facets_counted_over_matches(reader, corpus):
    write_passages(
        CORPUS,
        {
            901: Passage(title="储能柜方案甲", product="蓄电池,直流屏", year=2024, library="技术库"),
            902: Passage(title="储能柜方案乙", product="蓄电池", year=2025, library="技术库"),
        },
    )
    results = search(reader, "储能柜", types=[CORPUS])
    assert results.total == 2
    assert [(f.value, f.count) for f in results.facets["product"]] == [("蓄电池", 2), ("直流屏", 1)]
    assert [(f.value, f.count) for f in results.facets["year"]] == [("2024", 1), ("2025", 1)]
    assert [(f.value, f.count) for f in results.facets["type"]] == [(CORPUS, 2)]
    narrowed = search(reader, "储能柜", types=[CORPUS], facets={"year": "2025"})
    assert [h.object_id for h in narrowed.hits] == [902]
    assert search(reader, "储能柜", facets={"year": "x" * 500}).total == 2  # an absurd value is ignored


def test_paging_and_bounds(reader, corpus):
    everything = search(reader, "屏", types=[CORPUS], per_page=100)
    first = search(reader, "屏", types=[CORPUS], per_page=2, page=1)
    second = search(reader, "屏", types=[CORPUS], per_page=2, page=2)
    assert first.pages == -(-everything.total // 2)
    assert [h.object_id for h in first.hits + second.hits] == [h.object_id for h in everything.hits[:4]]
    beyond = search(reader, "屏", types=[CORPUS], per_page=2, page=10**9)
    assert beyond.page == beyond.pages
    assert search(reader, "屏", types=[CORPUS], per_page=10**9).hits  # capped, not an error


def test_count_is_capped(reader, corpus, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_MAX", 3)
    results = search(reader, "屏", types=[CORPUS])
    assert results.total == 3 and results.total_capped and results.total_display == "3+"


def test_empty_and_blank_queries_run_no_query(reader, corpus, django_assert_num_queries):
    search(reader, "屏")  # the words' version is checked once in a while: out of the count
    with django_assert_num_queries(0):
        assert search(reader, "   ").total == 0
        assert suggest(reader, "！？") == []


def test_a_fixed_number_of_queries_whatever_the_rows(reader, corpus, django_assert_max_num_queries):
    search(reader, "屏")
    with django_assert_max_num_queries(3):
        search(reader, "屏", per_page=50)
    write_passages(CORPUS, {1000 + n: Passage(title=f"直流屏{n}", body="直流屏" * n) for n in range(60)})
    with django_assert_max_num_queries(3):
        assert len(search(reader, "屏", per_page=50).hits) == 50
    with django_assert_max_num_queries(1):
        assert len(suggest(reader, "直流屏")) == 8


def test_suggest_matches_what_is_typed_so_far(reader, corpus):
    assert [h.title for h in suggest(reader, "IMPS4")] == ["IMPS48/150充电模块选型"]
    assert suggest(reader, "拼接")[0].title == "大屏显示系统"


def test_a_hit_carries_its_facets_flags_and_time(reader, corpus):
    from datetime import UTC, datetime

    at = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    write_passages(
        CORPUS,
        {950: Passage(title="过期的储能柜资料", flags=("expired",), updated_at=at, library="技术库", year=2025)},
    )
    (hit,) = search(reader, "过期的储能柜资料", types=[CORPUS]).hits
    assert (hit.flags, hit.updated_at, hit.library, hit.year) == (("expired",), at, "技术库", 2025)
    assert hit.type_label == "语料"
