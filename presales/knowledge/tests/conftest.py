"""Builders for the library tests: departments, folders with rules, documents — through the
services, as users would."""

from __future__ import annotations

import pytest
from django.utils import translation

from presales.accounts.models import Department
from presales.knowledge import services
from presales.knowledge.models import Folder, FolderAccess, GrantTarget, Library, Right
from presales.knowledge.services import GrantSpec
from presales.testing import make_user, upload


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


@pytest.fixture
def presales_dept(db):
    return Department.objects.create(name="售前技术部")


@pytest.fixture
def sales_dept(db):
    return Department.objects.create(name="销售一部")


@pytest.fixture
def engineer(presales_dept):
    user = make_user("engineer", "presales_engineer", full_name="张工")
    user.department = presales_dept
    user.save()
    return user


@pytest.fixture
def other_engineer(presales_dept):
    user = make_user("other_engineer", "presales_engineer", full_name="赵工")
    user.department = presales_dept
    user.save()
    return user


@pytest.fixture
def rep(sales_dept):
    user = make_user("rep", "sales_rep", full_name="王销售")
    user.department = sales_dept
    user.save()
    return user


@pytest.fixture
def other_rep(db):
    """A sales rep of no department in the rules (another department)."""
    other = Department.objects.create(name="销售二部")
    user = make_user("other_rep", "sales_rep", full_name="李销售")
    user.department = other
    user.save()
    return user


def folder_of(library_code: str, name: str) -> Folder:
    return Folder.objects.get(library__code=library_code, name=name)


@pytest.fixture
def technical(db):
    """技术库/产品技术资料: inherits (everyone reads); engineers of 售前技术部 edit it."""
    folder = folder_of("technical", "产品技术资料")
    return folder


@pytest.fixture
def tech_editors(technical, presales_dept, admin_user):
    """The top folder 产品技术资料 gets its own rules: everyone reads, the presales department edits."""
    services.folder_update(user=admin_user, folder=technical, data={"inherit": False})
    services.folder_set_grants(
        user=admin_user,
        folder=technical,
        grants=[GrantSpec(right=Right.EDIT, target=GrantTarget.DEPARTMENT, department=presales_dept)],
    )
    technical.refresh_from_db()
    return technical


@pytest.fixture
def restricted(db, admin_user, presales_dept):
    """A restricted folder: the presales department reads, the sales head edits."""
    library = Library.objects.get(code="business")
    return services.folder_create(
        user=admin_user,
        library=library,
        data={"name": "内部资料", "inherit": False, "access": FolderAccess.RESTRICTED},
        grants=[
            GrantSpec(right=Right.READ, target=GrantTarget.DEPARTMENT, department=presales_dept),
            GrantSpec(right=Right.EDIT, target=GrantTarget.ROLE, role="sales_head"),
        ],
    )


def make_document(
    user, folder, title="ZHDCS220 直流屏技术规格书", *, text="直流屏 绝缘监测 纹波系数", name="规格书.docx", **extra
):
    data = {
        "title": title,
        "description": extra.pop("description", ""),
        "review_interval_months": extra.pop("interval", 12),
    }
    if "access" in extra:
        data["access"] = extra.pop("access")
    return services.document_create(user=user, folder=folder, data=data, file=upload(name, text), **extra)


def publish(document, user):
    return services.document_publish(document=document, user=user)
