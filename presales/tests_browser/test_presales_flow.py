"""The whole presales path in a real browser, in Chinese (the default language).

A sales rep logs in, creates a customer and an opportunity, is refused at the 接触 gate for
the missing deliverable, uploads it; the presales manager approves it; the rep advances to
咨询; on the pipeline board the next move, once confirmed, is refused in place by htmx. Screenshots of the
board and the opportunity page are kept in test-artifacts/.

Selectors use data-testid attributes, form field ids and URLs, never translated wording;
assertions on text use the seed's Chinese data (stage and deliverable names).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus, Outcome
from presales.opportunities.default_template import DEFAULT_STAGES
from presales.testing import TEST_PASSWORD, make_user

# serialized_rollback: the live server needs a transactional database, which is flushed
# between tests; this brings back the roles and the stage template of the data migrations
# (flushed by an earlier transactional test) and leaves them for the next one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTACT, CONSULTING = DEFAULT_STAGES[0], DEFAULT_STAGES[1]
VISIT_RECORD = CONTACT["outputs"][0][0]  # 拜访记录（含客户初步需求）
CONSULTING_REQUIRED = [name for name, _description, required in CONSULTING["outputs"] if required]


def submit(page: Page, button) -> None:
    """Click a button that posts a form and wait for the resulting page."""
    with page.expect_navigation():
        button.click()


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.get_by_test_id("user-menu")).to_contain_text(user.full_name)
    # The browser asks for Chinese and nobody switched language: the page is served in zh-hans.
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def log_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    submit(page, page.locator('form[action="/accounts/logout/"] button'))
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def current_stage(page: Page):
    return page.get_by_test_id("stage-steps").locator(".stage-step.current")


def assert_screenshot(page: Page, path) -> None:
    page.screenshot(path=str(path), full_page=True)
    assert path.exists(), path
    assert path.stat().st_size > 20_000, f"{path} is only {path.stat().st_size} bytes"


def test_rep_is_gated_then_advances_after_approval(browser_page, artifacts_dir, media_root, tmp_path):
    from presales.opportunities.models import Deliverable, DeliverableStatus, Opportunity, OpportunityTask

    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    manager = make_user("chen.mgr", "presales_manager", full_name="陈主管")
    page = browser_page

    # 1. The sales rep logs in through the form.
    log_in(page, rep)

    # 2a. 客户 → 新建.
    submit(page, page.locator('nav a[href="/customers/"]'))
    submit(page, page.locator('main a[href="/customers/new/"]'))
    page.locator("#id_name").fill("宁波市公安局交通警察支队")
    page.locator("#id_short_name").fill("宁波交警")
    page.locator("#id_industry").select_option("public_security")
    page.locator("#id_region").fill("浙江省宁波市")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/customers/\d+/$"))
    customer_pk = int(re.search(r"/customers/(\d+)/$", page.url).group(1))

    # 2b. 商机 → 新建, for that customer, led by the engineer, without a public tender.
    submit(page, page.locator('nav a[href="/opportunities/"]'))
    submit(page, page.locator('main a[href="/opportunities/new/"]'))
    page.locator("#id_name").fill("宁波交警指挥中心UPS电源改造")
    page.locator("#id_customer").select_option(str(customer_pk))
    page.locator("#id_presales_lead").select_option(str(engineer.pk))
    page.locator("#id_industry").select_option("public_security")
    page.locator("#id_expected_amount").fill("860000")
    page.locator("#id_has_tender").uncheck()
    submit(page, page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/opportunities/\d+/$"))
    opportunity = Opportunity.objects.get(pk=int(re.search(r"/opportunities/(\d+)/$", page.url).group(1)))
    assert (opportunity.customer_id, opportunity.sales_owner_id, opportunity.presales_lead_id) == (
        customer_pk,
        rep.pk,
        engineer.pk,
    )
    assert opportunity.has_tender is False
    assert opportunity.current_stage.code == CONTACT["code"]
    detail_url = f"/opportunities/{opportunity.pk}/"
    expect(current_stage(page)).to_contain_text(CONTACT["name"])

    # 3. Tick the required 接触 tasks, not the deliverable, and try to advance.
    required_tasks = list(
        OpportunityTask.objects.filter(opportunity=opportunity, stage=opportunity.current_stage, required=True)
    )
    assert len(required_tasks) == sum(1 for _title, required, *_rest in CONTACT["tasks"] if required)
    for task in required_tasks:
        submit(page, page.locator(f'form[action="{detail_url}tasks/{task.pk}/toggle/"] button'))
    assert not OpportunityTask.objects.filter(pk__in=[t.pk for t in required_tasks], done_at__isnull=True).exists()
    blockers = page.get_by_test_id("gate-missing")
    expect(blockers).to_contain_text(f"《{VISIT_RECORD}》")
    for task in required_tasks:
        expect(blockers).not_to_contain_text(task.title)

    submit(page, page.get_by_test_id("advance"))
    expect(page).to_have_url(re.compile(rf"{detail_url}$"))
    refusal = page.locator("main > .alert-danger")
    expect(refusal).to_have_count(1)
    expect(refusal).to_contain_text(f"《{VISIT_RECORD}》")
    for task in required_tasks:
        expect(refusal).not_to_contain_text(task.title)
    expect(current_stage(page)).to_contain_text(CONTACT["name"])
    opportunity.refresh_from_db()
    assert opportunity.current_stage.code == CONTACT["code"]
    assert_screenshot(page, artifacts_dir / "refusal.png")

    # 4. Upload the visit record through the deliverable form, with a real file.
    visit_type = opportunity.current_stage.deliverable_types.get(name=VISIT_RECORD)
    submit(page, page.locator(f'a[href="{detail_url}deliverables/new/?type={visit_type.pk}"]'))
    expect(page.locator("#id_deliverable_type")).to_have_value(str(visit_type.pk))
    record = tmp_path / "拜访记录.txt"
    record.write_text(
        "拜访时间：2026-03-02 上午\n参加人员：王销售、张工、客户信息科李科长\n客户初步需求：指挥中心UPS扩容\n"
    )
    page.locator("#id_file").set_input_files(str(record))
    page.locator("#id_note").fill("客户希望双机并联冗余，机房空间有限。")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"{detail_url}$"))
    deliverable = Deliverable.objects.get(opportunity=opportunity, deliverable_type=visit_type)
    assert deliverable.status == DeliverableStatus.SUBMITTED
    assert deliverable.file.read().decode() == record.read_text()
    assert str(media_root) in deliverable.file.path
    expect(page.get_by_test_id(f"deliverable-{deliverable.pk}")).to_contain_text(VISIT_RECORD)
    # The rep may not approve his own deliverable: no approve button for him.
    expect(page.get_by_test_id(f"approve-{deliverable.pk}")).to_have_count(0)

    # 5. The presales manager approves it.
    log_out(page)
    log_in(page, manager)
    page.goto(detail_url)
    submit(page, page.get_by_test_id(f"approve-{deliverable.pk}"))
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.APPROVED
    approval = Approval.objects.for_target(deliverable).get()
    assert (approval.status, approval.submitted_by) == (ApprovalStatus.APPROVED, rep)
    decision = ApprovalAssignment.objects.get(step__approval=approval, outcome=Outcome.APPROVE)
    assert decision.approver == manager
    expect(page.get_by_test_id("gate-missing")).to_have_count(0)

    # 6. The rep advances: now in 咨询.
    log_out(page)
    log_in(page, rep)
    page.goto(detail_url)
    submit(page, page.get_by_test_id("advance"))
    expect(current_stage(page)).to_contain_text(CONSULTING["name"])
    expect(page.get_by_test_id("current-stage")).to_contain_text(CONSULTING["name"])
    expect(page.locator("main > .alert-danger")).to_have_count(0)
    opportunity.refresh_from_db()
    assert opportunity.current_stage.code == CONSULTING["code"]
    assert_screenshot(page, artifacts_dir / "opportunity.png")

    # 7. On the board the next move is refused in place (htmx), without reloading the page.
    submit(page, page.locator('nav a[href="/opportunities/board/"]'))
    card = page.get_by_test_id(f"card-{opportunity.code}")
    expect(
        page.locator(f'[data-stage="{CONSULTING["code"]}"]').get_by_test_id(f"card-{opportunity.code}")
    ).to_be_visible()
    board_url = page.url
    page.evaluate("window.__sameDocument = 'board-loaded'")
    card.get_by_test_id("advance").click()  # asks first, and says what the gate needs
    expect(card.get_by_test_id("confirm-missing")).to_contain_text(f"《{CONSULTING_REQUIRED[0]}》")
    card.get_by_test_id("confirm-move").click()
    card_refusal = card.locator("[role=alert]")
    for name in CONSULTING_REQUIRED:
        expect(card_refusal).to_contain_text(f"《{name}》")
    assert page.evaluate("window.__sameDocument") == "board-loaded", "the board page was reloaded"
    assert page.url == board_url
    opportunity.refresh_from_db()
    assert opportunity.current_stage.code == CONSULTING["code"]
    assert_screenshot(page, artifacts_dir / "board.png")

    # No console errors (CSP violations are reported there) on any page of the walk.
    assert page.console_errors == []


def test_missing_chromium_fails_instead_of_skipping(tmp_path):
    from presales.tests_browser.conftest import require_chromium

    with pytest.raises(pytest.fail.Exception, match="Chromium not found at .*make browser-deps"):
        require_chromium(str(tmp_path / "no-such-chromium"))
    require_chromium()  # the real one is there: no failure


def drag_card(page: Page, card_testid: str, column_id: str) -> None:
    """Drag a board card by mouse onto another column (SortableJS in fallback mode)."""
    box = page.get_by_test_id(card_testid).bounding_box()
    target = page.locator(f"#{column_id}").bounding_box()
    x, y = box["x"] + 12, box["y"] + 10  # on the card's code, not on a link or button
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 20, y + 20, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 40, steps=15)
    page.mouse.up()


def test_dragging_cards_on_the_board_goes_through_the_gate(browser_page, artifacts_dir):
    from presales.opportunities.models import Opportunity
    from presales.testing import complete_stage, make_customer, make_opportunity

    rep = make_user("li.rep", "sales_rep", full_name="李销售")
    engineer = make_user("zhao.eng", "presales_engineer", full_name="赵工")
    manager = make_user("sun.mgr", "presales_manager", full_name="孙主管")
    customer = make_customer(rep, "杭州市西湖区教育局", industry="education")
    ready = make_opportunity(rep, customer, name="智慧校园一期", presales_lead=engineer)
    complete_stage(ready, worker=engineer, approver=manager)
    blocked = make_opportunity(rep, customer, name="教育城域网改造", presales_lead=engineer)
    page = browser_page
    log_in(page, rep)
    page.goto("/opportunities/board/")
    url_before = page.url

    # A card whose stage is complete moves to the next column for good.
    drag_card(page, f"card-{ready.code}", "column-consulting")
    moved = page.locator(f"#column-consulting [data-testid='card-{ready.code}']")
    expect(moved.locator("[role=status]")).to_be_visible()
    assert Opportunity.objects.get(pk=ready.pk).current_stage.code == "consulting"

    # A card that the gate refuses goes back to its column and says what is missing.
    drag_card(page, f"card-{blocked.code}", "column-consulting")
    back = page.locator(f"#column-contact [data-testid='card-{blocked.code}']")
    expect(back.locator(".refusal")).to_contain_text(VISIT_RECORD)
    assert Opportunity.objects.get(pk=blocked.pk).current_stage.code == "contact"
    assert page.url == url_before  # all in place, no page load
    assert_screenshot(page, artifacts_dir / "board-drag.png")
    assert page.console_errors == []
