"""The demo's deviation table (技术偏差表): on one bid in 投标, the presales lead uploads the
buyer's technical specification of a DC power system, names the product offered (its
标称电压 fills the 投标人保证值 column), lets the library auto-fill it, accepts the first
confident answers, writes the 负偏离 the product cannot avoid (a product gap on the
opportunity), and leaves the rest to confirm — a table half done, as on any bid day.

Runs after the tenders step (the bid) and the answer library (the answers). No random
stream: the same table every time."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from presales.catalog.models import Product
from presales.demo.context import DemoContext
from presales.responses import services
from presales.responses.models import Clause, ClauseStatus, Deviation, Specification
from presales.tenders.models import Tender, TenderStatus

# The buyer's specification: numbered clauses (★ 实质性, ▲ 重要) and a 标准技术参数表.
SPEC_TITLE = "第五章 技术规范书"
CLAUSES = [
    ("5.1 总体要求", "5.1.1", "★直流电源系统应符合DL/T 5044—2014的规定。"),
    ("5.1 总体要求", "5.1.2", "系统应具备远程监控功能，监控单元支持RS485和以太网接口。"),
    ("5.2 整流模块", "5.2.1", "★整流模块效率应不低于93%。"),
    ("5.2 整流模块", "5.2.2", "直流输出稳压精度应优于±0.5%。"),
    ("5.2 整流模块", "5.2.3", "▲模块应支持带电热插拔，并联均流不平衡度不大于±5%。"),
    ("5.2 整流模块", "5.2.4", "整流模块功率因数不小于0.99。"),
    ("5.3 蓄电池", "5.3.1", "★蓄电池组应能在交流失电后持续供电不少于4小时。"),
    ("5.3 蓄电池", "5.3.2", "蓄电池设计寿命不少于15年。"),
    ("5.4 服务", "5.4.1", "★投标人应在项目所在地设立常驻服务机构并派驻工程师三名。"),
    ("5.4 服务", "5.4.2", "质保期不少于5年，质保期内免费更换故障部件。"),
]
PARAMETERS = [("1", "标称电压", "220V"), ("2", "额定输出电流", "≥100A")]
NEGATIVE = (
    "5.3.2",
    "本系统配套阀控式密封铅酸蓄电池，设计寿命12年。",
    "设计寿命12年，低于招标要求的15年；可选配长寿命电池（另行报价）。",
)
ACCEPTED = 3  # answers the lead has accepted so far


def spec_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(SPEC_TITLE, level=1)
    document.add_paragraph("说明：本章为招标人对直流电源系统的技术要求，投标人应逐条响应。")
    section = ""
    for heading, number, text in CLAUSES:
        if heading != section:
            document.add_heading(heading, level=2)
            section = heading
        document.add_paragraph(f"{number} {text}")
    document.add_paragraph("表5-1 标准技术参数表")
    table = document.add_table(rows=1, cols=4)
    for cell, title in zip(table.rows[0].cells, ["序号", "参数名称", "标准参数值", "投标人保证值"], strict=True):
        cell.text = title
    for row in PARAMETERS:
        cells = table.add_row().cells
        for cell, value in zip(cells, [*row, ""], strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_responses(ctx: DemoContext, opportunity_ids: list[int]) -> Specification | None:
    """The deviation table of the first bid in progress (by the opportunity's code)."""
    tender = (
        Tender.objects.filter(opportunity_id__in=opportunity_ids, status=TenderStatus.BIDDING)
        .select_related("opportunity", "opportunity__presales_lead", "opportunity__sales_owner")
        .order_by("opportunity__code")
        .first()
    )
    if tender is None:
        return None
    lead = tender.opportunity.presales_lead or tender.opportunity.sales_owner
    product = Product.objects.filter(model_code__startswith="ZHDCS220/100").order_by("model_code").first()
    upload = SimpleUploadedFile("技术规范书.docx", spec_docx())
    specification = services.spec_upload(
        user=lead, tender=tender, file=upload, products=[product] if product else []
    )
    accepted = 0
    for clause in specification.clauses.filter(status=ClauseStatus.OPEN).exclude(suggestions=[]).order_by("order"):
        if accepted == ACCEPTED:
            break
        if clause.deviation == Deviation.TO_CONFIRM or clause.number == NEGATIVE[0]:
            continue
        services.clause_accept(user=lead, clause=clause, version=clause.version)
        accepted += 1
    battery = Clause.objects.filter(specification=specification, number=NEGATIVE[0]).first()
    if battery is not None:
        services.clause_answer(
            user=lead,
            clause=battery,
            response=NEGATIVE[1],
            deviation=Deviation.NEGATIVE,
            deviation_note=NEGATIVE[2],
            version=battery.version,
        )
    return specification
