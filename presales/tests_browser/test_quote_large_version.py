"""In a real browser: a quote version above quotes.selectors.COLLAPSE_ABOVE lines shows its
sections collapsed; opening one loads its lines in place (htmx), a line of it is deleted in
place, and closing it takes the lines away again — no page load throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from presales.lib.money import yuan
from presales.quotes import services
from presales.quotes.models import QuoteSection
from presales.quotes.tests.conftest import add_line
from presales.quotes.tests.test_large_version import bulk_lines
from presales.testing import make_customer, make_opportunity, make_user
from presales.tests_browser.test_presales_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_large_version_opens_one_section_at_a_time(browser_page):
    page = browser_page
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    opportunity = make_opportunity(rep, make_customer(rep, "杭州市公安局"))
    quote = services.quote_create(user=rep, opportunity=opportunity, title="园区安防报价")
    version = quote.versions.get(number=1)
    add_line(version, rep, name="摄像机", quantity="10", price="1000.00")
    bulk_lines(version, 250, sections=2)
    version.refresh_from_db()
    section = QuoteSection.objects.get(version=version, name="分项1")
    share = section.lines.count()

    log_in(page, rep)
    page.goto(f"/quotes/versions/{version.pk}/")
    url = page.url
    lines = page.get_by_test_id("quote-lines")
    rows = lines.get_by_test_id("line-row")
    expect(rows).to_have_count(0)
    expect(page.get_by_test_id("total")).to_have_text(yuan(version.total_amount))
    group = page.locator(f"#group-{section.pk}")
    group.get_by_test_id("section-open").click()
    expect(group.get_by_test_id("line-row")).to_have_count(share)
    expect(rows).to_have_count(share)  # the other sections stay closed

    page.on("dialog", lambda dialog: dialog.accept())
    group.get_by_test_id("line-row").first.get_by_test_id("line-delete").click()
    expect(group.get_by_test_id("line-row")).to_have_count(share - 1)
    expect(page.get_by_test_id("quote-flash")).to_be_visible()
    version.refresh_from_db()
    expect(page.get_by_test_id("total")).to_have_text(yuan(version.total_amount))
    # The page's edit counter followed: a second delete is not refused as stale.
    group.get_by_test_id("line-row").first.get_by_test_id("line-delete").click()
    expect(group.get_by_test_id("line-row")).to_have_count(share - 2)

    group.get_by_test_id("section-close").click()
    expect(group.get_by_test_id("section-open")).to_be_visible()
    expect(rows).to_have_count(0)
    assert page.url == url
    assert page.console_errors == []
