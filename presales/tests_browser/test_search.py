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
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in, log_out

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


LIBRARY_TITLE = "直流屏蓄电池巡检规程"
LIBRARY_BODY = "阀控式密封铅酸蓄电池组每季度进行一次核对性放电试验，放电深度为额定容量的百分之五十。"


def test_a_library_document_is_found_by_its_body_only_by_its_readers(browser_page, artifacts_dir, tmp_path):
    """The issue's browser test: a Chinese Word document uploaded to 技术库 through the form,
    readable by presales engineers only, is found from the navigation box by a phrase of its
    body with the snippet highlighted and its preview opened; a sales rep finds nothing."""
    from presales.testing import file_content

    manager = make_user("chen.mgr", "presales_manager", full_name="陈主管")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    document = tmp_path / "蓄电池巡检规程.docx"
    document.write_bytes(file_content(document.name, LIBRARY_BODY))
    page = browser_page

    # The library keeper uploads it to 技术库, for presales engineers only, and publishes it.
    log_in(page, manager)
    page.goto("/library/doc/new/")
    form = page.get_by_test_id("document-form")
    form.locator("#id_title").fill(LIBRARY_TITLE)
    folder = form.locator("#id_folder option", has_text="技术库 / 产品技术资料").get_attribute("value")
    form.locator("#id_folder").select_option(folder)
    form.locator("#id_file").set_input_files(str(document))
    form.locator("#id_access").select_option("own")
    form.locator("#id_read_roles").select_option(["presales_engineer"])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/library/doc/\d+/$"))
    document_url = page.url.removeprefix(page.url.split("/library/")[0])
    with page.expect_navigation():
        page.get_by_test_id("action-publish").click()
    log_out(page)

    # An engineer finds it from the box by a phrase of its body, and opens its preview.
    log_in(page, engineer)
    box = page.get_by_test_id("nav-search")
    box.click()
    box.press_sequentially("核对性放电试验", delay=60)
    hit = page.get_by_test_id("nav-search-results").get_by_test_id("nav-search-hit").filter(has_text=LIBRARY_TITLE)
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_be_visible()
    expect(hit).to_have_attribute("href", document_url)
    assert_screenshot(page, artifacts_dir / "search_library_dropdown.png")
    with page.expect_navigation():
        box.press("Enter")
    result = page.get_by_test_id("search-results").get_by_test_id("search-hit").filter(has_text=LIBRARY_TITLE)
    expect(result.get_by_test_id("hit-snippet").locator("mark").first).to_be_visible()
    expect(page.get_by_test_id("facet-library")).to_contain_text("技术库")
    assert_screenshot(page, artifacts_dir / "search_library_results.png")
    with page.expect_navigation():
        result.get_by_test_id("hit-title").click()
    expect(page.get_by_test_id("preview-text")).to_contain_text("核对性放电试验")
    assert_screenshot(page, artifacts_dir / "search_library_preview.png")
    log_out(page)

    # A sales rep may not read it: neither the box nor the page shows it, not even as a count.
    log_in(page, rep)
    box = page.get_by_test_id("nav-search")
    box.click()
    box.press_sequentially("核对性放电试验", delay=60)
    expect(page.get_by_test_id("nav-search-empty")).to_be_visible()
    page.goto("/search/?q=核对性放电试验")
    expect(page.get_by_test_id("no-results")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(LIBRARY_TITLE)
    assert page.console_errors == []


def test_enter_in_the_box_opens_the_results_without_asking_for_suggestions_again(browser_page):
    """Enter submits the form; it does not also send the dropdown's request (Chromium fires a
    `search` event on Enter, which the box no longer listens to)."""
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    make_opportunity(rep, make_customer(rep, "温州供电局", industry="power_grid"), name=MINE)
    page = browser_page
    log_in(page, rep)
    box = page.get_by_test_id("nav-search")
    box.click()
    box.press_sequentially("直流屏", delay=60)
    expect(page.get_by_test_id("nav-search-results").get_by_test_id("nav-search-hit")).to_have_count(1)
    suggestions: list[str] = []
    page.on("request", lambda request: suggestions.append(request.url) if "/search/suggest/" in request.url else None)
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_test_id("search-results").get_by_test_id("search-hit")).to_have_count(1)
    assert suggestions == []


def test_the_live_server_answers_requests_sent_at_once(browser_page):
    """Twelve requests at once all get their page: the test server answers one at a time, so the
    in-memory SQLite database it shares between threads never sees two transactions at once."""
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    make_opportunity(rep, make_customer(rep, "温州供电局", industry="power_grid"), name=MINE)
    page = browser_page
    log_in(page, rep)
    statuses = page.evaluate(
        """() => Promise.all(Array.from({length: 12}, (_, i) =>
            fetch((i % 2 ? "/search/suggest/?q=" : "/search/?q=") + encodeURIComponent("直流屏"))
              .then((answer) => answer.status)))"""
    )
    assert statuses == [200] * 12
