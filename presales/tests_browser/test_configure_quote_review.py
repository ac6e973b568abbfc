"""From a configured system to an approved bid price, in a real browser, in Chinese.

The opportunity is in 投标 (set up in Python), the catalog holds an IMPS code rule and its
N+1 system rule. The presales engineer creates a quote from the opportunity page, configures
IMPS48/150 in the catalog configurator (3 + 1 rectifier modules) and adds it to the draft
version in one action. The commercial head lowers unit prices and a discount until the
gross margin falls below 15 %: the routing preview now lists the sales head and the general
manager besides the presales manager. He submits it as the bid price; the three approve in
turn (on the version page and from the inbox). The Excel export carries real formulas and
the Word export (read back with python-docx) shows the page's total and its 大写金额. The
approved bid price is the 投标 stage's 《PCST评审通过的投标报价》.

Selectors use data-testid attributes, form field ids and URLs, never translated wording;
assertions on text use the data of the test and the approval template's Chinese step names.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import cn2an
import pytest
from playwright.sync_api import Page, expect

from presales.lib.money import to_decimal, yuan
from presales.testing import make_customer, make_opportunity, make_user, walk_to
from presales.tests_browser.test_presales_flow import assert_screenshot, log_in, log_out, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BID_PRICE = "PCST评审通过的投标报价"
STEP_MANAGER, STEP_SALES_HEAD, STEP_GM = "售前主管审核", "销售主管审核", "总经理审批"
CODE = "IMPS48/150"
CENT = Decimal("0.01")


def set_up_catalog(commercial) -> dict:
    """Products through the catalog services (commercial maintains the catalog); the
    configurator rules are admin data, created directly."""
    from presales.catalog import services as catalog_services
    from presales.catalog.models import CodeField, ModelCodeRule, ProductCategory, SystemAccessory, SystemRule

    category = ProductCategory.objects.create(name="通信电源系统", order=1)

    def product(code, name, unit, price, cost, channel):
        return catalog_services.product_create(
            user=commercial,
            data={
                "category": category,
                "model_code": code,
                "name": name,
                "unit": unit,
                "list_price": Decimal(price),
                "standard_cost": Decimal(cost),
                "channel_price": Decimal(channel),
            },
        )

    module = product("ZHR4850", "48V/50A 高频开关整流模块", "块", "4200", "2600", "3600")
    monitor = product("ZHM05", "IMPS 智能监控单元", "台", "5000", "3100", "4000")
    cabinet = product("IMPS-CAB", "IMPS 通信电源机柜", "面", "20000", "12000", "16000")
    rule = ModelCodeRule.objects.create(
        family="IMPS 通信电源系统", pattern="IMPS{voltage}/{current}", category=category
    )
    CodeField.objects.create(rule=rule, key="voltage", label="标称电压", unit="V", allowed_values="24,48", order=1)
    CodeField.objects.create(rule=rule, key="current", label="额定输出电流", unit="A", allowed_values="50-600", order=2)
    system = SystemRule.objects.create(
        code_rule=rule,
        name="IMPS 通信电源系统（N+1）",
        module_product=module,
        module_rating_a=Decimal("50"),
        redundancy=1,
        cabinet_product=cabinet,
    )
    SystemAccessory.objects.create(system_rule=system, product=monitor, quantity=Decimal("1"), order=1)
    return {"module": module, "monitor": monitor, "cabinet": cabinet, "system": system}


def line_row(page: Page, model_code: str):
    return page.get_by_test_id("quote-lines").get_by_test_id("line-row").filter(has_text=model_code)


def edit_line(page: Page, model_code: str, **values: str) -> None:
    """Edit a line in place on the version page (htmx): its form takes the row's place, saving
    puts the row back with the totals, no page load."""
    url = page.url
    line_row(page, model_code).get_by_test_id("line-edit").click()
    row = page.get_by_test_id("line-edit-row")
    expect(row).to_have_count(1)
    for name, value in values.items():
        row.locator(f"[name$='-{name}']").fill(value)
    row.get_by_test_id("line-save").click()
    expect(page.get_by_test_id("line-edit-row")).to_have_count(0)
    expect(page.get_by_test_id("quote-flash")).to_be_visible()
    assert page.url == url


def decide_on_page(page: Page, comment: str) -> None:
    decide = page.get_by_test_id("approval-decide")
    decide.locator("textarea[name=comment]").fill(comment)
    submit(page, decide.locator("button[name=decision][value=approve]"))


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def check_xlsx(path, page_total: Decimal, line_amounts: list[Decimal]) -> None:
    """The workbook holds formulas, not figures: evaluate them from the cells and compare."""
    from openpyxl import load_workbook

    ws = load_workbook(path).active  # formulas kept as text
    headers = [ws.cell(row=4, column=c).value for c in range(1, ws.max_column + 1)]
    assert len([h for h in headers if h]) == 13, headers  # commercial sees the 3 cost columns
    values: dict[int, Decimal] = {}
    line_rows, subtotal_rows, total_rows = [], [], []
    for row in range(5, ws.max_row + 1):
        formula = ws.cell(row=row, column=10).value
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        if formula == f"=ROUND(F{row}*G{row}*(1-H{row}/100),2)":
            qty, price, discount = (Decimal(str(ws.cell(row=row, column=c).value)) for c in (6, 7, 8))
            values[row] = money(qty * price * (1 - discount / 100))
            line_rows.append(row)
        elif match := re.fullmatch(r"=SUM\(J(\d+):J(\d+)\)", formula):
            first, last = int(match.group(1)), int(match.group(2))
            values[row] = sum((values[r] for r in range(first, last + 1)), Decimal("0.00"))
            subtotal_rows.append(row)
        elif match := re.fullmatch(r"=SUM\((J\d+(?:,J\d+)*)\)", formula):
            values[row] = sum((values[int(ref[1:])] for ref in match.group(1).split(",")), Decimal("0.00"))
            total_rows.append(row)
    assert [values[r] for r in line_rows] == line_amounts
    assert len(subtotal_rows) == 1 and len(total_rows) == 1, (subtotal_rows, total_rows)
    total_row, subtotal_row = total_rows[0], subtotal_rows[0]
    assert ws.cell(row=total_row, column=10).value == f"=SUM(J{subtotal_row})"
    assert values[total_row] == page_total
    # Commercial sees cost: per-line cost formulas, their subtotal, total cost and gross margin.
    assert [ws.cell(row=r, column=12).value for r in line_rows] == [f"=ROUND(F{r}*K{r},2)" for r in line_rows]
    assert ws.cell(row=subtotal_row, column=12).value == f"=SUM(L{line_rows[0]}:L{line_rows[-1]})"
    assert ws.cell(row=total_row + 1, column=10).value == f"=SUM(L{subtotal_row})"
    assert ws.cell(row=total_row + 2, column=10).value == f"=J{total_row}-J{total_row + 1}"


def check_docx(path, page_total: Decimal, line_amounts: list[Decimal], codes: list[str]) -> None:
    from docx import Document

    document = Document(str(path))
    texts = [p.text.strip() for p in document.paragraphs]
    assert f"合计（含税）：{yuan(page_total)}" in texts and "合计（含税）：¥27,788.88" in texts, texts
    words = cn2an.an2cn(str(page_total), "rmb")
    assert f"大写金额：{words}" in texts, texts
    assert words.startswith("贰万柒仟柒佰捌拾捌元")
    table = document.tables[0]
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows[1:]]
    assert [row[2] for row in rows] == codes
    assert [row[9] for row in rows] == [yuan(amount) for amount in line_amounts]
    assert any(text.startswith("成本合计：¥25,500.00") for text in texts), texts  # commercial sees cost


def test_configure_quote_review_and_export(browser_page, artifacts_dir, tmp_path):
    from presales.approvals.models import Approval, ApprovalAssignment, ApprovalStatus, Outcome
    from presales.opportunities.services import gate_missing
    from presales.quotes.models import Purpose, Quote, QuoteVersion, VersionStatus

    # 1. Set-up in Python: the people, an opportunity in 投标, the IMPS catalog data.
    rep = make_user("sun.rep", "sales_rep", full_name="孙销售")
    engineer = make_user("li.eng", "presales_engineer", full_name="李工")
    manager = make_user("he.mgr", "presales_manager", full_name="何主管")
    sales_head = make_user("qian.head", "sales_head", full_name="钱总监")
    general_manager = make_user("zhao.gm", "general_manager", full_name="赵总")
    commercial = make_user("xu.biz", "commercial", full_name="徐商务")
    customer = make_customer(rep, "国网浙江省电力有限公司杭州供电公司", short_name="杭州供电")
    opportunity = make_opportunity(
        rep, customer, name="杭州供电220kV变电站通信电源改造", presales_lead=engineer, has_tender=True
    )
    opportunity = walk_to(opportunity, "bidding", worker=engineer, approver=manager)
    assert opportunity.current_stage.name == "投标"
    assert any(f"《{BID_PRICE}》" in reason for reason in gate_missing(opportunity))
    catalog = set_up_catalog(commercial)
    page = browser_page
    detail_url = f"/opportunities/{opportunity.pk}/"

    # 2. The engineer creates a quote from the opportunity page.
    log_in(page, engineer)
    page.goto(detail_url)
    submit(page, page.get_by_test_id("quotes-section").get_by_test_id("quote-new"))
    expect(page).to_have_url(re.compile(rf"/quotes/new/\?opportunity={opportunity.pk}$"))
    page.locator("#id_title").fill("杭州供电通信电源改造投标报价")
    submit(page, page.locator('main form[data-testid="quote-form"] button[type=submit]'))
    quote = Quote.objects.get(opportunity=opportunity)
    version = quote.versions.get(number=1)
    expect(page).to_have_url(re.compile(rf"/quotes/versions/{version.pk}/$"))
    expect(page.get_by_test_id("quote-lines").get_by_test_id("line-row")).to_have_count(0)

    # 3. The configurator: type the model code, see the fields and the N+1 bill of materials.
    page.get_by_test_id("nav-commercial").click()
    submit(page, page.locator('nav a.dropdown-item[href="/catalog/"]'))
    submit(page, page.get_by_test_id("catalog-tabs").locator('a[href="/catalog/configurator/"]'))
    page.locator("#id_code").fill(CODE)
    submit(page, page.get_by_test_id("configure"))
    expect(page.get_by_test_id("configurator-errors")).to_have_count(0)
    expect(page.get_by_test_id("configured-code")).to_have_text(CODE)
    expect(page.locator("#id_system_rule")).to_have_value(str(catalog["system"].pk))
    expect(page.locator("#id_f_voltage")).to_have_value("48")
    expect(page.locator("#id_f_current")).to_have_value("150")
    expect(page.get_by_test_id("code-fields")).to_contain_text("额定输出电流")
    expect(page.get_by_test_id("module-count")).to_have_text("3 + 1 = 4")
    bom = page.get_by_test_id("bom").locator("tbody tr")
    expect(bom).to_have_count(3)
    expect(bom.filter(has_text="ZHR4850").locator("td").nth(2)).to_have_text("4")
    expect(bom.filter(has_text="IMPS-CAB").locator("td").nth(2)).to_have_text("1")
    expect(bom.filter(has_text="ZHM05").locator("td").nth(2)).to_have_text("1")
    expect(page.get_by_test_id("bom")).not_to_contain_text("2600")  # the engineer sees no cost
    assert_screenshot(page, artifacts_dir / "configurator.png")

    # 4. One action: the configuration becomes lines of the draft version.
    add = page.get_by_test_id("add-configuration")
    expect(add.locator("#cfg-version")).to_have_value(str(version.pk))
    submit(page, add.get_by_test_id("add-configuration-submit"))
    expect(page).to_have_url(re.compile(rf"/quotes/versions/{version.pk}/(#lines)?$"))
    expect(page.get_by_test_id("quote-lines").get_by_test_id("line-row")).to_have_count(3)
    expect(page.get_by_test_id("quote-lines")).to_contain_text(CODE)  # the section is named after the code
    expect(page.get_by_test_id("total")).to_have_text("¥41,800.00")  # 20000 + 4 × 4200 + 5000
    version.refresh_from_db()
    assert (version.line_count, version.total_amount, version.total_cost) == (
        3,
        Decimal("41800.00"),
        Decimal("25500.00"),
    )
    log_out(page)

    # 5. Commercial lowers prices: margin 39 % → below 15 %; two more approvers are routed in.
    log_in(page, commercial)
    page.goto(f"/quotes/versions/{version.pk}/")
    expect(page.get_by_test_id("margin-percent")).to_have_text("39.00%")
    routing = page.get_by_test_id("routing-bid")
    expect(routing.get_by_test_id("route-step-applies")).to_have_count(1)
    expect(routing.get_by_test_id("route-step-applies")).to_have_text([STEP_MANAGER])
    expect(routing.get_by_test_id("route-step")).to_have_count(2)  # struck through: not routed
    edit_line(page, "ZHR4850", unit_price="3000.00")
    edit_line(page, "IMPS-CAB", discount_percent="45.5")
    edit_line(page, "ZHM05", unit_price="4888.88")
    lines = page.get_by_test_id("quote-lines")
    expect(line_row(page, "IMPS-CAB").locator("td.amount")).to_have_text("¥10,900.00")
    expect(line_row(page, "ZHR4850").locator("td.amount")).to_have_text("¥12,000.00")
    expect(line_row(page, "ZHM05").locator("td.amount")).to_have_text("¥4,888.88")
    expect(page.get_by_test_id("total")).to_have_text("¥27,788.88")
    expect(page.get_by_test_id("total-cost")).to_have_text("¥25,500.00")
    expect(page.get_by_test_id("margin-percent")).to_have_text("8.24%")
    expect(routing.get_by_test_id("route-step-applies")).to_have_text(
        [re.compile(rf"^{step}( |$)") for step in (STEP_MANAGER, STEP_SALES_HEAD, STEP_GM)]
    )
    expect(routing.get_by_test_id("route-step")).to_have_count(0)
    form = page.get_by_test_id("submit-review")
    form.locator("#purpose").select_option(Purpose.BID)
    form.locator("#review-note").fill("毛利率低于15%，为中标需总经理审批。")
    submit(page, form.locator("button"))
    version.refresh_from_db()
    assert (version.status, version.purpose) == (VersionStatus.IN_REVIEW, Purpose.BID)
    panel = page.get_by_test_id("approval-panel")
    expect(panel.get_by_test_id("approval-round")).to_have_count(1)
    for step in (STEP_MANAGER, STEP_SALES_HEAD, STEP_GM):
        expect(panel).to_contain_text(step)
    expect(panel).to_contain_text("何主管")
    expect(page.get_by_test_id("submit-review")).to_have_count(0)
    expect(lines.get_by_test_id("line-edit")).to_have_count(0)  # frozen while in review
    log_out(page)

    # 6. Presales manager on the version page, sales head from the inbox, the general manager
    # on the version page reached from his inbox.
    log_in(page, manager)
    page.goto(f"/quotes/versions/{version.pk}/")
    decide_on_page(page, "技术配置合理，同意。")
    expect(page.get_by_test_id("approval-decide")).to_have_count(0)
    log_out(page)

    log_in(page, sales_head)
    expect(page.get_by_test_id("nav-approvals").locator(".badge")).to_have_text("1")
    page.goto("/approvals/")
    row = page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(quote.code)
    expect(row).to_contain_text(STEP_SALES_HEAD)
    row.locator("textarea[name=comment]").fill("战略客户，同意让利。")
    submit(page, row.locator("button[name=decision][value=approve]"))
    expect(page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")).to_have_count(0)
    log_out(page)

    log_in(page, general_manager)
    page.goto("/approvals/")
    row = page.get_by_test_id("approval-inbox").get_by_test_id("inbox-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(STEP_GM)
    submit(page, row.locator("a").first)
    expect(page).to_have_url(re.compile(rf"/quotes/versions/{version.pk}/"))
    decide_on_page(page, "同意按此价投标。")
    expect(page.get_by_test_id("approval-decide")).to_have_count(0)
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    log_out(page)

    approval = Approval.objects.for_target(version).get()
    assert approval.status == ApprovalStatus.APPROVED
    decisions = ApprovalAssignment.objects.filter(step__approval=approval).exclude(outcome="")
    assert sorted((d.step.name, d.approver.username, d.outcome) for d in decisions) == sorted(
        [
            (STEP_MANAGER, manager.username, Outcome.APPROVE),
            (STEP_SALES_HEAD, sales_head.username, Outcome.APPROVE),
            (STEP_GM, general_manager.username, Outcome.APPROVE),
        ]
    )

    # 7. Commercial exports Excel and Word; both agree with the page.
    log_in(page, commercial)
    page.goto(f"/quotes/versions/{version.pk}/")
    expect(page.get_by_test_id("approval-panel")).to_contain_text("同意按此价投标。")
    page_total = to_decimal(page.get_by_test_id("total").inner_text().strip().lstrip("¥"))
    assert page_total == Decimal("27788.88")
    rows = page.get_by_test_id("quote-lines").get_by_test_id("line-row")
    line_amounts = [to_decimal(t.strip().lstrip("¥")) for t in rows.locator("td.amount").all_inner_texts()]
    codes = [t.strip() for t in rows.locator("td:nth-child(2)").all_inner_texts()]
    assert codes == ["IMPS-CAB", "ZHR4850", "ZHM05"] and sum(line_amounts) == page_total
    assert_screenshot(page, artifacts_dir / "quote.png")

    with page.expect_download() as xlsx_info:
        page.get_by_test_id("export-xlsx").click()
    xlsx_download = xlsx_info.value
    assert xlsx_download.suggested_filename == f"{quote.code}-v1.xlsx"
    xlsx_path = tmp_path / xlsx_download.suggested_filename
    xlsx_download.save_as(xlsx_path)
    check_xlsx(xlsx_path, page_total, line_amounts)

    with page.expect_download() as docx_info:
        page.get_by_test_id("export-docx").click()
    docx_download = docx_info.value
    assert docx_download.suggested_filename == f"{quote.code}-v1.docx"
    docx_path = tmp_path / docx_download.suggested_filename
    docx_download.save_as(docx_path)
    check_docx(docx_path, page_total, line_amounts, codes)

    # 8. The approved bid price is 投标's 《PCST评审通过的投标报价》: the gate no longer asks for it.
    opportunity.refresh_from_db()
    assert not any(f"《{BID_PRICE}》" in reason for reason in gate_missing(opportunity))
    assert QuoteVersion.objects.get(pk=version.pk).approved_at is not None

    # No console errors (CSP violations are reported there) on any page of the walk.
    assert page.console_errors == []
