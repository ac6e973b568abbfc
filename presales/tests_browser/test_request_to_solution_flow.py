"""From a service request to a signed-off solution, in a real browser, in Chinese.

The opportunity is already in 咨询 with everything but 《解决方案》 done (set up in Python).
The sales rep files a solution-design request from the opportunity page; the presales manager
ticks it on /requests/dispatch/ and gives it engineer, hours and site survey in the page's one
form; the engineer accepts it, records the site survey, starts work, creates the solution on the
opportunity, uploads v1, records the review meeting and sends it for sign-off; the sales head
rejects v1 from his inbox; the engineer uploads v2 with a reason of change, has it reviewed and
sends it again; the technical head, the sales head and the commercial head approve it. The
signed-off version is the 咨询 stage's 《解决方案》: the gate opens and the rep advances to 跟踪.

Selectors use data-testid attributes, form field ids and URLs, never translated wording;
assertions on text use names and data of the test (Chinese) and the seed's stage names.
"""

from __future__ import annotations

import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus, Outcome
from presales.opportunities.default_template import DEFAULT_STAGES
from presales.testing import decide_pending, make_customer, make_opportunity, make_user, walk_to
from presales.tests_browser.test_presales_flow import assert_screenshot, current_stage, log_in, log_out, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONSULTING = next(stage for stage in DEFAULT_STAGES if stage["code"] == "consulting")
TRACKING = next(stage for stage in DEFAULT_STAGES if stage["code"] == "tracking")
SOLUTION_NAME = "解决方案"
QUOTE_NAME = "项目报价清单"

REQUEST_TITLE = "指挥中心UPS电源改造解决方案设计"
REJECT_COMMENT = "设备选型偏贵，请改用国产主机并压缩预算。"
CHANGE_REASON = "按销售主管意见改用国产UPS主机，造价下调约12%。"


def write_docx(path, text: str) -> None:
    """A small but real Word document (Office Open XML)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        docx.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )


def write_pdf(path, text: str) -> None:
    """A small but real one-page PDF (ASCII text: the built-in fonts have no 汉字)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def save_form(page: Page, testid: str) -> None:
    submit(page, page.locator(f'main form[data-testid="{testid}"] button[type=submit]'))


def fill_review(page: Page, manager, attendees, *, place: str, ratings: dict, minutes: str) -> None:
    """The review meeting form (方案评审会): chaired by the technical head, four rated points."""
    page.locator("#id_chair").select_option(str(manager.pk))
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_place").fill(place)
    page.locator("#id_attendees").select_option([str(user.pk) for user in attendees])
    for point, (rating, comment) in ratings.items():
        page.get_by_test_id(f"rating-{point}").select_option(str(rating))
        page.locator(f"#id_{point}_comment").fill(comment)
    page.locator("#id_conclusion").select_option("pass")
    page.locator("#id_minutes").fill(minutes)
    save_form(page, "review-form")


def send_for_signoff(page: Page, note: str) -> None:
    form = page.get_by_test_id("signoff-submit").get_by_test_id("approval-submit")
    form.locator("textarea[name=note]").fill(note)
    submit(page, form.locator("button"))


def test_service_request_to_signed_off_solution(browser_page, artifacts_dir, media_root, tmp_path):
    from presales.opportunities import services as opportunity_services
    from presales.opportunities.models import OpportunityTask
    from presales.service_requests.models import RequestStatus, RequestType, ServiceRequest, SiteSurvey
    from presales.solutions.models import Solution, SolutionVersion, VersionStatus

    # 1. Set-up in Python: the people, and an opportunity in 咨询 missing only 《解决方案》.
    rep = make_user("liu.rep", "sales_rep", full_name="刘销售")
    engineer = make_user("zhou.eng", "presales_engineer", full_name="周工")
    manager = make_user("wu.mgr", "presales_manager", full_name="吴主管")
    sales_head = make_user("zheng.head", "sales_head", full_name="郑总监")
    commercial = make_user("feng.biz", "commercial", full_name="冯商务")
    customer = make_customer(rep, "宁波市公安局交通警察支队", short_name="宁波交警", address="宁波市鄞州区天童南路")
    opportunity = make_opportunity(rep, customer, name="宁波交警指挥中心UPS电源改造", presales_lead=engineer)
    opportunity = walk_to(opportunity, "consulting", worker=engineer, approver=manager)
    stage = opportunity.current_stage
    assert stage.name == CONSULTING["name"]
    for task in OpportunityTask.objects.filter(opportunity=opportunity, stage=stage, required=True):
        opportunity_services.task_set_done(task=task, user=engineer, done=True)
    quote_type = stage.deliverable_types.get(name=QUOTE_NAME, required=True)
    quote = opportunity_services.deliverable_submit(
        opportunity=opportunity, user=engineer, deliverable_type=quote_type, note="报价清单（测试）"
    )
    decide_pending(quote, manager)
    solution_type = stage.deliverable_types.get(name=SOLUTION_NAME)
    assert (solution_type.required, solution_type.fulfilled_by) == (True, "solution")
    missing = opportunity_services.gate_missing(opportunity)
    assert len(missing) == 1 and f"《{SOLUTION_NAME}》" in missing[0], missing
    detail_url = f"/opportunities/{opportunity.pk}/"
    page = browser_page

    # 2. The sales rep files a solution-design request from the opportunity page.
    log_in(page, rep)
    page.goto(detail_url)
    expect(page.get_by_test_id("gate-missing")).to_contain_text(f"《{SOLUTION_NAME}》")
    section = page.get_by_test_id("service-requests-section")
    submit(page, section.get_by_test_id("file-request"))
    expect(page).to_have_url(re.compile(rf"/requests/new/\?opportunity={opportunity.pk}$"))
    expect(page.locator("#id_opportunity")).to_have_value(str(opportunity.pk))
    wanted_by = timezone.localdate() + timedelta(days=10)
    page.locator("#id_request_type").select_option(RequestType.SOLUTION_DESIGN)
    page.locator("#id_title").fill(REQUEST_TITLE)
    page.locator("#id_content").fill("客户指挥中心现有UPS容量不足，需要设计双机并联冗余方案并给出设备选型与造价范围。")
    page.locator("#id_wanted_by").fill(wanted_by.isoformat())
    save_form(page, "request-form")
    expect(page).to_have_url(re.compile(r"/requests/\d+/$"))
    sr = ServiceRequest.objects.get(opportunity=opportunity)
    assert (sr.request_type, sr.status, sr.requested_by, sr.wanted_by) == (
        RequestType.SOLUTION_DESIGN,
        RequestStatus.SUBMITTED,
        rep,
        wanted_by,
    )
    assert sr.customer == customer
    expect(page.get_by_test_id("request-title")).to_contain_text(REQUEST_TITLE)
    expect(page.get_by_test_id("status-badge").first).to_have_text(sr.get_status_display())
    page.goto(detail_url)
    expect(page.get_by_test_id("service-requests-section")).to_contain_text(sr.code)
    log_out(page)

    # 3. The presales manager dispatches it: engineer, hours and site survey in one action.
    log_in(page, manager)
    page.goto("/requests/dispatch/")
    row = page.get_by_test_id("unassigned").get_by_test_id("unassigned-row").filter(has_text=sr.code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(REQUEST_TITLE)
    expect(row).to_contain_text("刘销售")
    load = page.get_by_test_id("engineer-load").get_by_test_id("engineer-row").filter(has_text="周工")
    expect(load).to_have_count(1)
    expect(load.locator("td").nth(1)).to_have_text("0")
    assert_screenshot(page, artifacts_dir / "dispatch.png")
    # One assignment form on the page: tick the request, then engineer, hours and survey.
    expect(page.locator('select[name="engineer"]')).to_have_count(1)
    row.get_by_test_id("pick").check()
    form = page.get_by_test_id("assign-form")
    form.locator("#assign-engineer").select_option(str(engineer.pk))
    form.locator("#assign-estimated_hours").fill("16")
    form.locator("#assign-survey_needed").select_option("yes")
    submit(page, form.get_by_test_id("assign-button"))
    expect(page).to_have_url(re.compile(r"/requests/dispatch/$"))
    expect(page.get_by_test_id("unassigned").get_by_test_id("unassigned-row")).to_have_count(0)
    expect(load.locator("td").nth(1)).to_have_text("1")
    expect(load.locator("td").nth(2)).to_have_text("16")
    sr.refresh_from_db()
    assert (sr.status, sr.assignee, sr.assigned_by, sr.survey_needed) == (
        RequestStatus.ASSIGNED,
        engineer,
        manager,
        True,
    )
    assert sr.estimated_hours == 16
    log_out(page)

    # 4. The engineer sees the notification, accepts, records the site survey, starts work.
    log_in(page, engineer)
    expect(page.get_by_test_id("nav-notifications").locator(".badge")).to_be_visible()
    submit(page, page.get_by_test_id("nav-notifications"))
    notice = page.get_by_test_id("notifications").locator("a").filter(has_text=sr.code)
    expect(notice).to_have_count(1)
    submit(page, notice)
    expect(page).to_have_url(re.compile(rf"/requests/{sr.pk}/$"))
    expect(page.get_by_test_id("assignee")).to_contain_text("周工")
    submit(page, page.get_by_test_id("accept"))
    assert ServiceRequest.objects.get(pk=sr.pk).status == RequestStatus.ACCEPTED
    submit(page, page.get_by_test_id("fill-survey"))
    survey_day = timezone.localdate()
    page.locator("#id_surveyed_on").fill(survey_day.isoformat())
    page.locator("#id_place").fill("宁波交警支队指挥中心机房")
    page.locator("#id_people_met").fill("信息科李科长、机房管理员陈工")
    page.locator("#id_current_situation").fill("两台老旧UPS单机运行，后备时间不足30分钟。")
    page.locator("#id_equipment_facts").fill("山特 C10K ×2，电池已使用6年。")
    page.locator("#id_building_facts").fill("机房面积约40平方米，承重满足要求。")
    page.locator("#id_needs_found").fill("双机并联冗余，后备时间不少于2小时。")
    save_form(page, "survey-form")
    expect(page).to_have_url(re.compile(rf"/requests/{sr.pk}/$"))
    expect(page.get_by_test_id("survey-section")).to_contain_text("宁波交警支队指挥中心机房")
    survey = SiteSurvey.objects.get(request=sr)
    assert (survey.filled_by, survey.surveyed_on, survey.people_met) == (
        engineer,
        survey_day,
        "信息科李科长、机房管理员陈工",
    )
    submit(page, page.get_by_test_id("start"))
    assert ServiceRequest.objects.get(pk=sr.pk).status == RequestStatus.IN_PROGRESS

    # 4b. On the opportunity: a new solution, version 1, its review meeting, sign-off.
    page.goto(detail_url)
    submit(page, page.get_by_test_id("solution-new"))
    page.locator("#id_title").fill("宁波交警指挥中心UPS电源改造解决方案")
    page.locator("#id_due_date").fill(wanted_by.isoformat())
    page.locator("#id_scope").fill("指挥中心机房UPS主机、电池组及配电改造。")
    expect(page.locator("#id_designers option:checked")).to_have_text(["周工"])
    save_form(page, "solution-form")
    solution = Solution.objects.get(opportunity=opportunity)
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/versions/new/$"))
    v1_file = tmp_path / "UPS改造解决方案v1.docx"
    write_docx(v1_file, "宁波交警指挥中心UPS电源改造解决方案 第1版")
    page.locator("#id_file").set_input_files(str(v1_file))
    page.locator("#id_summary").fill("两台200kVA进口UPS并联冗余，后备2小时。")
    page.locator("#id_main_equipment").fill("进口UPS主机200kVA ×2；12V/200Ah电池 ×160")
    page.locator("#id_cost_low").fill("1800000")
    page.locator("#id_cost_high").fill("2100000")
    save_form(page, "version-upload")
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/$"))
    v1 = SolutionVersion.objects.get(solution=solution, number=1)
    assert v1.file.read() == v1_file.read_bytes()
    assert str(media_root) in v1.file.path
    expect(page.get_by_test_id("version-row-1")).to_contain_text(v1_file.name)

    submit(page, page.get_by_test_id("review-open-1"))
    fill_review(
        page,
        manager,
        [manager, engineer, rep],
        place="公司三楼会议室",
        ratings={
            "feasibility": (4, "技术路线成熟"),
            "advancement": (4, "模块化UPS"),
            "equipment_selection": (3, "进口品牌偏贵"),
            "cost_range": (3, "略高于客户预算"),
        },
        minutes="评审通过，提交签字确认。",
    )
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/(#version-1)?$"))
    expect(page.get_by_test_id("review-1")).to_contain_text("吴主管")
    send_for_signoff(page, "请三位主管签字确认第1版。")
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SIGNING
    expect(page.get_by_test_id("signoff").get_by_test_id("approval-round")).to_have_count(1)
    log_out(page)

    # 5. The sales head sees the count in the nav and rejects v1 from his inbox.
    log_in(page, sales_head)
    expect(page.get_by_test_id("nav-approvals").locator(".badge")).to_have_text("1")
    submit(page, page.get_by_test_id("nav-approvals"))
    inbox_row = page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")
    expect(inbox_row).to_have_count(1)
    expect(inbox_row).to_contain_text(opportunity.code)
    inbox_row.locator("textarea[name=comment]").fill(REJECT_COMMENT)
    submit(page, inbox_row.locator("button[name=decision][value=reject]"))
    expect(page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")).to_have_count(0)
    expect(page.get_by_test_id("nav-approvals").locator(".badge")).to_have_count(0)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETURNED
    assert REJECT_COMMENT in v1.return_reasons
    log_out(page)

    # 6. The engineer uploads v2 with the reason of change, has it reviewed, sends it again.
    log_in(page, engineer)
    page.goto(f"/solutions/{solution.pk}/")
    expect(page.get_by_test_id("return-reasons-1")).to_contain_text(REJECT_COMMENT)
    submit(page, page.get_by_test_id("version-new"))
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/versions/new/$"))
    v2_file = tmp_path / "UPS-solution-v2.pdf"
    write_pdf(v2_file, "UPS solution for Ningbo traffic police, version 2")
    page.locator("#id_file").set_input_files(str(v2_file))
    page.locator("#id_summary").fill("两台200kVA国产UPS并联冗余，后备2小时。")
    page.locator("#id_main_equipment").fill("国产UPS主机200kVA ×2；12V/200Ah电池 ×160")
    page.locator("#id_cost_low").fill("1550000")
    page.locator("#id_cost_high").fill("1850000")
    page.locator("#id_change_reason").fill(CHANGE_REASON)
    save_form(page, "version-upload")
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/$"))
    v2 = SolutionVersion.objects.get(solution=solution, number=2)
    assert v2.change_reason == CHANGE_REASON
    assert v2.file.read() == v2_file.read_bytes()
    expect(page.get_by_test_id("version-row-2")).to_contain_text(v2_file.name)
    submit(page, page.get_by_test_id("review-open-2"))
    fill_review(
        page,
        manager,
        [manager, engineer, rep, sales_head],
        place="公司三楼会议室",
        ratings={
            "feasibility": (5, "方案可行"),
            "advancement": (4, "国产主机性能满足要求"),
            "equipment_selection": (4, "选型合理"),
            "cost_range": (5, "在客户预算内"),
        },
        minutes="第2版评审通过。",
    )
    expect(page.get_by_test_id("review-2")).to_contain_text("吴主管")
    send_for_signoff(page, "已按意见修改，请签字确认第2版。")
    v2.refresh_from_db()
    assert v2.status == VersionStatus.SIGNING
    log_out(page)

    # 7. The technical head approves on the solution page, the sales head from his inbox, the
    # commercial head on the solution page (reached from his inbox).
    log_in(page, manager)
    expect(page.get_by_test_id("nav-approvals").locator(".badge")).to_have_text("1")
    page.goto(f"/solutions/{solution.pk}/")
    expect(page.get_by_test_id("signoff-version")).to_contain_text("2")
    decide = page.get_by_test_id("signoff").get_by_test_id("approval-decide")
    decide.locator("textarea[name=comment]").fill("技术方案可行，同意。")
    submit(page, decide.locator("button[name=decision][value=approve]"))
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/"))
    expect(page.get_by_test_id("signoff").get_by_test_id("approval-decide")).to_have_count(0)
    panel = page.get_by_test_id("signoff").get_by_test_id("approval-panel")
    expect(panel).to_contain_text("技术方案可行，同意。")
    expect(panel).to_contain_text("郑总监")
    expect(panel).to_contain_text("冯商务")
    page.locator("#version-2").scroll_into_view_if_needed()
    assert_screenshot(page, artifacts_dir / "review.png")
    log_out(page)

    log_in(page, sales_head)
    page.goto("/approvals/")
    inbox_row = page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")
    expect(inbox_row).to_have_count(1)
    inbox_row.locator("textarea[name=comment]").fill("同意。")
    submit(page, inbox_row.locator("button[name=decision][value=approve]"))
    expect(page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")).to_have_count(0)
    log_out(page)

    log_in(page, commercial)
    page.goto("/approvals/")
    inbox_row = page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")
    expect(inbox_row).to_have_count(1)
    submit(page, inbox_row.locator("a").first)
    expect(page).to_have_url(re.compile(rf"/solutions/{solution.pk}/(#version-2)?$"))
    decide = page.get_by_test_id("signoff").get_by_test_id("approval-decide")
    submit(page, decide.locator("button[name=decision][value=approve]"))
    expect(page.get_by_test_id("version-row-2").get_by_test_id("status-approved")).to_have_count(1)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (VersionStatus.RETURNED, VersionStatus.APPROVED)
    log_out(page)

    # 8. The 咨询 gate is open; the rep advances to 跟踪.
    log_in(page, rep)
    page.goto(detail_url)
    expect(page.get_by_test_id("gate-missing")).to_have_count(0)
    expect(page.get_by_test_id("solutions-section").get_by_test_id("solution-item")).to_contain_text("v2")
    advance = page.get_by_test_id("advance")
    expect(advance).to_be_enabled()
    expect(advance).to_contain_text(TRACKING["name"])
    opportunity.refresh_from_db()
    assert opportunity_services.gate_missing(opportunity) == []

    rounds_v1 = list(Approval.objects.for_target(v1))
    assert [(a.round, a.status) for a in rounds_v1] == [(1, ApprovalStatus.REJECTED)]
    rejection = ApprovalAssignment.objects.get(step__approval=rounds_v1[0], outcome=Outcome.REJECT)
    assert (rejection.approver, rejection.comment) == (sales_head, REJECT_COMMENT)
    rounds_v2 = list(Approval.objects.for_target(v2))
    assert [a.status for a in rounds_v2] == [ApprovalStatus.APPROVED]
    decisions = ApprovalAssignment.objects.filter(step__approval=rounds_v2[0]).exclude(outcome="")
    assert sorted((d.approver.username, d.outcome) for d in decisions) == sorted(
        [
            (manager.username, Outcome.APPROVE),
            (sales_head.username, Outcome.APPROVE),
            (commercial.username, Outcome.APPROVE),
        ]
    )
    assert all(r.submitted_by == engineer for r in rounds_v1 + rounds_v2)

    submit(page, advance)
    expect(current_stage(page)).to_contain_text(TRACKING["name"])
    expect(page.locator("main > .alert-danger")).to_have_count(0)
    opportunity.refresh_from_db()
    assert opportunity.current_stage.code == TRACKING["code"]

    # No console errors (CSP violations are reported there) on any page of the walk.
    assert page.console_errors == []
