"""The pipeline board in a real browser, in Chinese: a card's button asks before it moves
(cancel keeps it), the confirmed move puts the card in its new column and updates both
columns' counts and 万元 totals in place; a drop onto a column swapped in by that move moves
too; six columns fit at 1366 px and a phone scrolls the board, not the page.

Screenshots go to /tmp/shots-board/ (board-1366.png, board-390.png) and test-artifacts/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from presales.testing import make_user
from presales.tests_browser.test_presales_flow import assert_screenshot, drag_card, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/shots-board")


def column(page, code: str):
    return page.get_by_test_id(f"column-{code}")


def test_confirm_a_move_and_see_both_columns_update(browser_page, artifacts_dir):
    from presales.opportunities.models import Opportunity
    from presales.testing import complete_stage, make_customer, make_opportunity

    SHOTS.mkdir(exist_ok=True)
    rep = make_user("li.rep", "sales_rep", full_name="李销售")
    engineer = make_user("zhao.eng", "presales_engineer", full_name="赵工")
    manager = make_user("sun.mgr", "presales_manager", full_name="孙主管")
    customer = make_customer(rep, "杭州市西湖区教育局", industry="education")
    ready = make_opportunity(
        rep, customer, name="智慧校园一期", presales_lead=engineer, expected_amount=Decimal("1200000")
    )
    complete_stage(ready, worker=engineer, approver=manager)
    also_ready = make_opportunity(
        rep, customer, name="智慧校园二期", presales_lead=engineer, expected_amount=Decimal("500000")
    )
    complete_stage(also_ready, worker=engineer, approver=manager)
    make_opportunity(rep, customer, name="教育城域网改造", presales_lead=engineer, expected_amount=Decimal("300000"))
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, rep)
    page.goto("/opportunities/board/")
    page.evaluate("window.__sameDocument = 'board-loaded'")
    expect(column(page, "contact").get_by_test_id("count")).to_have_text("3")
    expect(column(page, "contact").get_by_test_id("total")).to_have_text("200.00万元")

    # Six columns fit at 1366 px: the sixth ends inside the window, nothing to scroll sideways.
    last = column(page, "implementation").bounding_box()
    assert last["x"] + last["width"] <= 1366
    assert page.evaluate("(() => { const b = document.querySelector('[data-testid=board]'); "
                         "return b.scrollWidth <= b.clientWidth; })()")  # fmt: skip
    page.screenshot(path=str(SHOTS / "board-1366.png"), full_page=True)

    # One click only asks: from where to where, and what the gate says. Cancel keeps the card.
    card = page.get_by_test_id(f"card-{ready.code}")
    card.get_by_test_id("advance").click()
    confirm = card.get_by_test_id("confirm")
    expect(confirm).to_contain_text("接触")
    expect(confirm).to_contain_text("咨询")
    page.screenshot(path=str(SHOTS / "board-confirm-1366.png"), full_page=True)
    confirm.locator("button[type=button]").click()
    expect(card.get_by_test_id("confirm")).to_have_count(0)
    assert Opportunity.objects.get(pk=ready.pk).current_stage.code == "contact"

    # Confirmed: the card is in 咨询, and both columns' counts and totals changed in place.
    card.get_by_test_id("advance").click()
    card.get_by_test_id("confirm-move").click()
    moved = column(page, "consulting").get_by_test_id(f"card-{ready.code}")
    expect(moved.locator("[role=status]")).to_be_visible()
    expect(column(page, "contact").get_by_test_id(f"card-{ready.code}")).to_have_count(0)
    expect(column(page, "contact").get_by_test_id("count")).to_have_text("2")
    expect(column(page, "contact").get_by_test_id("total")).to_have_text("80.00万元")
    expect(column(page, "consulting").get_by_test_id("count")).to_have_text("1")
    expect(column(page, "consulting").get_by_test_id("total")).to_have_text("120.00万元")
    assert Opportunity.objects.get(pk=ready.pk).current_stage.code == "consulting"

    # The columns swapped in take drops too: the drop is the confirmation.
    drag_card(page, f"card-{also_ready.code}", "column-consulting")
    expect(column(page, "consulting").get_by_test_id(f"card-{also_ready.code}")).to_be_visible()
    expect(column(page, "consulting").get_by_test_id("count")).to_have_text("2")
    expect(column(page, "consulting").get_by_test_id("total")).to_have_text("170.00万元")
    expect(column(page, "contact").get_by_test_id("count")).to_have_text("1")
    assert Opportunity.objects.get(pk=also_ready.pk).current_stage.code == "consulting"

    assert page.evaluate("window.__sameDocument") == "board-loaded", "the board page was reloaded"
    assert_screenshot(page, artifacts_dir / "board-move.png")
    page.screenshot(path=str(SHOTS / "board-moved-1366.png"), full_page=True)

    # A phone: the board scrolls sideways inside itself; the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(column(page, "contact")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("(() => { const b = document.querySelector('[data-testid=board]'); "
                         "return b.scrollWidth > b.clientWidth; })()")  # fmt: skip
    page.screenshot(path=str(SHOTS / "board-390.png"), full_page=True)
    assert page.console_errors == []
