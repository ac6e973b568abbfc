"""Excel and Word exports of a quote version. Cost, channel price and margin are omitted
entirely (no column, no row, not in the render context) unless the user sees cost."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import cn2an
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from presales.lib.excel import Formula, put
from presales.lib.excel import money as excel_money
from presales.lib.money import EXCEL_PERCENT, EXCEL_YUAN, percent, yuan
from presales.lib.numbers import plain
from presales.quotes import selectors

DOCX_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "quote.docx"


def amount_in_words(total) -> str:
    """大写金额, e.g. 壹仟贰佰叁拾肆元伍角陆分; empty beyond the 16 digits cn2an writes (only a
    version from before the bounds of presales.lib.bounds sums that high)."""
    try:
        return cn2an.an2cn(str(total), "rmb")
    except ValueError:
        return ""


# Excel -------------------------------------------------------------------------------------


def line_headers(show_cost: bool) -> list[str]:
    headers = [
        _("No."),
        _("Model code"),
        _("Name"),
        _("Spec"),
        _("Unit"),
        _("Quantity"),
        _("Unit price"),
        _("Discount %"),
        _("Tax rate %"),
        _("Amount"),
    ]
    if show_cost:
        headers += [_("Unit cost"), _("Cost amount"), _("Channel price")]
    return headers


HEADER_ROW = 4


def build_xlsx(version, *, show_cost: bool) -> bytes:
    """Real formulas: line amount =ROUND(qty*price*(1-disc/100),2), section subtotals =SUM,
    total =SUM of the subtotals; cost and margin rows/columns only when show_cost."""
    quote = version.quote
    lines = selectors.version_lines(version)
    groups, _totals = selectors.grouped(version, lines)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{quote.code} v{version.number}"[:31]
    title = _("Quote %(code)s v%(n)s %(title)s") % {"code": quote.code, "n": version.number, "title": quote.title}
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    put(ws, 2, 1, f"{_('Customer')}: {quote.opportunity.customer.name}  {_('Opportunity')}: {quote.opportunity.name}")
    headers = line_headers(show_cost)
    for col, header in enumerate(headers, start=1):
        cell = put(ws, HEADER_ROW, col, header)
        cell.font = Font(bold=True)
    row = HEADER_ROW + 1
    subtotal_rows = []
    number = 0
    for group in groups:
        name = group["section"].name if group["section"] else _("Other")
        put(ws, row, 1, name).font = Font(bold=True)
        row += 1
        first = row
        for line in group["lines"]:
            number += 1
            values = [
                number,
                line.model_code,
                line.name,
                line.spec,
                line.unit,
                line.quantity,
                excel_money(line.unit_price),
                line.discount_percent,
                line.tax_rate,
                Formula(f"=ROUND(F{row}*G{row}*(1-H{row}/100),2)"),
            ]
            formats = {7: EXCEL_YUAN, 10: EXCEL_YUAN, 11: EXCEL_YUAN, 12: EXCEL_YUAN, 13: EXCEL_YUAN}
            if show_cost:
                values += [
                    excel_money(line.unit_cost),
                    Formula(f"=ROUND(F{row}*K{row},2)") if line.unit_cost is not None else None,
                    excel_money(line.channel_price),
                ]
            for col, value in enumerate(values, start=1):
                put(ws, row, col, value, formats.get(col))
            row += 1
        last = row - 1
        ws.cell(row=row, column=3, value=_("Subtotal")).font = Font(italic=True)
        put(ws, row, 10, Formula(f"=SUM(J{first}:J{last})"), EXCEL_YUAN)
        if show_cost:
            put(ws, row, 12, Formula(f"=SUM(L{first}:L{last})"), EXCEL_YUAN)
        subtotal_rows.append(row)
        row += 1
    total_row = row
    ws.cell(row=total_row, column=3, value=_("Total (tax incl.)")).font = Font(bold=True)
    total = Formula("=SUM(" + ",".join(f"J{r}" for r in subtotal_rows) + ")") if subtotal_rows else 0
    put(ws, total_row, 10, total, EXCEL_YUAN)
    if show_cost:
        cost_row, margin_row, percent_row = total_row + 1, total_row + 2, total_row + 3
        ws.cell(row=cost_row, column=3, value=_("Total cost"))
        cost_total = Formula("=SUM(" + ",".join(f"L{r}" for r in subtotal_rows) + ")") if subtotal_rows else 0
        put(ws, cost_row, 10, cost_total, EXCEL_YUAN)
        ws.cell(row=margin_row, column=3, value=_("Gross margin"))
        put(ws, margin_row, 10, Formula(f"=J{total_row}-J{cost_row}"), EXCEL_YUAN)
        ws.cell(row=percent_row, column=3, value=_("Gross margin %"))
        margin_percent = f'=IF(J{total_row}=0,"",ROUND((J{total_row}-J{cost_row})/J{total_row}*100,2))'
        put(ws, percent_row, 10, Formula(margin_percent), EXCEL_PERCENT)
    for col, width in enumerate([6, 18, 30, 24, 6, 10, 12, 10, 10, 14, 12, 14, 12][: len(headers)], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Word --------------------------------------------------------------------------------------


def build_docx_template(path: Path = DOCX_TEMPLATE) -> Path:
    """Write the docxtpl template (python-docx); run presales/quotes/make_docx_template.py to refresh it."""
    from docx import Document

    doc = Document()
    doc.add_heading("项目报价单", level=1)
    doc.add_paragraph("客户：{{ customer }}")
    doc.add_paragraph("项目：{{ opportunity }}")
    doc.add_paragraph("报价编号：{{ code }}　第 {{ number }} 版　{{ title }}")
    doc.add_paragraph("日期：{{ date }}")
    headers = ["序号", "分项", "型号", "名称", "规格", "单位", "数量", "单价", "折扣%", "金额"]
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for i, header in enumerate(headers):
        table.rows[0].cells[i].text = header
    table.rows[1].cells[0].text = "{%tr for l in lines %}"
    keys = ["no", "section", "model_code", "name", "spec", "unit", "quantity", "unit_price", "discount", "amount"]
    for i, key in enumerate(keys):
        table.rows[2].cells[i].text = "{{ l." + key + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph("{{ s.name }} 小计：{{ s.subtotal }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("合计（含税）：{{ total }}")
    doc.add_paragraph("大写金额：{{ total_words }}")
    doc.add_paragraph("{%p if show_cost %}")
    doc.add_paragraph("成本合计：{{ cost }}　毛利：{{ margin }}　毛利率：{{ margin_percent }}")
    doc.add_paragraph("{%p endif %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def docx_context(version, *, show_cost: bool) -> dict:
    quote = version.quote
    lines = selectors.version_lines(version)
    groups, totals = selectors.grouped(version, lines)
    rows, sections, number = [], [], 0
    for group in groups:
        name = group["section"].name if group["section"] else ""
        sections.append({"name": name or "—", "subtotal": yuan(group["subtotal"])})
        for line in group["lines"]:
            number += 1
            rows.append(
                {
                    "no": number,
                    "section": name,
                    "model_code": line.model_code,
                    "name": line.name,
                    "spec": line.spec,
                    "unit": line.unit,
                    "quantity": plain(line.quantity) if line.quantity == line.quantity.to_integral() else line.quantity,
                    "unit_price": yuan(line.unit_price),
                    "discount": line.discount_percent,
                    "amount": yuan(line.amount),
                }
            )
    context = {
        "customer": quote.opportunity.customer.name,
        "opportunity": f"{quote.opportunity.code} {quote.opportunity.name}",
        "code": quote.code,
        "number": version.number,
        "title": quote.title,
        "date": timezone.localdate().isoformat(),
        "lines": rows,
        "sections": sections,
        "total": yuan(totals.total),
        "total_words": amount_in_words(totals.total),
        "show_cost": show_cost,
    }
    if show_cost:  # never in the context otherwise
        context.update(
            {"cost": yuan(totals.cost), "margin": yuan(totals.margin), "margin_percent": percent(totals.margin_percent)}
        )
    return context


def build_docx(version, *, show_cost: bool) -> bytes:
    from docxtpl import DocxTemplate

    if not DOCX_TEMPLATE.exists():
        build_docx_template()
    doc = DocxTemplate(str(DOCX_TEMPLATE))
    doc.render(docx_context(version, show_cost=show_cost), autoescape=True)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
