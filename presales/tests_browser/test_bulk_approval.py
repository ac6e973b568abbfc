"""Bulk approval from the inbox, in a real browser, in Chinese.

Three quote versions wait for the presales manager's price review (售前主管审核, set up in
Python through the services). He filters nothing, ticks two rows, clicks the bulk approval
button and confirms: both are approved — each as its own decision — the third still waits,
and "decided by me" lists the two as approved.

Selectors use data-testid attributes and form field names, never translated wording;
assertions on text use the data of the test.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from presales.testing import make_customer, make_opportunity, make_user
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_approves_two_items_at_once(browser_page, artifacts_dir):
    from presales.approvals.models import Approval, ApprovalStatus
    from presales.approvals.tests.test_inbox import priced_quote
    from presales.quotes.models import VersionStatus

    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    commercial = make_user("zhou.com", "commercial", full_name="周商务")
    manager = make_user("chen.mgr", "presales_manager", full_name="陈主管")
    opportunity = make_opportunity(rep, make_customer(rep, "杭州市公安局"), presales_lead=engineer)
    versions = [
        priced_quote(opportunity, rep, commercial, title=title, margin="30")
        for title in ("园区安防报价", "机房改造报价", "备件报价")
    ]
    rounds = [Approval.objects.for_target(v).get() for v in versions]
    page = browser_page

    log_in(page, manager)
    page.goto("/approvals/")
    expect(page.get_by_test_id("inbox-row")).to_have_count(3)
    for approval in rounds[:2]:
        page.get_by_test_id("inbox-row").filter(has_text=approval.title).locator("input[name=approval]").check()
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, page.get_by_test_id("bulk-approve"))

    expect(page.locator(".alert-success")).to_contain_text("2")
    expect(page.get_by_test_id("inbox-row")).to_have_count(1)
    expect(page.get_by_test_id("inbox-row")).to_contain_text(rounds[2].title)
    assert_screenshot(page, artifacts_dir / "bulk-approval-inbox.png")

    page.goto("/approvals/?tab=decided")
    for approval in rounds[:2]:
        row = page.locator("tr").filter(has_text=approval.title)
        expect(row.locator(".badge.text-bg-success")).to_be_visible()
    expect(page.locator("tr").filter(has_text=rounds[2].title)).to_have_count(0)

    statuses = [Approval.objects.get(pk=a.pk).status for a in rounds]
    assert statuses == [ApprovalStatus.APPROVED, ApprovalStatus.APPROVED, ApprovalStatus.PENDING]
    for version in versions:
        version.refresh_from_db()
    assert [v.status for v in versions] == [VersionStatus.APPROVED, VersionStatus.APPROVED, VersionStatus.IN_REVIEW]
    assert not page.console_errors, page.console_errors
    assert re.search(r"/approvals/\?tab=decided$", page.url)
