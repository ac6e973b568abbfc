"""The tender response in a real browser, in Chinese: the presales lead registers the tender
of an opportunity in 招标 and scores it, the presales manager decides to bid, the lead uploads
the buyer's technical specification, reviews the auto-filled deviation table (the reasons,
the 需人工确认 rows), accepts answers in place and writes the one with no library answer,
passes the self/cross review, exports the Excel table, writes the answers back into the
buyer's own response table and generates the technical bid.

Selectors use data-testid attributes, form field ids and URLs, never translated wording;
assertions on text use the tender's own Chinese data.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from presales.tests_browser.test_presales_flow import log_in, log_out, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIBRARY = [
    ("整流模块效率应不低于93%", "我公司整流模块效率≥95%，优于招标要求。", "positive"),
    ("直流输出稳压精度应优于±0.5%", "直流输出稳压精度≤±0.2%。", "positive"),
    ("系统应具备远程监控功能，支持RS485和以太网接口", "系统支持远程监控，提供RS485和以太网接口，满足要求。", "none"),
]
CLAUSES = [
    ("5.1.1", "★整流模块效率应不低于93%。"),
    ("5.1.2", "直流输出稳压精度应优于±0.5%。"),
    ("5.1.3", "★系统应具备远程监控功能，支持RS485和以太网接口。"),
    ("5.1.4", "★投标人应在项目所在地设立常驻服务机构并派驻工程师三名。"),
]
OFFICE_ANSWER = "我公司在项目所在地设有服务中心，常驻工程师三名。"


def spec_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("第五章 技术要求", level=1)
    document.add_heading("5.1 整流模块及监控", level=2)
    for number, text in CLAUSES:
        document.add_paragraph(f"{number} {text}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "技术偏差表"
    sheet.append(["技术偏差表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "招标文件要求", "投标响应", "偏离情况", "偏离说明"])
    for n, (_number, text) in enumerate(CLAUSES, start=1):
        sheet.append([str(n), text.lstrip("★▲"), "", "", ""])
    workbook.create_sheet("填表说明").append(["请逐条填写"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _setup():
    from presales.answers import services as answers
    from presales.answers.models import AnswerCategory
    from presales.testing import make_customer, make_opportunity, make_user, walk_to

    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    manager = make_user("chen.mgr", "presales_manager", full_name="陈主管")
    customer = make_customer(rep, "国网某供电公司")
    opportunity = make_opportunity(rep, customer, name="220kV变电站直流电源改造", presales_lead=engineer)
    opportunity = walk_to(opportunity, "tender", worker=engineer, approver=manager)
    category = AnswerCategory.objects.create(name="电源技术应答", owner=manager)
    for requirement, answer, deviation in LIBRARY:
        entry = answers.entry_create(
            user=manager,
            data={"category": category, "requirement": requirement, "answer": answer, "deviation": deviation},
        )
        answers.entry_submit_for_review(user=manager, entry=entry)
        answers.entry_approve(user=manager, entry=entry)
    return rep, engineer, manager, opportunity


def _download(page: Page, locator, path) -> bytes:
    with page.expect_download() as info:
        locator.click()
    info.value.save_as(str(path))
    return path.read_bytes()


def test_register_bid_upload_answer_review_export_write_back_and_bid(browser_page, artifacts_dir, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from presales.opportunities.models import Deliverable
    from presales.responses.models import Clause, ClauseStatus, Specification, SpecKind
    from presales.tenders.models import Tender, TenderReview, TenderStatus

    rep, engineer, manager, opportunity = _setup()
    page = browser_page

    # 1. The presales lead registers the tender from the opportunity page.
    log_in(page, engineer)
    page.goto(f"/opportunities/{opportunity.pk}/")
    submit(page, page.get_by_test_id("tender-register"))
    page.locator("#id_number").fill("ZB-2026-0188")
    page.locator("#id_title").fill("220kV变电站直流电源系统采购")
    due = timezone.localtime(timezone.now() + timedelta(days=15)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#id_submission_due_at").fill(due)
    submit(page, page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/tenders/\d+/$"))
    tender = Tender.objects.get(opportunity=opportunity)
    tender_url = f"/tenders/{tender.pk}/"
    expect(page.get_by_test_id("tender-title")).to_contain_text("ZB-2026-0188")

    # 2. It scores every criterion; the presales manager decides to bid.
    for row in page.get_by_test_id("criteria").locator("tbody tr").all():
        row.locator("select[name=score]").select_option("4")
        submit(page, row.locator("button"))
    log_out(page)
    log_in(page, manager)
    page.goto(tender_url)
    submit(page, page.get_by_test_id("decide"))
    page.locator("#decision-decision").select_option("bid")
    page.locator("#decision-reason").fill("产品完全满足，关系良好，参与投标。")
    submit(page, page.get_by_test_id("decision-form").locator("button[type=submit]"))
    tender.refresh_from_db()
    assert tender.status == TenderStatus.BIDDING

    # 3. The lead uploads the technical specification from the tender page's card.
    log_out(page)
    log_in(page, engineer)
    page.goto(tender_url)
    expect(page.get_by_test_id("responses-section")).to_be_visible()
    submit(page, page.get_by_test_id("spec-upload"))
    spec_file = tmp_path / "技术规范书.docx"
    spec_file.write_bytes(spec_docx())
    page.locator("#id_file").set_input_files(str(spec_file))
    submit(page, page.get_by_test_id("spec-upload-form").locator("button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/responses/\d+/$"))
    specification = Specification.objects.get(tender=tender)
    table = page.get_by_test_id("clause-table")
    expect(table.get_by_test_id("clause-row")).to_have_count(len(CLAUSES))

    # 4. Review: the clause with no library answer is to confirm, never 无偏离.
    office = Clause.objects.get(specification=specification, number="5.1.4")
    assert office.status == ClauseStatus.TO_CONFIRM
    office_row = page.locator(f"#clause-{office.pk}")
    expect(office_row).to_have_attribute("data-deviation", "to_confirm")
    efficiency = Clause.objects.get(specification=specification, number="5.1.1")
    expect(page.locator(f"#clause-{efficiency.pk}")).to_have_attribute("data-deviation", "positive")
    page.screenshot(path=str(artifacts_dir / "deviation-table.png"), full_page=True)

    # 5. Accept the suggested answers in place (htmx: the row is replaced, not the page).
    page.evaluate("window.__sameDocument = 'table'")
    for row in Clause.objects.filter(specification=specification).exclude(pk=office.pk).order_by("order"):
        locator = page.locator(f"#clause-{row.pk}")
        locator.get_by_test_id("clause-accept").click()
        expect(page.locator(f"#clause-{row.pk}")).to_have_attribute("data-status", "answered")
    # … and write the answer of the one the library has none for.
    page.locator(f"#clause-{office.pk}").get_by_test_id("clause-answer").click()
    form = page.get_by_test_id("answer-form")
    form.locator(f"#id_c{office.pk}-response").fill(OFFICE_ANSWER)
    form.locator(f"#id_c{office.pk}-deviation").select_option("none")
    form.get_by_test_id("answer-save").click()
    expect(page.locator(f"#clause-{office.pk}")).to_have_attribute("data-status", "answered")
    assert page.evaluate("window.__sameDocument") == "table", "the table page was reloaded"
    assert not Clause.objects.filter(specification=specification).exclude(status=ClauseStatus.ANSWERED).exists()

    # 6. The engineer passes the self-review; the cross-review is another pair of eyes: his own
    # pass is refused with the reason, and the presales manager passes it.
    page.goto(tender_url)
    for review in TenderReview.objects.filter(tender=tender, kind="self").order_by("pk"):
        item = page.get_by_test_id(f"review-{review.pk}")
        item.locator("select[name=result]").select_option("pass")
        submit(page, item.locator("button"))
    cross = TenderReview.objects.filter(tender=tender, kind="cross").order_by("pk")
    item = page.get_by_test_id(f"review-{cross[0].pk}")
    item.locator("select[name=result]").select_option("pass")
    submit(page, item.locator("button"))
    expect(page.locator("body")).to_contain_text("互审由另一位同事完成")
    assert not TenderReview.objects.filter(tender=tender, kind="cross").exclude(result="pending").exists()
    log_out(page)
    log_in(page, manager)
    page.goto(tender_url)
    for review in cross:
        item = page.get_by_test_id(f"review-{review.pk}")
        item.locator("select[name=result]").select_option("pass")
        submit(page, item.locator("button"))
    assert not TenderReview.objects.filter(tender=tender).exclude(result="pass").exists()
    log_out(page)
    log_in(page, engineer)
    page.goto(tender_url)
    problems = page.get_by_test_id("submission-problems")
    if problems.count():
        expect(problems).not_to_contain_text("★")  # every ★ clause is answered

    # 7. Export the Excel table.
    page.goto(f"/responses/{specification.pk}/")
    content = _download(page, page.get_by_test_id("table-export"), tmp_path / "table.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 1 + len(CLAUSES)
    assert any(row[3] == OFFICE_ANSWER for row in sheet.iter_rows(min_row=2, values_only=True))

    # 8. The buyer's own response table: upload it, accept, write the answers back into it.
    page.goto(f"/responses/tender/{tender.pk}/upload/")
    template = tmp_path / "技术偏差表.xlsx"
    template.write_bytes(template_xlsx())
    page.locator("#id_file").set_input_files(str(template))
    submit(page, page.get_by_test_id("spec-upload-form").locator("button[type=submit]"))
    buyers = Specification.objects.filter(tender=tender).latest("pk")
    assert buyers.kind == SpecKind.TEMPLATE
    filled = _download(page, page.get_by_test_id("table-write-back"), tmp_path / "filled.xlsx")
    workbook = load_workbook(io.BytesIO(filled))
    assert workbook.sheetnames == ["技术偏差表", "填表说明"]
    deviations = [workbook["技术偏差表"].cell(row=r, column=4).value for r in range(3, 3 + len(CLAUSES))]
    assert "正偏离" in deviations and "需人工确认" in deviations

    # 9. Generate the technical bid: a Word file with the deviation table, the 技术标书 recorded.
    page.goto(f"/responses/{specification.pk}/")
    bid = _download(page, page.get_by_test_id("table-technical-bid"), tmp_path / "bid.docx")
    document = Document(io.BytesIO(bid))
    cells = "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert OFFICE_ANSWER in cells
    assert Deliverable.objects.filter(opportunity=opportunity, deliverable_type__fulfilled_by="technical_bid").exists()

    assert page.console_errors == []
