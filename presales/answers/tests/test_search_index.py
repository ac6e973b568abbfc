"""The "answer" source of the one search: approved entries for every role, drafts for their
owner, the category's owner and the managers; retired ones not indexed."""

from __future__ import annotations

from presales.answers import services
from presales.search.selectors import search
from presales.search.services import index_objects


def codes(user, q):
    return [hit.title.split()[0] for hit in search(user, q, types=["answer"]).hits]


def test_visibility_by_status(make_entry, keeper, engineer, other_engineer, rep, manager, nobody):
    approved = make_entry("绝缘监测装置接地选线", "支持接地选线", approve_by=keeper)
    draft = make_entry("绝缘监测装置互窜检测", "支持互窜检测")
    retired = make_entry("绝缘监测装置旧型号", "旧", approve_by=keeper)
    services.entry_retire(user=keeper, entry=retired)
    index_objects("answer", [approved.pk, draft.pk, retired.pk])
    assert codes(rep, "绝缘监测") == [approved.code]
    assert sorted(codes(engineer, "绝缘监测")) == sorted([approved.code, draft.code])  # his draft
    assert codes(other_engineer, "绝缘监测") == [approved.code]
    assert sorted(codes(keeper, "绝缘监测")) == sorted([approved.code, draft.code])  # category owner
    assert sorted(codes(manager, "绝缘监测")) == sorted([approved.code, draft.code])
    assert codes(nobody, "绝缘监测") == []


def test_wordings_and_tags_are_searchable(make_entry, keeper, rep):
    entry = make_entry("直流屏颜色", "按招标人要求", approve_by=keeper, tags=["屏柜"])
    services.wording_add(user=keeper, entry=entry, text="柜体喷涂颜色")
    index_objects("answer", [entry.pk])
    assert codes(rep, "喷涂") == [entry.code]
    assert codes(rep, "屏柜") == [entry.code]
