"""The library's pages: who sees what (list, detail, download, preview, counts), the upload
form keeping its input on a refused file, the actions' buttons and refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from presales.knowledge import services
from presales.knowledge.models import Document, DocumentStatus
from presales.testing import upload

from .conftest import make_document, publish

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def secret(restricted, sales_head):
    """A published PDF in the restricted folder (read: presales department; edit: sales heads)."""
    return publish(make_document(sales_head, restricted, "竞品价格分析", name="分析.pdf"), sales_head)


def test_rep_of_another_department_sees_nothing_of_a_restricted_folder(client, secret, other_rep):
    login(client, other_rep)
    home = client.get(reverse("knowledge:home"))
    assert home.status_code == 200
    assert "内部资料" not in home.content.decode() and "竞品价格分析" not in home.content.decode()
    assert client.get(reverse("knowledge:folder", args=[secret.folder_id])).status_code == 404
    assert client.get(reverse("knowledge:document", args=[secret.pk])).status_code == 404
    version = secret.current_version
    assert client.get(reverse("knowledge:version_download", args=[version.pk])).status_code == 404
    assert client.get(reverse("knowledge:version_inline", args=[version.pk])).status_code == 404
    secret.refresh_from_db()
    assert secret.download_count == 0


def test_reader_of_the_department_sees_list_detail_preview_and_download(client, secret, engineer):
    login(client, engineer)
    home = client.get(reverse("knowledge:home")).content.decode()
    assert "内部资料" in home and "竞品价格分析" in home
    folder = client.get(reverse("knowledge:folder", args=[secret.folder_id])).content.decode()
    assert "竞品价格分析" in folder
    detail = client.get(reverse("knowledge:document", args=[secret.pk])).content.decode()
    inline_url = reverse("knowledge:version_inline", args=[secret.current_version.pk])
    assert f'src="{inline_url}"' in detail and "<iframe" in detail
    inline = client.get(inline_url)
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    download = client.get(reverse("knowledge:version_download", args=[secret.current_version.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)
    secret.refresh_from_db()
    assert secret.download_count == 1  # the preview does not count, the download does


def test_other_pages_keep_frame_ancestors_none(client, secret, engineer):
    login(client, engineer)
    page = client.get(reverse("knowledge:document", args=[secret.pk]))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_text_preview_is_escaped(client, tech_editors, engineer):
    document = make_document(engineer, tech_editors, "说明", name="说明.txt", text="<script>alert(1)</script> 直流屏")
    login(client, engineer)
    page = client.get(reverse("knowledge:document", args=[document.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 直流屏" in page and "<script>alert(1)" not in page
    # a text file is not served inline
    assert client.get(reverse("knowledge:version_inline", args=[document.current_version.pk])).status_code == 404


def test_image_preview(client, tech_editors, engineer):
    document = make_document(engineer, tech_editors, "接线图", name="接线图.png")
    login(client, engineer)
    page = client.get(reverse("knowledge:document", args=[document.pk])).content.decode()
    assert "<img" in page and reverse("knowledge:version_inline", args=[document.current_version.pk]) in page
    inline = client.get(reverse("knowledge:version_inline", args=[document.current_version.pk]))
    assert inline["Content-Type"] == "image/png"


def test_draft_is_hidden_from_readers(client, tech_editors, engineer, rep):
    document = make_document(engineer, tech_editors, "未发布的草稿")
    login(client, rep)
    assert client.get(reverse("knowledge:document", args=[document.pk])).status_code == 404
    assert "未发布的草稿" not in client.get(reverse("knowledge:folder", args=[tech_editors.pk])).content.decode()


def test_upload_refusal_says_why_and_keeps_the_form(client, tech_editors, engineer):
    login(client, engineer)
    response = client.post(
        reverse("knowledge:document_create"),
        {
            "title": "IMPS48/150 一体化电源 用户手册",
            "folder": tech_editors.pk,
            "file": upload("手册.pdf", content=b"MZ\x90\x00 not a pdf at all" * 20),
            "description": "用户手册第三版",
            "review_interval_months": 6,
            "access": "inherit",
            "tags": "用户手册, 一体化电源",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a .pdf file" in page
    assert 'value="IMPS48/150 一体化电源 用户手册"' in page and "用户手册第三版" in page
    assert 'value="用户手册, 一体化电源"' in page
    assert not Document.objects.exists()


def test_upload_creates_a_draft_with_its_text(client, tech_editors, engineer):
    login(client, engineer)
    response = client.post(
        reverse("knowledge:document_create"),
        {
            "title": "ZHDCS220 直流屏技术规格书",
            "folder": tech_editors.pk,
            "file": upload("规格书.docx", "直流屏 绝缘监测装置 纹波系数不大于0.5%"),
            "review_interval_months": 12,
            "access": "inherit",
            "tags": "直流屏，规格书",
            "industries": ["power_grid", "rail"],
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:document", args=[document.pk])
    assert document.status == DocumentStatus.DRAFT and document.owner == engineer
    assert sorted(t.name for t in document.tags.all()) == ["直流屏", "规格书"]
    assert document.industries == "power_grid,rail"
    version = document.current_version
    assert version.number == 1 and "绝缘监测装置" in version.extracted_text
    assert version.file.name.startswith(f"knowledge/{document.pk}/v1/")
    assert len(version.sha256) == 64 and version.size > 0


def test_reader_cannot_add_to_a_folder_he_does_not_edit(client, tech_editors, rep):
    login(client, rep)
    assert client.get(reverse("knowledge:document_create")).status_code == 403
    response = client.post(
        reverse("knowledge:document_create"),
        {
            "title": "x",
            "folder": tech_editors.pk,
            "file": upload("a.txt"),
            "review_interval_months": 0,
            "access": "inherit",
        },
    )
    assert response.status_code == 403


def test_action_buttons_follow_the_guard(client, tech_editors, engineer, rep, manager):
    document = make_document(engineer, tech_editors)
    services.document_submit_review(document=document, user=engineer)
    login(client, manager)
    page = client.get(reverse("knowledge:document", args=[document.pk])).content.decode()
    assert 'data-testid="action-publish"' in page and 'data-testid="action-submit"' not in page
    response = client.post(reverse("knowledge:document_action", args=[document.pk, "publish"]), follow=True)
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


def test_a_refused_action_says_why(client, tech_editors, engineer, rep):
    document = publish(make_document(engineer, tech_editors), engineer)
    login(client, rep)
    page = client.get(reverse("knowledge:document", args=[document.pk])).content.decode()
    assert 'data-testid="action-' not in page  # a reader gets no buttons
    response = client.post(reverse("knowledge:document_action", args=[document.pk, "archive"]), follow=True)
    assert "Only the document&#x27;s owner and editors may do this." in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    login(client, engineer)
    response = client.post(reverse("knowledge:document_action", args=[document.pk, "submit"]), follow=True)
    assert "Not possible while the document is “Published”." in response.content.decode()


def test_crafted_ids_are_404(client, engineer):
    login(client, engineer)
    for url in (
        "/library/doc/99999999999999999999/",
        "/library/version/99999999999999999999/download/",
        "/library/folder/99999999999999999999/",
        "/library/doc/1/nonsense/",
    ):
        assert client.get(url).status_code in (404, 405), url
    assert client.get("/library/folder/1/?product=abc&status=zz&sort=evil&page=x").status_code == 200


def test_new_version_needs_a_change_note_and_keeps_the_old_one(client, tech_editors, engineer):
    document = make_document(engineer, tech_editors)
    login(client, engineer)
    url = reverse("knowledge:version_create", args=[document.pk])
    response = client.post(url, {"file": upload("规格书v2.docx", "第二版"), "change_note": ""})
    assert response.status_code == 200 and document.versions.count() == 1
    response = client.post(url, {"file": upload("规格书v2.docx", "第二版"), "change_note": "更新纹波系数"})
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]


def test_folder_filters_by_status_tag_and_product(client, tech_editors, engineer, rep):
    from presales.catalog.models import Product, ProductCategory

    category = ProductCategory.objects.create(name="直流电源")
    product = Product.objects.create(category=category, model_code="ZHDCS220-GZ", name="直流屏", list_price=100)
    publish(make_document(engineer, tech_editors, "规格书A", tags=["直流屏"], products=[product]), engineer)
    publish(make_document(engineer, tech_editors, "手册B", tags=["手册"]), engineer)
    make_document(engineer, tech_editors, "草稿C", tags=["直流屏"])
    client.force_login(engineer)
    url = reverse("knowledge:folder", args=[tech_editors.pk])

    def rows(**params):
        page = client.get(url, params).content.decode()
        return {t for t in ("规格书A", "手册B", "草稿C") if f">{t}</a>" in page}

    assert rows() == {"规格书A", "手册B", "草稿C"}
    assert rows(tag="直流屏") == {"规格书A", "草稿C"}
    assert rows(status="draft") == {"草稿C"}
    assert rows(product=product.pk) == {"规格书A"}
    assert "ZHDCS220-GZ 直流屏" in client.get(url).content.decode()
    client.force_login(rep)
    assert rows(tag="直流屏") == {"规格书A"}  # the draft stays its editors'


def test_folder_pages_are_for_managers(client, manager, engineer, presales_dept):
    from presales.knowledge.models import Folder, Library

    library = Library.objects.get(code="resources")
    url = reverse("knowledge:folder_create", args=[library.pk])
    client.force_login(engineer)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    response = client.post(
        url,
        {"name": "投标模版", "order": 5, "access": "restricted", "read_departments": [presales_dept.pk]},
    )
    folder = Folder.objects.get(name="投标模版")
    assert response.status_code == 302 and not folder.inherit
    assert list(folder.grants.values_list("target", "department__name")) == [("department", "售前技术部")]
    # a name already there is refused on the form, the input kept
    response = client.post(url, {"name": "投标模版", "order": 5, "access": "everyone"})
    assert response.status_code == 200 and "There is already a folder" in response.content.decode()
    edit = client.post(
        reverse("knowledge:folder_edit", args=[folder.pk]), {"name": "投标模版库", "order": 5, "access": "everyone"}
    )
    assert edit.status_code == 302
    folder.refresh_from_db()
    assert folder.name == "投标模版库" and not folder.grants.exists()


def test_edit_and_rules_pages(client, tech_editors, engineer, rep):
    document = publish(make_document(engineer, tech_editors), engineer)
    client.force_login(rep)
    assert client.get(reverse("knowledge:document_edit", args=[document.pk])).status_code == 403
    assert client.get(reverse("knowledge:document_grants", args=[document.pk])).status_code == 403
    client.force_login(engineer)
    response = client.post(
        reverse("knowledge:document_edit", args=[document.pk]),
        {"title": "ZHDCS220 直流屏技术规格书（2026版）", "folder": tech_editors.pk, "review_interval_months": 99},
    )
    assert response.status_code == 200 and "Ensure this value is less than or equal to 60." in response.content.decode()
    response = client.post(
        reverse("knowledge:document_grants", args=[document.pk]), {"access": "own", "read_people": [rep.pk]}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.access == "own" and list(document.grants.values_list("person", flat=True)) == [rep.pk]


def test_the_add_button_is_offered_only_to_who_may_add_somewhere(client, tech_editors, engineer, rep):
    """The library's home shows 添加资料 to whoever may edit a folder (an editor of 技术库, a
    manager); a rep who may only read gets no button to a page that answers 403."""
    login(client, engineer)
    assert 'data-testid="document-new"' in client.get(reverse("knowledge:home")).content.decode()
    assert client.get(reverse("knowledge:document_create")).status_code == 200
    login(client, rep)
    assert 'data-testid="document-new"' not in client.get(reverse("knowledge:home")).content.decode()
    assert client.get(reverse("knowledge:document_create")).status_code == 403
