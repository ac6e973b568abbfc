"""Builders for the tender-response tests: a tender in 投标 on `opportunity`, an approved answer
library (through the answer library's services, so the matcher indexes it), and the files a
buyer sends — a numbered specification with a 标准技术参数表, and the buyer's own Excel
deviation table."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from presales.catalog.tests.conftest import products, tree  # noqa: F401 (the catalog's)
from presales.testing import upload

# (requirement, answer, stated deviation) — the library a power-supply maker keeps.
LIBRARY = [
    ("整流模块效率应不低于93%", "我公司整流模块效率≥95%，优于招标要求。", "positive"),
    ("直流输出稳压精度应优于±0.5%", "直流输出稳压精度≤±0.2%。", "positive"),
    ("摄像机红外照射距离不小于80m", "摄像机红外照射距离50m。", "negative"),
    ("系统应具备远程监控功能，支持RS485和以太网接口", "系统支持远程监控，提供RS485和以太网接口，满足要求。", "none"),
]

# The specification: numbered clauses (★ substantive, ▲ important) and a parameter table.
CLAUSES = [
    ("5.1.1", "★整流模块效率应不低于93%。"),
    ("5.1.2", "直流输出稳压精度应优于±0.5%。"),
    ("5.1.3", "▲摄像机红外照射距离不小于80m。"),
    ("5.1.4", "★系统应具备远程监控功能，支持RS485和以太网接口。"),
    ("5.1.5", "★投标人应在项目所在地设立常驻服务机构并派驻工程师三名。"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(settings, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.LANGUAGE_CODE = "en"
    return client


@pytest.fixture
def tender(opportunity, rep):
    from presales.tenders.models import Tender, TenderStatus

    return Tender.objects.create(
        opportunity=opportunity,
        number="ZB-2026-0188",
        title="变电站直流电源系统采购",
        buyer="国网某省电力公司",
        agency="某招标代理有限公司",
        submission_due_at=timezone.now() + timedelta(days=20),
        status=TenderStatus.BIDDING,
        created_by=rep,
    )


@pytest.fixture
def library(manager):
    """The approved answers, written, submitted and approved as the library's people do."""
    from presales.answers import services as answers
    from presales.answers.models import AnswerCategory

    category = AnswerCategory.objects.create(name="电源技术应答", owner=manager)
    entries = []
    for requirement, answer, deviation in LIBRARY:
        entry = answers.entry_create(
            user=manager,
            data={"category": category, "requirement": requirement, "answer": answer, "deviation": deviation},
        )
        answers.entry_submit_for_review(user=manager, entry=entry)
        entries.append(answers.entry_approve(user=manager, entry=entry))
    return entries


def spec_docx(clauses=CLAUSES, *, table_rows=()) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("第五章 技术要求", level=1)
    document.add_paragraph("说明：本章所列为招标人对设备的技术要求。")
    document.add_heading("5.1 整流模块及监控", level=2)
    for number, text in clauses:
        document.add_paragraph(f"{number} {text}")
    if table_rows:
        document.add_paragraph("表1 标准技术参数表")
        table = document.add_table(rows=1, cols=4)
        for cell, title in zip(table.rows[0].cells, ["序号", "参数名称", "标准参数值", "投标人保证值"], strict=True):
            cell.text = title
        for row in table_rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, [*row, ""], strict=False):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The buyer's own 技术偏差表: a title row merged across, the header, one row per clause,
    and a second sheet that must survive."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "技术偏差表"
    sheet.append(["技术偏差表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "招标文件要求", "投标响应", "偏离情况", "偏离说明"])
    for n, (_number, text) in enumerate(CLAUSES[:4], start=1):
        sheet.append([str(n), text.lstrip("★▲"), "", "", ""])
    workbook.create_sheet("填表说明").append(["请逐条填写"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spec_upload(name="技术规范书.docx", content=None):
    return upload(name, content=content if content is not None else spec_docx())


@pytest.fixture
def specification(tender, library, engineer):
    from presales.responses import services

    return services.spec_upload(user=engineer, tender=tender, file=spec_upload())


def clause(specification, number):
    return specification.clauses.get(number=number)
