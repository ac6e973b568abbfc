"""Segmentation: the user dictionary keeps domain words whole, codes split into runs the same
way at index and query time, synonyms widen a term, and admins' changes apply at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from presales.search import text
from presales.search.models import SearchWord, SynonymGroup
from presales.search.text import Phrase

pytestmark = pytest.mark.django_db


def words(passage: str) -> list[str]:
    return text.tokens(passage).split()


def test_seeded_domain_words_stay_whole():
    tokens = words("技术偏差表和一体化电源系统的绝缘监测")
    for word in ("技术偏差表", "偏差表", "一体化电源系统", "一体化电源", "绝缘监测"):
        assert word in tokens


def test_characters_follow_the_words_for_short_queries():
    tokens = words("直流屏")
    assert tokens[-3:] == ["直", "流", "屏"]
    assert "直流屏" in tokens


@pytest.mark.parametrize(
    ("typed", "joined"),
    [
        ("IMPS48/150", "imps48150"),
        ("imps48", "imps48"),
        ("IMPS 48", "imps48"),
        ("ＩＭＰＳ４８", "imps48"),  # full-width, as an IME types it
        ("DL/T 5044", "dlt5044"),
        ("48/150", "48150"),
    ],
)
def test_model_codes_are_their_runs_joined_matched_as_a_prefix(typed, joined):
    query = text.parse(typed)
    assert query.terms == (((Phrase((joined,), prefix=True),),),)
    indexed = words("电源模块 IMPS48/150 DL/T 5044—2014")
    assert any(token.startswith(joined) for token in indexed)


def test_a_code_is_indexed_as_runs_and_joined_from_each_run():
    indexed = words("电源模块 IMPS48/150，馈线 ZHDCS220")
    assert {"imps", "48", "150", "imps48150", "48150", "zhdcs220"} <= set(indexed)
    assert "150zhdcs220" not in indexed  # the comma ends the code


def test_separate_codes_stay_separate_terms():
    assert len(text.parse("ZHDCS220 IMPS48").terms) == 2


def test_words_of_a_query_are_all_required_terms():
    query = text.parse("直流屏 蓄电池")
    assert len(query.terms) == 2
    assert query.terms[1][0] == (Phrase(("蓄电池",)),)


def test_one_and_two_characters_are_character_phrases():
    assert text.parse("屏").terms == (((Phrase(("屏",)),),),)
    assert text.parse("均流").terms == (((Phrase(("均", "流")),),),)


def test_a_synonym_group_widens_the_term():
    (term,) = text.parse("纹波系数").terms
    assert term == ((Phrase(("纹波系数",)),), (Phrase(("电压纹波",)),))
    assert set(text.parse("均流精度").words) == {"均流精度", "均流不平衡度"}


def test_a_word_added_by_an_admin_is_used_at_once():
    assert "绝缘电阻表" not in words("绝缘电阻表校验")
    SearchWord.objects.create(word="绝缘电阻表")
    assert "绝缘电阻表" in words("绝缘电阻表校验")


def test_a_removed_word_is_cut_again():
    SearchWord.objects.create(word="蓄电池巡检仪")
    assert "蓄电池巡检仪" in words("蓄电池巡检仪")
    SearchWord.objects.filter(word="蓄电池巡检仪").delete()
    text.invalidate()  # a queryset delete sends post_delete per row; say it plainly anyway
    assert "蓄电池巡检仪" not in words("蓄电池巡检仪")


def test_a_synonym_group_added_by_an_admin_is_used_at_once():
    SynonymGroup.objects.create(terms="充电机 = 充电模块")
    assert "充电模块" in text.parse("充电机").words


def test_a_synonym_group_needs_two_terms():
    with pytest.raises(ValidationError):
        SynonymGroup(terms="纹波系数").full_clean()
    with pytest.raises(ValidationError):
        SynonymGroup(terms="纹波系数 = 纹波系数").full_clean()
    group = SynonymGroup(terms="纹波系数，电压纹波 = 纹波")
    group.full_clean()
    assert group.terms == "纹波系数 = 电压纹波 = 纹波"


def test_a_dictionary_word_is_one_word():
    with pytest.raises(ValidationError):
        SearchWord(word="直流 屏").full_clean()


@pytest.mark.parametrize("crafted", ['"', "*", "AND(", ":", "'", "NEAR(a b)", "a:*", "!", "&|<->", "\\", "-", "()"])
def test_crafted_queries_parse_to_quoted_tokens_or_nothing(crafted):
    for term in text.parse(crafted).terms:
        for alternative in term:
            for phrase in alternative:
                assert all(token.isalnum() for token in phrase.tokens)
