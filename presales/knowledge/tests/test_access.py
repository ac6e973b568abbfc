"""Who sees which document (presales.knowledge.access), persona by persona. The expected sets
are written out by hand from docs/permissions.md, not computed by the code under test."""

from __future__ import annotations

import pytest

from presales.knowledge import access, services
from presales.knowledge.models import DocumentAccess, GrantTarget, Right
from presales.knowledge.services import GrantSpec

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(engineer, other_engineer, rep, other_rep, sales_head, manager, admin_user, nobody):
    return {
        "engineer": engineer,
        "other_engineer": other_engineer,
        "rep": rep,
        "other_rep": other_rep,
        "sales_head": sales_head,
        "manager": manager,
        "admin": admin_user,
        "nobody": nobody,
    }


def who_sees(people, document):
    return {
        name
        for name, user in people.items()
        if access.documents_visible_to(user).filter(pk=document.pk).exists()
        and access.can_read_document(user, access.documents_visible_to(user).get(pk=document.pk))
    }


def who_edits(people, document):
    return {name for name, user in people.items() if access.can_edit_document(user, document)}


ALL = {"engineer", "other_engineer", "rep", "other_rep", "sales_head", "manager", "admin"}  # not "nobody": no role


def test_published_document_of_an_open_folder_is_read_by_everyone(people, tech_editors, engineer):
    document = publish(make_document(engineer, tech_editors), engineer)
    assert who_sees(people, document) == ALL
    # the folder's editors (the presales department), the owner and the managers edit
    assert who_edits(people, document) == {"engineer", "other_engineer", "manager", "admin"}


def test_draft_is_seen_by_its_owner_and_editors_only(people, tech_editors, engineer):
    document = make_document(engineer, tech_editors)
    assert who_sees(people, document) == {"engineer", "other_engineer", "manager", "admin"}


def test_restricted_folder_by_department_and_role(people, restricted, sales_head, manager):
    document = publish(make_document(sales_head, restricted, "内部报价策略"), manager)
    # read: the presales department; edit: the sales head role; managers everything
    assert who_sees(people, document) == {"engineer", "other_engineer", "sales_head", "manager", "admin"}
    assert who_edits(people, document) == {"sales_head", "manager", "admin"}


def test_rep_of_another_department_sees_nothing_of_a_restricted_folder(people, restricted, sales_head, other_rep):
    publish(make_document(sales_head, restricted, "内部报价策略"), sales_head)
    assert not access.documents_visible_to(other_rep).filter(folder=restricted).exists()
    assert not access.folders_visible_to(other_rep).filter(pk=restricted.pk).exists()


def test_named_person_grant(people, restricted, sales_head, admin_user, rep):
    document = publish(make_document(sales_head, restricted, "内部报价策略"), sales_head)
    services.folder_set_grants(
        user=admin_user,
        folder=restricted,
        grants=[
            *[
                GrantSpec(right=g.right, target=g.target, department=g.department, role=g.role, person=g.person)
                for g in restricted.grants.all()
            ],
            GrantSpec(right=Right.READ, target=GrantTarget.PERSON, person=rep),
        ],
    )
    assert who_sees(people, document) == {"engineer", "other_engineer", "rep", "sales_head", "manager", "admin"}


def test_sub_folder_inherits_its_parents_rules(people, restricted, admin_user, sales_head):
    child = services.folder_create(
        user=admin_user, library=restricted.library, parent=restricted, data={"name": "子目录"}
    )
    document = publish(make_document(sales_head, child, "子目录文档"), sales_head)
    assert who_sees(people, document) == {"engineer", "other_engineer", "sales_head", "manager", "admin"}


def test_document_rules_narrower_than_its_folder(people, tech_editors, engineer, rep):
    document = publish(make_document(engineer, tech_editors, "投标底价测算"), engineer)
    document = services.document_set_grants(
        document=document,
        user=engineer,
        access_mode=DocumentAccess.OWN,
        grants=[GrantSpec(right=Right.READ, target=GrantTarget.PERSON, person=rep)],
    )
    # readers: rep only; the folder's curators and the owner keep it
    assert who_sees(people, document) == {"engineer", "other_engineer", "rep", "manager", "admin"}


def test_document_rules_wider_than_its_folder(people, restricted, sales_head, other_rep):
    document = publish(make_document(sales_head, restricted, "公开的产品白皮书"), sales_head)
    document = services.document_set_grants(
        document=document,
        user=sales_head,
        access_mode=DocumentAccess.OWN,
        grants=[
            GrantSpec(right=Right.READ, target=GrantTarget.EVERYONE),
            GrantSpec(right=Right.EDIT, target=GrantTarget.PERSON, person=other_rep),
        ],
    )
    assert who_sees(people, document) == ALL
    assert who_edits(people, document) == {"sales_head", "other_rep", "manager", "admin"}


def test_archived_document_is_seen_by_editors_only(people, tech_editors, engineer):
    document = publish(make_document(engineer, tech_editors), engineer)
    services.document_archive(document=document, user=engineer)
    assert who_sees(people, document) == {"engineer", "other_engineer", "manager", "admin"}


def test_expired_document_is_still_read(people, tech_editors, engineer):
    document = publish(make_document(engineer, tech_editors), engineer)
    services.document_expire(document=document, user=engineer)
    assert who_sees(people, document) == ALL


def test_inactive_library_is_closed_to_all_but_managers(people, tech_editors, engineer):
    document = publish(make_document(engineer, tech_editors), engineer)
    tech_editors.library.is_active = False
    tech_editors.library.save()
    assert who_sees(people, document) == {"engineer", "manager", "admin"}  # the owner keeps his own


def test_search_visibility_is_none_for_managers_and_a_pk_set_for_others(tech_editors, engineer, manager, rep):
    document = make_document(engineer, tech_editors)
    assert access.visible_document_ids(manager) is None
    assert list(access.visible_document_ids(rep)) == []
    assert [row["pk"] for row in access.visible_document_ids(engineer)] == [document.pk]
