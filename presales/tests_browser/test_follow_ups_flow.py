"""A follow-up in a real browser, in Chinese: the rep records a visit on the opportunity page
(the date already today, the customer's contact ticked, a next step and a follow-up date
today), sees it on the timeline, and finds it under "my follow-ups" on his home page with a
link back to it. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from presales.customers.services import contact_save
from presales.opportunities.models import Activity
from presales.testing import make_customer, make_opportunity, make_user
from presales.tests_browser.test_presales_flow import log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_rep_records_a_visit_with_a_follow_up_and_finds_it_in_my_work(browser_page, artifacts_dir):
    page = browser_page
    rep = make_user("fu_rep", "sales_rep", full_name="王销售")
    customer = make_customer(rep, "杭州市公安局")
    contact = contact_save(customer=customer, user=rep, data={"name": "李主任", "title": "信息中心主任"})
    other = make_customer(rep, "宁波市公安局")
    contact_save(customer=other, user=rep, data={"name": "外单位联系人", "title": "处长"})
    opportunity = make_opportunity(rep, customer, name="视频监控扩容项目")
    today = timezone.localdate().isoformat()

    log_in(page, rep)
    page.goto(f"/opportunities/{opportunity.pk}/")
    page.locator('[data-bs-target="#activity-panel"]').click()
    panel = page.locator("#activity-panel")
    expect(panel.locator("[name=occurred_on]")).to_have_value(today)
    expect(panel).to_contain_text("李主任（信息中心主任）")
    expect(panel).not_to_contain_text("外单位联系人")
    panel.locator("[name=kind]").select_option("visit")
    panel.locator("[name=subject]").fill("拜访信息中心")
    panel.locator(f'input[name="contacts"][value="{contact.pk}"]').check()
    panel.locator("[name=next_step]").fill("下周提交初步方案")
    panel.locator("[name=next_follow_up_on]").fill(today)
    page.screenshot(path=str(artifacts_dir / "follow-up-form.png"), full_page=True)
    submit(page, panel.locator("button.btn-primary"))

    activity = Activity.objects.get(opportunity=opportunity)
    entry = page.locator(f"#activity-{activity.pk}")
    expect(entry).to_contain_text("下周提交初步方案")
    expect(entry).to_contain_text("李主任")

    page.goto("/")
    follow_ups = page.get_by_test_id("my-follow-ups")
    expect(follow_ups).to_contain_text("下周提交初步方案")
    page.screenshot(path=str(artifacts_dir / "follow-up-my-work.png"), full_page=True)
    with page.expect_navigation():
        follow_ups.get_by_role("link", name="视频监控扩容项目").click()
    expect(page.locator(f"#activity-{activity.pk}")).to_be_visible()
    assert page.console_errors == []
