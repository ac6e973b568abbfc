"""In a real browser, in Chinese: a quote line is deleted in place (the row goes, the total
follows, no page load, the page's version fields follow so that the next change goes
through), and a team member is picked with the searchable people picker, which offers
neither finance nor administrators. Selectors use data-testid attributes and form names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from presales.lib.money import yuan
from presales.quotes import services
from presales.quotes.tests.conftest import add_line
from presales.testing import make_customer, make_opportunity, make_user
from presales.tests_browser.test_presales_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_delete_in_place_then_pick_a_team_member(browser_page):
    from decimal import Decimal

    page = browser_page
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    engineer = make_user("zhang.eng", "presales_engineer", full_name="张工")
    make_user("wu.fin", "finance", full_name="吴财务")
    li = make_user("li.eng", "presales_engineer", full_name="李工程师")
    opportunity = make_opportunity(rep, make_customer(rep, "杭州市公安局"), presales_lead=engineer)
    quote = services.quote_create(user=rep, opportunity=opportunity, title="园区安防报价")
    version = quote.versions.get(number=1)
    add_line(version, rep, name="摄像机", quantity="10", price="1000.00")
    add_line(version, rep, name="交换机", quantity="2", price="500.00")
    add_line(version, rep, name="光纤", quantity="1", price="300.00")

    log_in(page, rep)
    page.goto(f"/quotes/versions/{version.pk}/")
    rows = page.get_by_test_id("quote-lines").get_by_test_id("line-row")
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("total")).to_have_text(yuan(Decimal("11300.00")))
    url = page.url
    page.on("dialog", lambda dialog: dialog.accept())  # "删除此行？"

    rows.filter(has_text="交换机").get_by_test_id("line-delete").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("total")).to_have_text(yuan(Decimal("10300.00")))
    expect(page.get_by_test_id("quote-flash")).to_be_visible()
    rows.filter(has_text="光纤").get_by_test_id("line-delete").click()  # the second change is not stale
    expect(rows).to_have_count(1)
    expect(page.get_by_test_id("total")).to_have_text(yuan(Decimal("10000.00")))
    assert page.url == url
    assert list(version.lines.values_list("name", flat=True)) == ["摄像机"]

    page.goto(f"/opportunities/{opportunity.pk}/")
    team = page.get_by_test_id("team")
    picker = team.locator(".ts-wrapper").first
    expect(picker).to_be_visible()
    picker.click()
    page.keyboard.type("吴")
    expect(page.locator(".ts-dropdown .option")).to_have_count(0)  # finance is not offered
    page.keyboard.press("Backspace")
    page.keyboard.type("李工")
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("李工程师")
    options.first.click()
    team.locator("select[name=role]").select_option("presales")
    form = team.locator(f"form[action='/opportunities/{opportunity.pk}/team/add/']")
    expect(form.locator("select[name=user]")).to_have_value(str(li.pk))
    # Straight from the picker to the button: the first click submits (no layout shift, app.css).
    with page.expect_navigation(timeout=5000):
        form.locator("button.btn-outline-primary").click()
    expect(page.get_by_test_id("team")).to_contain_text("李工程师")
    assert page.console_errors == []
