"""Publishing an approved deliverable or a signed-off solution version to the library in
one action: a published document with a copy of the file and its text, linked back."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from presales.knowledge.models import Document, DocumentStatus
from presales.knowledge.models_reuse import DocumentLink
from presales.knowledge.services import links as services
from presales.knowledge.tests.reuse_builders import approved_deliverable, folder, sign_off
from presales.lib.services import ServiceError
from presales.opportunities.models import Deliverable, DeliverableStatus


@pytest.fixture
def deliverable(opportunity, engineer, manager):
    return approved_deliverable(opportunity, engineer, manager, text="客户初步需求：直流屏两套")


@pytest.fixture
def solution(opportunity, engineer):
    from presales.solutions.services import solution_create

    return solution_create(
        user=engineer,
        opportunity=opportunity,
        data={"title": "园区安防解决方案", "scope": "视频监控", "due_date": date(2026, 3, 31)},
        designers=[engineer],
        team=[],
    )


def test_an_approved_deliverable_becomes_a_published_document_linked_to_its_opportunity(deliverable, manager):
    assert deliverable.status == DeliverableStatus.APPROVED
    document = services.document_publish_from(
        user=manager, source=deliverable, folder=folder("resources", "标准方案库")
    )
    assert document.status == DocumentStatus.PUBLISHED and document.next_review_on is not None
    version = document.current_version
    assert version.number == 1 and version.original_name == "拜访记录.docx"
    assert "客户初步需求：直流屏两套" in version.extracted_text
    assert version.file.name != deliverable.file.name  # a copy: the deliverable keeps its own file
    assert version.file.read() == Deliverable.objects.get(pk=deliverable.pk).file.read()
    link = DocumentLink.objects.get(document=document)
    assert link.opportunity_id == deliverable.opportunity_id and link.source_deliverable_id == deliverable.pk


def test_publishing_twice_or_before_approval_is_refused_with_the_reason(deliverable, opportunity, engineer, manager):
    target = folder("resources", "标准方案库")
    services.document_publish_from(user=manager, source=deliverable, folder=target)
    with pytest.raises(ServiceError, match="already in the library"):
        services.document_publish_from(user=manager, source=deliverable, folder=target)
    from presales.opportunities.services import deliverable_submit
    from presales.testing import upload

    pending = deliverable_submit(
        opportunity=opportunity,
        user=engineer,
        deliverable_type=deliverable.deliverable_type,
        file=upload("拜访记录v2.docx"),
    )
    with pytest.raises(ServiceError, match="Only an approved deliverable"):
        services.document_publish_from(user=manager, source=pending, folder=target)


def test_a_file_the_library_does_not_take_is_refused(opportunity, engineer, manager):
    drawing = approved_deliverable(opportunity, engineer, manager, name="资料.zip")
    with pytest.raises(ServiceError, match="are not accepted"):
        services.document_publish_from(user=manager, source=drawing, folder=folder())
    assert not Document.objects.exists()


def test_only_who_may_add_to_the_folder_and_sees_the_source_publishes(deliverable, engineer, other_rep):
    with pytest.raises(PermissionDenied):  # the lead engineer edits no library folder
        services.document_publish_from(user=engineer, source=deliverable, folder=folder())
    with pytest.raises(PermissionDenied):
        services.document_publish_from(user=other_rep, source=deliverable, folder=folder())
    assert not Document.objects.exists()


def test_a_signed_off_solution_version_is_published_and_linked_to_the_solution(
    solution, engineer, manager, sales_head, commercial
):
    from presales.solutions.tests.conftest import add_version

    draft = add_version(solution, engineer)
    with pytest.raises(ServiceError, match="Only a signed-off solution version"):
        services.document_publish_from(user=manager, source=draft, folder=folder())
    version = sign_off(draft, engineer, (manager, sales_head, commercial))
    document = services.document_publish_from(user=manager, source=version, folder=folder())
    assert document.title == "园区安防解决方案"
    assert "解决方案" in document.current_version.extracted_text
    assert DocumentLink.objects.get(document=document).solution_id == solution.pk


def test_the_publish_button_on_the_opportunity_page(client, deliverable, manager, engineer, opportunity):
    page_url = reverse("opportunities:detail", args=[opportunity.pk])
    client.force_login(engineer)
    assert 'data-testid="library-publish"' not in client.get(page_url).content.decode()
    client.force_login(manager)
    assert 'data-testid="library-publish-button"' in client.get(page_url).content.decode()
    data = {"source_type": "deliverable", "source_id": deliverable.pk, "folder": folder().pk}
    response = client.post(reverse("library_links:publish"), data, follow=True)
    page = response.content.decode()
    assert "Published to the library as" in page and "In the library" in page
    assert 'data-testid="library-link"' in page  # the new document is linked on the card
    response = client.post(reverse("library_links:publish"), data, follow=True)
    assert "already in the library" in response.content.decode()
    assert Document.objects.count() == 1


def test_crafted_publish_posts_are_refused(client, manager, deliverable):
    client.force_login(manager)
    for data in (
        {"source_type": "contract", "source_id": 1, "folder": 1},
        {"source_type": "deliverable", "source_id": 999999, "folder": folder().pk},
        {"source_type": "deliverable", "source_id": deliverable.pk, "folder": 999999},
    ):
        assert client.post(reverse("library_links:publish"), data).status_code in (403, 404)
