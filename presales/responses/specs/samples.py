"""Chinese tender specifications built by code, for tests, the demo, the benchmark and the
browser test. Each builder returns the file's bytes; `SAMPLES` names them with a file name.

- dc_system (直流电源系统技术规范书.docx): numbered clauses under Heading styles, ★/▲, the
  目录/总则/术语 sections, (1)/①/a) items, a "；" list, a 说明 note.
- rectifier_table (整流模块标准技术参数表.docx): one 标准技术参数表 (序号/参数名称/单位/招标要求/
  投标人保证值/偏离/备注) with merged group rows; a buyer's response template.
- surveillance (视频监控及数据中心技术需求.docx): an IT integrator's mixed spec: headings as plain
  text (第三章, 二、, 1.), numbered clauses, inline (1)(2)(3), Word list numbering, a parameter table.
- deviation_xlsx (技术规格偏离表.xlsx): a buyer's response template: merged title rows, header on
  row 3, merged group rows, clauses listed, a second sheet 填写说明.
- deviation_docx (技术偏差表.docx): a buyer's response template as a Word table with merged group rows.
- auto_numbered (自动编号技术规范.docx): numbers given by a Word multilevel list, headings included.
- long_spec (300条技术规范.docx): 300 numbered clauses (`long_spec(count)` for other sizes).

The texts are the team's own, written in the style of State Grid / integrator tenders.
"""

from __future__ import annotations

import functools
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation


def _save(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _shade(cell, fill: str = "D9E2F3") -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _table(document, headers: list[str], rows: list[list[str] | str]):
    """A bordered table; a row given as a string is a group row merged across the table."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell)
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(row).bold = True
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    return table


# (a) numbered clauses --------------------------------------------------------------------------


def dc_system_spec() -> bytes:
    doc = Document()
    doc.add_paragraph("220kV变电站直流电源系统技术规范书", style="Title")
    doc.add_heading("目录", level=1)
    for line in ("1 总则\t1", "2 术语和定义\t1", "3 技术要求\t2", "4 试验及验收\t4"):
        doc.add_paragraph(line)
    doc.add_heading("1 总则", level=1)
    doc.add_paragraph("1.1 本规范书适用于220kV变电站直流电源系统，包括充电装置、蓄电池组及监控装置。")
    doc.add_paragraph("1.2 本规范书未尽事宜，按国家及行业现行标准执行。")
    doc.add_heading("2 术语和定义", level=1)
    doc.add_paragraph("2.1 高频开关电源：采用高频功率变换技术的充电装置。")
    doc.add_paragraph("2.2 N+1冗余：N个模块满足负荷要求，另配置1个备用模块。")
    doc.add_heading("3 技术要求", level=1)
    doc.add_heading("3.1 系统配置", level=2)
    doc.add_paragraph("3.1.1 ★直流系统标称电压为DC 220V，采用单母线分段接线。")
    doc.add_paragraph("3.1.2 系统应配置两组蓄电池，每组容量不小于300Ah。")
    doc.add_paragraph(
        "3.1.3 充电装置应采用高频开关电源模块，按N+1冗余配置；模块应支持带电热插拔；单个模块故障不得影响系统运行。"
    )
    doc.add_heading("3.2 高频开关电源模块", level=2)
    doc.add_paragraph("3.2.1 模块主要技术参数应满足下列要求：")
    doc.add_paragraph("(1) 稳压精度 ≤±0.5 %；")
    doc.add_paragraph("(2) ★稳流精度 ≤±1 %；")
    doc.add_paragraph("(3) 纹波系数 ≤0.5 %；")
    doc.add_paragraph("(4) 效率 ≥ 93 %；")
    doc.add_paragraph("(5) 功率因数 ≥ 0.99。")
    doc.add_paragraph("3.2.2 ▲模块应具备自动均流功能，均流不平衡度不大于±5%。")
    doc.add_heading("3.3 蓄电池", level=2)
    doc.add_paragraph("3.3.1 蓄电池应采用阀控式密封铅酸蓄电池，设计寿命不少于10年。")
    doc.add_paragraph(
        "3.3.2 蓄电池组应满足以下要求：①浮充电压 2.23V～2.27V；②放电终止电压不低于1.80V；③严禁使用再生铅。"
    )
    doc.add_heading("3.4 监控装置", level=2)
    doc.add_paragraph("3.4.1 监控装置应具备以下功能：")
    doc.add_paragraph("a) 实时监测母线电压、蓄电池电压及充放电电流；")
    doc.add_paragraph("b) 具备RS485及以太网通信接口，支持Modbus、IEC 61850规约；")
    doc.add_paragraph("c) 历史数据存储 ≥ 30 天。")
    doc.add_paragraph("说明：监控装置的通信规约以工程实际为准。")
    doc.add_heading("4 试验及验收", level=1)
    doc.add_paragraph("4.1 设备出厂前应逐台进行出厂试验，并提供型式试验报告。")
    doc.add_paragraph("4.2 ★投标人须提供有效的生产许可证。")
    return _save(doc)


# (b) 标准技术参数表 -----------------------------------------------------------------------------

RECTIFIER_HEADERS = ["序号", "参数名称", "单位", "招标要求（标准参数值）", "投标人保证值", "偏离", "备注"]
RECTIFIER_ROWS: list[list[str] | str] = [
    "一、交流输入",
    ["1", "输入电压范围", "V", "85～290", "", "", ""],
    ["2", "输入频率", "Hz", "45～65", "", "", ""],
    ["3", "★功率因数", "—", "≥0.99", "", "", ""],
    "二、直流输出",
    ["4", "额定输出电压", "V", "DC 48", "", "", ""],
    ["5", "额定输出电流", "A", "150", "", "", ""],
    ["6", "稳压精度", "%", "≤±0.5", "", "", ""],
    ["7", "稳流精度", "%", "≤±1", "", "", ""],
    ["8", "★效率", "%", "≥93", "", "", ""],
    ["9", "杂音电压（峰峰值）", "mV", "≤200", "", "", ""],
    "三、其他",
    ["10", "工作温度", "℃", "-5～+40", "", "", ""],
    ["11", "防护等级", "—", "不低于IP20", "", "", ""],
    ["12", "▲噪声", "dB(A)", "≤55", "", "", ""],
    ["13", "模块热插拔", "—", "支持", "", "", ""],
]


def rectifier_parameter_table() -> bytes:
    doc = Document()
    doc.add_heading("高频开关电源整流模块（IMPS48/150）标准技术参数表", level=1)
    doc.add_paragraph("说明：投标人应在“投标人保证值”栏填写保证值，并在“偏离”栏注明偏离情况。")
    table = _table(doc, RECTIFIER_HEADERS, RECTIFIER_ROWS)
    for row in table.rows:
        row.cells[1].width = Pt(110)
    doc.add_paragraph("投标人（盖章）：____________　　日期：______年____月____日")
    return _save(doc)


# (c) mixed: an IT integrator's spec ---------------------------------------------------------


def _bold(doc, text: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def surveillance_spec() -> bytes:
    doc = Document()
    _bold(doc, "第三章 技术需求")
    _bold(doc, "一、项目概述")
    doc.add_paragraph("本项目为园区安防视频监控系统及数据中心机房建设，投标人应对全部内容进行响应。")
    _bold(doc, "二、视频监控系统")
    _bold(doc, "1. 前端摄像机")
    doc.add_paragraph("1.1 ★网络摄像机分辨率不低于400万像素，支持H.265编码。")
    doc.add_paragraph("1.2 红外补光距离 ≥ 80 m；防护等级不低于IP66；工作温度 -30℃～+60℃。")
    doc.add_paragraph("1.3 摄像机应满足：(1)支持ONVIF协议；(2)支持POE供电；(3)宽动态 ≥ 120dB。")
    doc.add_paragraph("表1 网络摄像机主要技术参数")
    _table(
        doc,
        ["序号", "技术参数", "技术要求"],
        [
            ["1", "图像传感器", "1/1.8英寸 CMOS"],
            ["2", "最低照度", "彩色 ≤0.002 lux"],
            ["3", "视频压缩", "H.265/H.264"],
            ["4", "▲网络接口", "RJ45 10M/100M自适应以太网口"],
        ],
    )
    _bold(doc, "2. 存储系统")
    doc.add_paragraph("2.1 录像存储时间不少于30天，存储采用RAID5。")
    doc.add_paragraph("2.2 ▲存储设备单盘容量 ≥ 8TB，支持热备盘。")
    doc.add_paragraph("支持按时间、通道检索录像。", style="List Number")
    doc.add_paragraph("不得采用消费级硬盘。", style="List Number")
    _bold(doc, "三、数据中心机房")
    _bold(doc, "1. 供配电")
    doc.add_paragraph("1.1 ★UPS采用模块化设计，系统容量不小于200kVA，按N+1冗余配置。")
    doc.add_paragraph("1.2 UPS整机效率 ≥ 95 %；电池后备时间 ≥ 30 min；输出电压稳压精度 ±1 %。")
    _bold(doc, "2. 精密空调")
    doc.add_paragraph("2.1 精密空调制冷量 ≥ 40 kW，须具备来电自启动功能。")
    _bold(doc, "四、售后服务")
    doc.add_paragraph("1、质保期不少于3年，自验收合格之日起计算。")
    doc.add_paragraph("2、提供7×24小时技术支持，故障响应时间 ≤ 2 小时。")
    return _save(doc)


# (d) a buyer's .xlsx response template --------------------------------------------------------

DEVIATION_HEADERS = ["序号", "招标文件条款号", "招标文件技术要求", "投标响应", "偏离情况", "偏离说明"]
DEVIATION_ROWS: list[list[str] | str] = [
    "一、高频开关电源模块",
    ["1", "3.2.1(1)", "稳压精度 ≤±0.5 %"],
    ["2", "3.2.1(2)", "★稳流精度 ≤±1 %"],
    ["3", "3.2.1(4)", "效率 ≥ 93 %"],
    ["4", "3.2.2", "▲模块应具备自动均流功能，均流不平衡度不大于±5%"],
    "二、蓄电池及监控",
    ["5", "3.3.1", "蓄电池设计寿命不少于10年"],
    ["6", "3.4.1c)", "历史数据存储 ≥ 30 天"],
    ["7", "4.2", "★投标人须提供有效的生产许可证"],
]
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def deviation_template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "技术规格偏离表"
    sheet.merge_cells("A1:F1")
    sheet["A1"] = "技术规格偏离表"
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A2:F2")
    sheet["A2"] = "项目名称：XX供电公司直流电源改造项目　　招标编号：ZB-2026-0815"
    for column, header in enumerate(DEVIATION_HEADERS, start=1):
        cell = sheet.cell(row=3, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E2F3")
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = 4
    for item in DEVIATION_ROWS:
        if isinstance(item, str):
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
            sheet.cell(row=row, column=1, value=item).font = Font(bold=True)
        else:
            for column, value in enumerate(item + ["", "", ""], start=1):
                cell = sheet.cell(row=row, column=column, value=value or None)
                cell.border = BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        row += 1
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    sheet.cell(row=row, column=1, value="注：偏离情况填写“无偏离”、“正偏离”或“负偏离”。")
    for letter, width in zip("ABCDEF", (6, 14, 46, 40, 12, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    choices = DataValidation(type="list", formula1='"无偏离,正偏离,负偏离"', allow_blank=True)
    choices.add(f"E5:E{row - 1}")
    sheet.add_data_validation(choices)
    notes = workbook.create_sheet("填写说明")
    notes["A1"] = "1. 投标人应逐条填写“投标响应”栏，不得空白。"
    notes["A2"] = "2. 有偏离时应在“偏离说明”栏写明原因。"
    notes["A1"].font = Font(italic=True)
    notes.column_dimensions["A"].width = 60
    return _save(workbook)


# (e) a buyer's .docx response template ---------------------------------------------------------

DEVIATION_DOCX_HEADERS = ["序号", "条款号", "招标要求", "投标应答", "偏离", "说明"]
DEVIATION_DOCX_ROWS: list[list[str] | str] = [
    "一、前端摄像机",
    ["1", "1.1", "★网络摄像机分辨率不低于400万像素，支持H.265编码", "", "", ""],
    ["2", "1.2", "红外补光距离 ≥ 80 m", "", "", ""],
    ["3", "1.2", "防护等级不低于IP66", "", "", ""],
    "二、存储系统",
    ["4", "2.1", "录像存储时间不少于30天", "", "", ""],
    ["5", "2.2", "▲存储设备单盘容量 ≥ 8TB", "", "", ""],
]


def deviation_template_docx() -> bytes:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("技术偏差表")
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph("招标编号：ZB-2026-0903　　项目名称：XX园区视频监控项目")
    _table(doc, DEVIATION_DOCX_HEADERS, DEVIATION_DOCX_ROWS)
    doc.add_paragraph("投标人（盖章）：____________　　日期：______年____月____日")
    return _save(doc)


# (f) Word's own multilevel list numbering --------------------------------------------------------


def _multilevel_numbering(doc, start: int = 5) -> str:
    """A multilevel list like the ones tender templates link to their heading styles:
    "5", "5.1", "5.1.1", "(1)", "①"; returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    levels = [
        ("decimal", "%1", start),
        ("decimal", "%1.%2", 1),
        ("decimal", "%1.%2.%3", 1),
        ("decimal", "(%4)", 1),
        ("decimalEnclosedCircle", "%5", 1),
    ]
    for ilvl, (fmt, text, first) in enumerate(levels):
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", str(first)), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            level.append(child)
        abstract.append(level)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements come before num elements
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), "90")
    num.append(abstract_id)
    numbering.append(num)
    return "90"


def _numbered(doc, text: str, level: int, num_id: str, style: str | None = None):
    paragraph = doc.add_paragraph(text, style=style)
    properties = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id_element = OxmlElement("w:numId")
    num_id_element.set(qn("w:val"), num_id)
    num_pr.append(ilvl)
    num_pr.append(num_id_element)
    properties.insert(1 if properties.find(qn("w:pStyle")) is not None else 0, num_pr)
    return paragraph


def auto_numbered_spec() -> bytes:
    """A spec whose numbers are Word list numbering, not typed text (the headings too)."""
    doc = Document()
    num = _multilevel_numbering(doc)
    _numbered(doc, "技术要求", 0, num, "Heading 1")
    _numbered(doc, "整流模块", 1, num, "Heading 2")
    _numbered(doc, "★整流模块效率不低于93%。", 2, num)
    _numbered(doc, "模块应满足下列保护要求：", 2, num)
    _numbered(doc, "输入过压、欠压保护；", 3, num)
    _numbered(doc, "输出过流、短路保护；", 3, num)
    _numbered(doc, "过压点可设定；", 4, num)
    _numbered(doc, "监控单元", 1, num, "Heading 2")
    _numbered(doc, "▲监控单元应具备RS485通信接口。", 2, num)
    return _save(doc)


# (g) a long numbered spec, for the benchmark and paging -------------------------------------------

_LONG_TOPICS = [
    "整流模块",
    "蓄电池",
    "监控单元",
    "交流配电",
    "直流配电",
    "绝缘监测",
    "通信接口",
    "环境条件",
    "安装",
    "服务",
]
_LONG_CLAUSES = [
    "模块效率不低于{a}%",
    "稳压精度 ≤±{b}%",
    "稳流精度 ≤±{c}%",
    "功率因数 ≥ 0.99",
    "纹波系数 ≤ {b}%",
    "蓄电池容量不小于{d}Ah",
    "蓄电池设计寿命不少于{e}年",
    "历史数据存储 ≥ {f} 天",
    "应具备RS485及以太网通信接口",
    "应支持Modbus、IEC 61850规约",
    "输入电压范围 {g}V～{h}V",
    "工作温度 -{i}℃～+{j}℃",
    "噪声 ≤ {k}dB(A)",
    "防护等级不低于IP{l}",
    "★模块应支持带电热插拔",
    "▲应具备均流功能，均流不平衡度不大于±5%",
    "不得使用再生材料",
    "质保期不少于{e}年",
    "故障响应时间 ≤ {m} 小时",
    "应提供型式试验报告及生产许可证",
]


def long_spec(count: int = 300) -> bytes:
    """A numbered spec of `count` clauses ("5.s.k …", ten per section), values varying by row."""
    doc = Document()
    doc.add_heading("5 技术要求", level=1)
    for index in range(count):
        section, item = divmod(index, 10)
        if item == 0:
            doc.add_heading(f"5.{section + 1} {_LONG_TOPICS[section % len(_LONG_TOPICS)]}", level=2)
        values = {
            "a": 90 + index % 6,
            "b": (1 + index % 5) / 10,
            "c": 1 + index % 2,
            "d": 100 * (1 + index % 5),
            "e": 3 + index % 8,
            "f": 15 * (1 + index % 4),
            "g": 80 + index % 10,
            "h": 280 + index % 20,
            "i": 5 + index % 30,
            "j": 40 + index % 15,
            "k": 50 + index % 10,
            "l": 20 + 10 * (index % 5),
            "m": 1 + index % 8,
        }
        text = _LONG_CLAUSES[index % len(_LONG_CLAUSES)].format(**values)
        doc.add_paragraph(f"5.{section + 1}.{item + 1} {text}。")
    return _save(doc)


SAMPLES = {
    "dc_system": ("直流电源系统技术规范书.docx", dc_system_spec),
    "rectifier_table": ("整流模块标准技术参数表.docx", rectifier_parameter_table),
    "surveillance": ("视频监控及数据中心技术需求.docx", surveillance_spec),
    "deviation_xlsx": ("技术规格偏离表.xlsx", deviation_template_xlsx),
    "deviation_docx": ("技术偏差表.docx", deviation_template_docx),
    "auto_numbered": ("自动编号技术规范.docx", auto_numbered_spec),
    "long_spec": ("300条技术规范.docx", long_spec),
}


@functools.cache
def sample(key: str) -> tuple[str, bytes]:
    """(file name, bytes) of one sample: `name, data = sample("dc_system")` (built once)."""
    name, build = SAMPLES[key]
    return name, build()
