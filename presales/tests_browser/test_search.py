"""The one search from the navigation box, in a real browser, in Chinese.

A sales rep types a phrase in the box of the navigation bar: the dropdown shows his matching
opportunity with the phrase highlighted (and not another rep's); the arrow key reaches the
suggestion and Escape goes back to the box; Enter opens /search/ with the type tabs, the
facets and the highlighted results; a facet link narrows them. No console error on the way
(a script the CSP refused would be one).

Selectors use data-testid attributes and URLs, never translated wording; assertions on text
use the test's own names (Chinese).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from presales.testing import make_customer, make_opportunity, make_user
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MINE = "温州供电局直流屏改造工程"
THEIRS = "宁波供电局直流屏扩容项目"


def test_rep_finds_his_opportunity_from_the_navigation_box(browser_page, artifacts_dir):
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    other = make_user("li.rep", "sales_rep", full_name="李销售")
    # Saved through the services: each save indexes after its commit (the inline task backend).
    mine = make_opportunity(rep, make_customer(rep, "温州供电局", industry="power_grid"), name=MINE)
    make_opportunity(other, make_customer(other, "宁波供电局", industry="power_grid"), name=THEIRS)
    make_customer(rep, "温州轨道交通直流屏用户", industry="rail")
    page = browser_page

    log_in(page, rep)
    box = page.get_by_test_id("nav-search")
    box.click()
    box.press_sequentially("直流屏", delay=60)
    dropdown = page.get_by_test_id("nav-search-results")
    expect(dropdown).to_be_visible()
    first = dropdown.get_by_test_id("nav-search-hit").filter(has_text="温州供电局直流屏改造")
    expect(first).to_have_count(1)
    expect(first.locator("mark")).to_have_text("直流屏")
    expect(first).to_have_attribute("href", f"/opportunities/{mine.pk}/")
    expect(dropdown).not_to_contain_text("扩容项目")
    assert_screenshot(page, artifacts_dir / "search_nav_dropdown.png")

    # Keyboard: down into the suggestions, Escape back to the box, Enter to the results page.
    box.press("ArrowDown")
    expect(dropdown.get_by_test_id("nav-search-hit").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    expect(dropdown).to_be_hidden()
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%E7%9B%B4%E6%B5%81%E5%B1%8F$"))
    results = page.get_by_test_id("search-results")
    expect(results.get_by_test_id("search-hit")).to_have_count(2)
    expect(results.get_by_test_id("hit-title").filter(has_text="改造工程").locator("mark")).to_have_text("直流屏")
    expect(results).not_to_contain_text("扩容项目")
    expect(page.get_by_test_id("facet-industry")).to_be_visible()
    expect(page.get_by_test_id("type-tabs")).to_be_visible()
    assert_screenshot(page, artifacts_dir / "search_results.png")

    # A facet value narrows the results; its chip removes the filter again.
    rail = page.get_by_test_id("facet-industry").get_by_test_id("facet-value").filter(has_text="轨道交通")
    with page.expect_navigation():
        rail.click()
    expect(results.get_by_test_id("search-hit")).to_have_count(1)
    expect(results).to_contain_text("温州轨道交通直流屏用户")
    with page.expect_navigation():
        page.get_by_test_id("active-filter").click()
    expect(results.get_by_test_id("search-hit")).to_have_count(2)
    assert page.console_errors == []
