"""The library in a real browser, in Chinese: a presales engineer uploads a Word document to
技术库 and reads its text in the preview; a PDF is shown in its frame and an image inline (the
inline file view may be framed by the same origin only); a sales rep of another department
opens nothing of a restricted folder. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from presales.accounts.models import Department
from presales.knowledge import services
from presales.knowledge.models import Document, Folder, FolderAccess, GrantTarget, Library, Right
from presales.knowledge.services import GrantSpec
from presales.testing import file_content, make_user, upload
from presales.tests_browser.test_presales_flow import log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_upload_a_chinese_word_document_and_preview_the_library(browser_page, artifacts_dir, tmp_path):
    page = browser_page
    department = Department.objects.create(name="售前技术部")
    admin = make_user("lib_admin", "admin", full_name="系统管理员")
    engineer = make_user("lib_engineer", "presales_engineer", full_name="张工")
    engineer.department = department
    engineer.save()
    rep = make_user("lib_rep", "sales_rep", full_name="李销售")
    folder = Folder.objects.get(library__code="technical", name="产品技术资料")
    services.folder_update(user=admin, folder=folder, data={"inherit": False})
    services.folder_set_grants(
        user=admin,
        folder=folder,
        grants=[GrantSpec(right=Right.EDIT, target=GrantTarget.DEPARTMENT, department=department)],
    )
    secret = services.folder_create(
        user=admin,
        library=Library.objects.get(code="business"),
        data={"name": "内部资料", "inherit": False, "access": FolderAccess.RESTRICTED},
        grants=[GrantSpec(right=Right.READ, target=GrantTarget.DEPARTMENT, department=department)],
    )
    hidden = services.document_create(
        user=admin, folder=secret, data={"title": "内部报价策略"}, file=upload("策略.txt", "底价")
    )
    services.document_publish(document=hidden, user=admin)

    log_in(page, engineer)
    page.get_by_test_id("nav-library").click()
    expect(page.get_by_test_id("library-technical")).to_contain_text("产品技术资料")
    page.goto(f"/library/doc/new/?folder={folder.pk}")
    form = page.get_by_test_id("document-form")
    form.locator("[name=title]").fill("ZHDCS220 直流屏技术规格书")
    word = tmp_path / "直流屏技术规格书.docx"
    word.write_bytes(file_content("x.docx", "直流屏绝缘监测装置，纹波系数不大于0.5%"))
    form.locator("[name=file]").set_input_files(str(word))
    form.locator("[name=tags]").fill("直流屏，规格书")
    submit(page, form.locator("button[type=submit]"))
    expect(page.get_by_test_id("preview-text")).to_contain_text("纹波系数不大于0.5%")
    expect(page.get_by_test_id("doc-status").first).to_have_text("草稿")
    page.screenshot(path=str(artifacts_dir / "library-word-preview.png"), full_page=True)
    document = Document.objects.get(title="ZHDCS220 直流屏技术规格书")

    # an image version: shown inline from the permission-checked view
    picture = tmp_path / "接线图.png"
    picture.write_bytes(file_content("x.png"))
    page.goto(f"/library/doc/{document.pk}/version/new/")
    page.locator("[name=file]").set_input_files(str(picture))
    page.locator("[name=change_note]").fill("补充一次系统接线图")
    submit(page, page.get_by_test_id("version-form").locator("button[type=submit]"))
    image = page.get_by_test_id("preview-image")
    expect(image).to_be_visible()
    assert page.evaluate("document.querySelector('[data-testid=preview-image]').naturalWidth") > 0
    expect(page.get_by_test_id("version-2")).to_contain_text("补充一次系统接线图")

    # a PDF: framed by the document page (same origin), no refusal in the console
    pdf = tmp_path / "型式试验报告.pdf"
    pdf.write_bytes(file_content("x.pdf"))
    page.goto(f"/library/doc/{document.pk}/version/new/")
    page.locator("[name=file]").set_input_files(str(pdf))
    page.locator("[name=change_note]").fill("型式试验报告扫描件")
    submit(page, page.get_by_test_id("version-form").locator("button[type=submit]"))
    expect(page.get_by_test_id("preview-frame")).to_be_attached()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "library-pdf-preview.png"), full_page=True)
    assert page.console_errors == []

    # a rep of another department: the restricted folder and its document are not there
    page.context.clear_cookies()
    log_in(page, rep)
    page.goto("/library/")
    expect(page.get_by_test_id("library-tree")).not_to_contain_text("内部资料")
    response = page.goto(f"/library/doc/{hidden.pk}/")
    assert response.status == 404
