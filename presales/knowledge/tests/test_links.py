"""Library documents attached to opportunities, solutions and quotes: one target per link
(a database rule), who may attach and detach, what a reader sees of them, reuse counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from presales.knowledge.models import Document
from presales.knowledge.models_reuse import DocumentLink
from presales.knowledge.reuse import reuse_counts_for
from presales.knowledge.services import links as services
from presales.knowledge.tests.reuse_builders import library_doc, restricted_folder
from presales.lib.services import ServiceError
from presales.testing import make_opportunity


@pytest.fixture
def spec(manager):
    return library_doc(manager, "ZHDCS220 直流屏技术规格书")


@pytest.fixture
def secret(manager):
    return library_doc(manager, "内部成本分析", where=restricted_folder())


@pytest.fixture
def solution(opportunity, engineer):
    from datetime import date

    from presales.solutions.services import solution_create

    return solution_create(
        user=engineer,
        opportunity=opportunity,
        data={"title": "直流电源系统方案", "scope": "直流屏", "due_date": date(2026, 3, 31)},
        designers=[engineer],
        team=[],
    )


@pytest.fixture
def quote(opportunity, engineer):
    from presales.quotes.services import quote_create

    return quote_create(user=engineer, opportunity=opportunity, title="项目报价清单")


def test_a_link_has_exactly_one_target(spec, opportunity, solution, manager):
    for targets in ({}, {"opportunity": opportunity, "solution": solution}):
        with pytest.raises(IntegrityError), transaction.atomic():
            DocumentLink.objects.create(document=spec, added_by=manager, **targets)


def test_the_team_attaches_a_published_document_it_can_read(spec, opportunity, engineer, rep, other_rep):
    link = services.document_link(user=engineer, document=spec, target=opportunity, note="投标参考")
    assert link.opportunity == opportunity and link.note == "投标参考"
    with pytest.raises(ServiceError, match="already attached"):
        services.document_link(user=rep, document=spec, target=opportunity)
    with pytest.raises(PermissionDenied):  # not on the team
        services.document_link(user=other_rep, document=Document.objects.get(pk=spec.pk), target=opportunity)


def test_a_draft_or_a_document_the_user_cannot_read_is_refused(manager, secret, opportunity, engineer):
    draft = library_doc(manager, "草稿", publish=False)
    for document in (draft, secret):
        with pytest.raises(ServiceError, match="published library document you can read"):
            services.document_link(user=engineer, document=document, target=opportunity)
    assert services.document_link(user=manager, document=secret, target=opportunity)  # managers read it


def test_the_card_hides_links_to_documents_the_viewer_cannot_read(client, spec, secret, opportunity, manager, rep):
    services.document_link(user=manager, document=spec, target=opportunity)
    services.document_link(user=manager, document=secret, target=opportunity)
    client.force_login(rep)
    page = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert "ZHDCS220 直流屏技术规格书" in page
    assert "内部成本分析" not in page  # neither on the card nor in the timeline's sentence
    assert "attached a library document to PS-" in page
    client.force_login(manager)
    assert "内部成本分析" in client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()


def test_attach_and_detach_from_the_solution_and_quote_pages(client, spec, solution, quote, engineer):
    client.force_login(engineer)
    for target_type, target, page in (
        ("solution", solution, reverse("solutions:detail", args=[solution.pk])),
        ("quote", quote, reverse("quotes:detail", args=[quote.pk])),
    ):
        assert 'data-testid="library-attach"' in client.get(page).content.decode()
        response = client.post(
            reverse("library_links:add"), {"target_type": target_type, "target_id": target.pk, "document": spec.pk}
        )
        assert response.status_code == 302 and response["Location"].startswith(page)
        link = DocumentLink.objects.get(**{target_type: target})
        assert "ZHDCS220 直流屏技术规格书" in client.get(page).content.decode()
        client.post(reverse("library_links:remove", args=[link.pk]))
        assert not DocumentLink.objects.filter(pk=link.pk).exists()
    assert Document.objects.filter(pk=spec.pk).exists()  # a link, not the document


def test_a_viewer_who_may_not_change_the_target_gets_no_form_and_a_403(client, spec, opportunity, finance, other_rep):
    client.force_login(finance)  # sees every opportunity, contributes to none
    page = client.get(reverse("opportunities:detail", args=[opportunity.pk])).content.decode()
    assert 'data-testid="library-card"' in page and 'data-testid="library-attach"' not in page
    data = {"target_type": "opportunity", "target_id": opportunity.pk, "document": spec.pk}
    assert client.post(reverse("library_links:add"), data).status_code == 403
    client.force_login(other_rep)  # does not even see the opportunity
    assert client.post(reverse("library_links:add"), data).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"target_type": "customer", "target_id": 1, "document": 1},
        {"target_type": "opportunity", "target_id": "x", "document": 1},
        {"target_type": "opportunity", "target_id": 2**70, "document": 1},
        {"target_type": "opportunity", "target_id": 999999, "document": 1},
    ],
)
def test_crafted_posts_are_refused_without_an_error_page(client, engineer, data):
    client.force_login(engineer)
    assert client.post(reverse("library_links:add"), data).status_code in (403, 404)


def test_reuse_counts_by_kind_and_on_the_document_page(client, spec, manager, opportunity, solution, quote, rep):
    other = make_opportunity(rep, opportunity.customer, name="二期")
    for target in (opportunity, other, solution, quote):
        services.document_link(user=manager, document=spec, target=target)
    assert reuse_counts_for([spec.pk]) == {spec.pk: {"opportunities": 2, "solutions": 1, "quotes": 1}}
    client.force_login(manager)
    page = client.get(reverse("knowledge:document", args=[spec.pk])).content.decode()
    assert "Opportunities：2" in page and "Solutions：1" in page and "Quotes：1" in page


def test_reuse_counts_of_many_documents_take_one_query_per_kind(manager, opportunity, django_assert_num_queries):
    documents = [library_doc(manager, f"资料{i}") for i in range(4)]
    for document in documents:
        services.document_link(user=manager, document=document, target=opportunity)
    from presales.knowledge.reuse import counters

    with django_assert_num_queries(len(counters())):  # opportunities, solutions, quotes, bids (tenders)
        counts = reuse_counts_for([d.pk for d in documents])
    assert all(counts[d.pk] == {"opportunities": 1} for d in documents)


def test_the_opportunity_card_reads_a_fixed_number_of_queries(
    client, manager, engineer, opportunity, django_assert_max_num_queries
):
    from presales.lib.sections import sections_for

    def card_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        engineer_fresh = type(engineer).objects.get(pk=engineer.pk)
        with CaptureQueriesContext(connection) as captured:
            sections = [s for s in sections_for("opportunity", opportunity, engineer_fresh) if s.key == "library"]
        return len(captured), sections[0].context["library_card"]

    for i in range(2):
        services.document_link(user=manager, document=library_doc(manager, f"资料{i}"), target=opportunity)
    few, card = card_queries()
    for i in range(20):
        services.document_link(user=manager, document=library_doc(manager, f"更多资料{i}"), target=opportunity)
    many, card = card_queries()
    assert len(card["links"]) == 22
    assert many == few


def test_the_card_finds_documents_to_attach_through_the_search(client, manager, engineer, finance, opportunity):
    from presales.search.services import index_objects

    wanted = library_doc(manager, "蓄电池巡检仪说明", text="蓄电池巡检仪 内阻测试")
    other = library_doc(manager, "直流屏规格书", text="直流屏 绝缘监测")
    attached = library_doc(manager, "已关联的巡检仪资料", text="蓄电池巡检仪 已关联")
    services.document_link(user=manager, document=attached, target=opportunity)
    index_objects("document", [wanted.pk, other.pk, attached.pk])
    url = reverse("library_links:find")
    query = {"target_type": "opportunity", "target_id": opportunity.pk, "q": "蓄电池巡检仪"}
    client.force_login(engineer)
    options = client.get(url, query).content.decode()
    assert "蓄电池巡检仪说明" in options and "直流屏规格书" not in options and "已关联的巡检仪资料" not in options
    recent = client.get(url, {**query, "q": ""}).content.decode()
    assert "蓄电池巡检仪说明" in recent and "直流屏规格书" in recent
    client.force_login(finance)  # sees the opportunity, may not change it
    assert client.get(url, query).status_code == 403
    assert client.get(url, {**query, "target_type": "contract"}).status_code == 403
