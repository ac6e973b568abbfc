"""Every library service, allowed and refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from presales.events.models import Event
from presales.knowledge import services
from presales.knowledge.models import DocumentStatus, Folder, GrantTarget, Right
from presales.knowledge.services import GrantSpec
from presales.lib.services import ServiceError
from presales.testing import upload

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db
S = DocumentStatus


def test_create_needs_the_right_to_add_to_the_folder(tech_editors, rep, engineer):
    with pytest.raises(PermissionDenied):
        make_document(rep, tech_editors)
    document = make_document(engineer, tech_editors)
    assert document.status == S.DRAFT and document.owner == engineer
    assert Event.objects.filter(kind="knowledge.document_created", subject_id=document.pk).count() == 1
    assert Event.objects.filter(kind="knowledge.version_added", subject_id=document.pk).count() == 1


def test_create_refuses_bad_input(tech_editors, engineer):
    with pytest.raises(ServiceError, match="title"):
        make_document(engineer, tech_editors, "   ")
    with pytest.raises(ServiceError, match="review interval"):
        make_document(engineer, tech_editors, interval=61)
    with pytest.raises(ServiceError, match="At most 10 tags"):
        make_document(engineer, tech_editors, tags=[f"标签{i}" for i in range(11)])
    with pytest.raises(ServiceError):
        make_document(engineer, tech_editors, industries=["not_an_industry"])


def test_full_life_cycle_and_who_may_move_it(tech_editors, engineer, rep, manager):
    document = make_document(engineer, tech_editors)
    with pytest.raises(PermissionDenied):
        services.document_submit_review(document=document, user=rep)
    services.document_submit_review(document=document, user=engineer)
    with pytest.raises(ServiceError, match="Not possible"):
        services.document_submit_review(document=document, user=engineer)
    with time_machine.travel(date(2026, 3, 1)):
        document = services.document_publish(document=document, user=manager)
    assert document.status == S.PUBLISHED and document.next_review_on == date(2027, 3, 1)
    document = services.document_expire(document=document, user=engineer)  # a folder editor curates
    assert document.status == S.EXPIRED
    with time_machine.travel(date(2026, 8, 31)):
        document = services.document_review_done(document=document, user=engineer)
    assert document.status == S.PUBLISHED and document.next_review_on == date(2027, 8, 31)
    document = services.document_archive(document=document, user=engineer)
    with pytest.raises(PermissionDenied):
        services.document_restore(document=document, user=rep)
    document = services.document_restore(document=document, user=manager)
    assert document.status == S.DRAFT
    kinds = list(Event.objects.filter(subject_id=document.pk).order_by("pk").values_list("kind", flat=True))
    assert kinds.count("knowledge.status_changed") == 5 and "knowledge.review_done" in kinds


def test_an_owner_who_is_no_curator_submits_but_does_not_publish(restricted, engineer, sales_head, admin_user):
    """The owner of a document in a folder he may no longer edit keeps it, but publishing is
    the curators' word."""
    document = make_document(sales_head, restricted, "销售策略", owner=engineer)
    services.document_submit_review(document=document, user=engineer)
    with pytest.raises(PermissionDenied, match="folder's editors"):
        services.document_publish(document=document, user=engineer)
    services.document_publish(document=document, user=sales_head)


def test_review_interval_zero_means_never_due(tech_editors, engineer):
    document = publish(make_document(engineer, tech_editors, interval=0), engineer)
    assert document.next_review_on is None


def test_update_and_move(tech_editors, engineer, rep, admin_user):
    document = make_document(engineer, tech_editors)
    with pytest.raises(PermissionDenied):
        services.document_update(document=document, user=rep, data={"title": "改名"})
    other = Folder.objects.get(library__code="standards", name="行业标准")
    with pytest.raises(PermissionDenied):  # engineer may not add documents to 行业标准
        services.document_update(document=document, user=engineer, data={}, folder=other)
    document = services.document_update(
        document=document, user=engineer, data={"title": "改名"}, tags=["直流屏"], industries=["rail"]
    )
    assert document.title == "改名" and document.industries == "rail"
    event = Event.objects.filter(kind="knowledge.document_updated").get()
    assert set(event.data["fields"]) == {"title", "industries", "tags"}
    document = services.document_update(document=document, user=admin_user, data={}, folder=other)
    assert document.folder == other


def test_add_version_needs_a_note_and_is_refused_on_archived(tech_editors, engineer, rep):
    document = make_document(engineer, tech_editors)
    with pytest.raises(ServiceError, match="Say what changed"):
        services.document_add_version(document=document, user=engineer, file=upload("v2.docx"), change_note=" ")
    with pytest.raises(PermissionDenied):
        services.document_add_version(document=document, user=rep, file=upload("v2.docx"), change_note="改")
    version = services.document_add_version(
        document=document, user=engineer, file=upload("v2.docx", "第二版内容"), change_note="第二版"
    )
    assert version.number == 2 and "第二版内容" in version.extracted_text
    document.refresh_from_db()
    assert document.current_version == version
    services.document_archive(document=document, user=engineer)
    with pytest.raises(ServiceError, match="archived"):
        services.document_add_version(document=document, user=engineer, file=upload("v3.docx"), change_note="三")


def test_archiving_keeps_every_version_and_file(tech_editors, engineer):
    document = make_document(engineer, tech_editors)
    services.document_add_version(document=document, user=engineer, file=upload("v2.docx"), change_note="第二版")
    services.document_archive(document=document, user=engineer)
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    for version in versions:
        assert version.file.storage.exists(version.file.name)


def test_set_grants_owner_or_curator_only(restricted, sales_head, engineer, rep):
    document = publish(make_document(sales_head, restricted, "内部"), sales_head)
    with pytest.raises(PermissionDenied):  # a reader may not widen the rules
        services.document_set_grants(
            document=document,
            user=engineer,
            access_mode="own",
            grants=[GrantSpec(right=Right.READ, target=GrantTarget.EVERYONE)],
        )
    with pytest.raises(ServiceError):  # a grant naming two things is refused
        services.document_set_grants(
            document=document,
            user=sales_head,
            access_mode="own",
            grants=[GrantSpec(right=Right.READ, target=GrantTarget.PERSON, person=rep, role="sales_rep")],
        )
    document = services.document_set_grants(document=document, user=sales_head, access_mode="inherit", grants=[])
    assert document.access == "inherit" and not document.grants.exists()


def test_record_download_counts_for_readers_only(restricted, sales_head, engineer, other_rep):
    document = publish(make_document(sales_head, restricted, "内部"), sales_head)
    services.document_record_download(document=document, user=engineer)
    services.document_record_download(document=document, user=engineer)
    with pytest.raises(PermissionDenied):
        services.document_record_download(document=document, user=other_rep)
    document.refresh_from_db()
    assert document.download_count == 2


def test_folders_are_managed_by_admins_and_presales_managers(manager, admin_user, sales_head, engineer):
    library = Folder.objects.get(name="标准PPT").library
    with pytest.raises(PermissionDenied):
        services.folder_create(user=engineer, library=library, data={"name": "新目录"})
    with pytest.raises(PermissionDenied):
        services.folder_create(user=sales_head, library=library, data={"name": "新目录"})
    folder = services.folder_create(user=manager, library=library, data={"name": "新目录"})
    with pytest.raises(ServiceError, match="already a folder"):
        services.folder_create(user=manager, library=library, data={"name": "新目录"})
    child = services.folder_create(user=manager, library=library, parent=folder, data={"name": "子目录"})
    with pytest.raises(ServiceError, match="into itself"):
        services.folder_update(user=admin_user, folder=folder, data={"parent": child})
    other_library_folder = Folder.objects.get(name="国家标准")
    with pytest.raises(ServiceError, match="same library"):
        services.folder_update(user=admin_user, folder=child, data={"parent": other_library_folder})
    folder = services.folder_update(user=admin_user, folder=folder, data={"name": "模版与范本"})
    assert folder.name == "模版与范本"
    with pytest.raises(PermissionDenied):
        services.folder_set_grants(user=engineer, folder=folder, grants=[])
    services.folder_set_grants(
        user=manager, folder=folder, grants=[GrantSpec(right=Right.EDIT, target=GrantTarget.PERSON, person=engineer)]
    )
    assert folder.grants.get().person == engineer
    kinds = set(Event.objects.filter(kind__startswith="knowledge.folder").values_list("kind", flat=True))
    assert kinds == {"knowledge.folder_created", "knowledge.folder_changed", "knowledge.folder_grants_changed"}
