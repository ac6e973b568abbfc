"""The library in the search index: what is indexed (published and review-overdue documents,
with their file's text), what is flagged, and who finds it."""

from __future__ import annotations

import pytest

from presales.knowledge import services
from presales.search.selectors import search
from presales.search.services import index_objects

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db


def indexed(*documents):
    index_objects("document", [d.pk for d in documents])


def titles(user, q):
    return [hit.title for hit in search(user, q, types=["document"]).hits]


def test_published_document_is_found_by_its_file_text(tech_editors, engineer, rep):
    document = publish(make_document(engineer, tech_editors, text="绝缘监测装置 纹波系数不大于0.5%"), engineer)
    indexed(document)
    results = search(rep, "绝缘监测", types=["document"])
    assert [h.title for h in results.hits] == ["ZHDCS220 直流屏技术规格书"]
    hit = results.hits[0]
    assert hit.library == "技术库" and hit.flags == ()
    assert "<mark>" in hit.snippet_html


def test_draft_and_archived_are_not_indexed(tech_editors, engineer, manager):
    draft = make_document(engineer, tech_editors, "草稿规格书", text="蓄电池巡检仪")
    archived = publish(make_document(engineer, tech_editors, "旧版规格书", text="蓄电池巡检仪"), engineer)
    services.document_archive(document=archived, user=engineer)
    indexed(draft, archived)
    assert titles(manager, "蓄电池巡检仪") == []
    assert titles(engineer, "蓄电池巡检仪") == []


def test_expired_document_is_flagged(tech_editors, engineer, rep):
    document = publish(make_document(engineer, tech_editors, text="微机监控单元"), engineer)
    services.document_expire(document=document, user=engineer)
    indexed(document)
    hits = search(rep, "微机监控单元", types=["document"]).hits
    assert [h.flags for h in hits] == [("expired",)]


def test_restricted_documents_are_found_only_by_their_readers(restricted, sales_head, engineer, other_rep, manager):
    document = publish(
        make_document(sales_head, restricted, "竞品价格分析", text="竞争对手报价下浮百分之十五"), sales_head
    )
    indexed(document)
    assert titles(engineer, "竞争对手报价") == ["竞品价格分析"]
    assert titles(manager, "竞争对手报价") == ["竞品价格分析"]
    results = search(other_rep, "竞争对手报价")
    assert results.total == 0 and results.hits == []
    assert all(f.count == 0 or f.value != "document" for f in results.facets.get("type", []))


def test_tags_and_model_codes_are_keywords(tech_editors, engineer, rep):
    from presales.testing import upload

    document = services.document_create(
        user=engineer,
        folder=tech_editors,
        data={"title": "一体化电源用户手册", "review_interval_months": 12},
        file=upload("手册.txt", "使用说明"),
        tags=["用户手册"],
    )
    publish(document, engineer)
    indexed(document)
    assert titles(rep, "用户手册") == ["一体化电源用户手册"]
    assert titles(rep, "手册.txt") == ["一体化电源用户手册"]


def test_a_renamed_library_reindexes_its_documents_facet(
    tech_editors, engineer, manager, django_capture_on_commit_callbacks
):
    document = publish(make_document(engineer, tech_editors, text="绝缘监测装置"), engineer)
    indexed(document)
    library = tech_editors.library
    with django_capture_on_commit_callbacks(execute=True):
        library.name = "产品技术库"
        library.save()
    (hit,) = search(manager, "绝缘监测", types=["document"]).hits
    assert hit.library == "产品技术库"
