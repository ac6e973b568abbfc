"""Finance works the profit list in a real browser, in Chinese: finds it in the navigation,
sorts by a column head (and back), filters keeping the sort, and downloads the Excel export
that holds the same rows in the same order plus the totals row.

Selectors use data-testid attributes, form field ids and URLs, never translated wording."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from presales.contracts.models import Contract
from presales.lib.tests.list_rows import ListRows
from presales.testing import make_user
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_finance_sorts_filters_and_exports_the_profit_list(browser_page, artifacts_dir):
    rep = make_user("wang.rep", "sales_rep", full_name="王销售")
    other = make_user("li.rep", "sales_rep", full_name="李销售")
    finance = make_user("wu.fin", "finance", full_name="吴财务")
    ListRows(rep, other).add(6)
    Contract.objects.filter(pk__in=Contract.objects.order_by("pk").values("pk")[:2]).update(costs_complete=True)
    page = browser_page

    log_in(page, finance)
    page.get_by_test_id("nav-commercial").click()
    page.get_by_test_id("nav-profit").click()
    expect(page).to_have_url(re.compile(r"/contracts/profit/$"))
    expect(page.get_by_test_id("profit-row")).to_have_count(6)
    expect(page.get_by_test_id("profit-provisional")).to_have_count(4)
    expect(page.get_by_test_id("profit-final")).to_have_count(2)

    # Sort by the reviewed price, then the other way round.
    page.locator('a[data-sort="amount"]').click()
    expect(page).to_have_url(re.compile(r"sort=amount$"))
    expect(page.locator('a[data-sort="amount"][data-sort-active="asc"]')).to_be_visible()
    ascending = page.get_by_test_id("profit-row").locator("td:first-child").all_inner_texts()
    page.locator('a[data-sort="amount"]').click()
    expect(page).to_have_url(re.compile(r"sort=-amount$"))
    assert page.get_by_test_id("profit-row").locator("td:first-child").all_inner_texts() == ascending[::-1]

    # Filter the provisional ones: the sort stays.
    page.locator("#id_costs").select_option("no")
    submit(page, page.get_by_test_id("profit-filter").locator("button"))
    expect(page).to_have_url(re.compile(r"costs=no.*sort=-amount|sort=-amount.*costs=no"))
    expect(page.get_by_test_id("profit-row")).to_have_count(4)
    shown = page.get_by_test_id("profit-row").locator("td:first-child").all_inner_texts()
    assert_screenshot(page, artifacts_dir / "lists-profit.png")

    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename == "contract-profit.xlsx"
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(file).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in values[1:-1]] == shown  # the same rows, the same order
    assert len(values) == 1 + 4 + 1  # header, rows, totals
    assert page.console_errors == []
