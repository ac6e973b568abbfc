"""The matcher's contract (interface 5): ranked approved entries with confidence and reasons,
the deviation computed from the values or stated, "to_confirm" below the threshold, a fixed
number of queries, nothing for an account without a role."""

from __future__ import annotations

import pytest

from presales.answers import matching, services


@pytest.fixture
def library(make_entry, keeper, video, rectifier):
    return {
        "efficiency": make_entry("整流模块效率不小于93%", "本模块效率≥95%", approve_by=keeper, products=[rectifier]),
        "ripple": make_entry("纹波系数不大于0.5%", "纹波系数≤0.2%", approve_by=keeper),
        "infrared": make_entry("摄像机红外距离", "红外距离50m", category=video, approve_by=keeper),
        "storage": make_entry("录像存储时间", "录像存储≥30天", category=video, approve_by=keeper, deviation="positive"),
        "draft": make_entry("整流模块效率要求", "草稿"),
    }


def test_ranked_with_reasons_and_deviation(library, rep):
    texts = ["★5.1.2 整流模块效率应不低于93%", "电压纹波应不大于0.5%", "红外照射距离不小于80m"]
    results = matching.match_clauses(texts, user=rep)
    assert [r[0].code for r in results] == [library[k].code for k in ("efficiency", "ripple", "infrared")]
    best = results[0][0]
    assert 0 < best.score <= 1 and best.requirement == "整流模块效率不小于93%" and best.answer == "本模块效率≥95%"
    assert any("效率" in reason for reason in best.reasons)
    assert all(m.code != library["draft"].code for r in results for m in r)  # drafts are never matched
    code, reason = matching.deviation_for(texts[0], best)
    assert code == "positive" and reason
    assert matching.deviation_for(texts[2], results[2][0])[0] == "negative"  # 50 m offered, 80 m asked


def test_no_match_or_weak_match_is_to_confirm(library, rep):
    results = matching.match_clauses(["投标人须具备CMMI五级认证", "整流"], user=rep)
    assert results[0] == [] or results[0][0].score < matching.CONFIDENT
    assert matching.deviation_for("x", None)[0] == "to_confirm"
    weak = matching.Match(entry_id=1, code="X", score=matching.CONFIDENT - 0.01, answer="", deviation="none")
    assert matching.deviation_for("x", weak)[0] == "to_confirm"


def test_stated_deviation_when_no_values(library, rep):
    match = matching.match_clauses(["录像存储时间满足要求"], user=rep)[0][0]
    assert match.code == library["storage"].code
    assert matching.deviation_of("录像存储时间满足要求", match)[0] == "positive"


def test_products_of_the_bid_rank_first(make_entry, keeper, rectifier, rep):
    other = make_entry("整流模块效率", "效率≥94%", approve_by=keeper)
    mine = make_entry("整流模块效率", "效率≥95%", approve_by=keeper, products=[rectifier])
    plain = matching.match_clauses(["整流模块效率"], user=rep)[0]
    assert [m.code for m in plain][:2] == [other.code, mine.code]  # a tie: by code
    ranked = matching.match_clauses(["整流模块效率"], user=rep, products=[rectifier.pk])[0]
    assert ranked[0].code == mine.code


def test_nobody_gets_nothing(library, nobody):
    assert matching.match_clauses(["整流模块效率"], user=nobody) == [[]]
    assert matching.match_clauses([], user=nobody) == []


def test_fixed_queries_per_call_plus_one_per_clause(library, rep, django_assert_max_num_queries):
    texts = ["整流模块效率不低于93%", "纹波系数", "红外距离", "录像存储", "无关的条款"]
    matching.match_clauses(texts[:1], user=rep)
    rep.refresh_from_db()
    with django_assert_max_num_queries(8 + len(texts)):
        matching.match_clauses(texts, user=rep)


def test_retired_entry_is_no_longer_matched(library, keeper, rep):
    services.entry_retire(user=keeper, entry=library["ripple"])
    results = matching.match_clauses(["纹波系数不大于0.5%"], user=rep)[0]
    assert all(m.code != library["ripple"].code for m in results)
