"""Requirement extraction on the team's Chinese specifications (presales.responses.specs.samples):
numbered clauses, a 标准技术参数表, a mixed integrator spec and two buyer's response templates.
The expected clauses are written out by hand from the documents."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from openpyxl import Workbook

from presales.responses.specs import samples
from presales.responses.specs.extract import SpecError, column_roles, extract_clauses, is_response_template


def extract(key: str):
    name, data = samples.sample(key)
    return extract_clauses(BytesIO(data), name)


def rows(clauses) -> list[tuple[str, str, str]]:
    """(number, flags, text): ★ star, ▲ triangle, M mandatory."""
    return [
        (c.number, ("★" if c.star else "") + ("▲" if c.triangle else "") + ("M" if c.mandatory else ""), c.text)
        for c in clauses
    ]


def docx_bytes(*paragraphs: str | tuple[str, str]) -> bytes:
    document = Document()
    for item in paragraphs:
        text, style = item if isinstance(item, tuple) else (item, None)
        document.add_paragraph(text, style=style)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# (a) numbered clauses ----------------------------------------------------------------------------


def test_numbered_spec_clauses_in_document_order():
    assert rows(extract("dc_system")) == [
        ("3.1.1", "★", "直流系统标称电压为DC 220V，采用单母线分段接线"),
        ("3.1.2", "M", "系统应配置两组蓄电池，每组容量不小于300Ah"),
        ("3.1.3-1", "M", "充电装置应采用高频开关电源模块，按N+1冗余配置"),
        ("3.1.3-2", "M", "模块应支持带电热插拔"),
        ("3.1.3-3", "M", "单个模块故障不得影响系统运行"),
        ("3.2.1(1)", "M", "稳压精度 ≤±0.5 %"),
        ("3.2.1(2)", "★M", "稳流精度 ≤±1 %"),
        ("3.2.1(3)", "M", "纹波系数 ≤0.5 %"),
        ("3.2.1(4)", "M", "效率 ≥ 93 %"),
        ("3.2.1(5)", "M", "功率因数 ≥ 0.99"),
        ("3.2.2", "▲M", "模块应具备自动均流功能，均流不平衡度不大于±5%"),
        ("3.3.1", "M", "蓄电池应采用阀控式密封铅酸蓄电池，设计寿命不少于10年"),
        ("3.3.2①", "M", "浮充电压 2.23V～2.27V"),
        ("3.3.2②", "M", "放电终止电压不低于1.80V"),
        ("3.3.2③", "M", "严禁使用再生铅"),
        ("3.4.1a)", "M", "实时监测母线电压、蓄电池电压及充放电电流"),
        ("3.4.1b)", "M", "具备RS485及以太网通信接口，支持Modbus、IEC 61850规约"),
        ("3.4.1c)", "M", "历史数据存储 ≥ 30 天"),
        ("4.1", "M", "设备出厂前应逐台进行出厂试验，并提供型式试验报告"),
        ("4.2", "★M", "投标人须提供有效的生产许可证"),
    ]


def test_numbered_spec_sections_orders_and_locators():
    clauses = extract("dc_system")
    assert [c.order for c in clauses] == list(range(1, 21))
    assert clauses[0].section == "3 技术要求 > 3.1 系统配置"
    assert clauses[5].section == "3 技术要求 > 3.2 高频开关电源模块"
    assert clauses[-1].section == "4 试验及验收"
    assert clauses[0].locator == {"kind": "paragraph", "index": 14}
    # the three parts of 3.1.3 stand in one paragraph
    assert {c.locator["index"] for c in clauses[2:5]} == {16}
    assert not any(c.template for c in clauses)
    assert not is_response_template(clauses)


def test_boilerplate_sections_notes_and_headings_are_left_out():
    texts = " ".join(c.text for c in extract("dc_system"))
    for left_out in (
        "本规范书适用于",
        "未尽事宜",
        "采用高频功率变换技术",
        "N个模块满足负荷要求",
        "通信规约以工程实际为准",
    ):
        assert left_out not in texts
    assert "技术要求" not in [c.text for c in extract("dc_system")]


# (b) 标准技术参数表 ---------------------------------------------------------------------------------


def test_parameter_table_rows_with_group_sections():
    clauses = extract("rectifier_table")
    assert [(c.number, c.parameter, c.required_value, c.star, c.triangle) for c in clauses] == [
        ("1", "输入电压范围", "85～290V", False, False),
        ("2", "输入频率", "45～65Hz", False, False),
        ("3", "功率因数", "≥0.99", True, False),
        ("4", "额定输出电压", "DC 48V", False, False),
        ("5", "额定输出电流", "150A", False, False),
        ("6", "稳压精度", "≤±0.5%", False, False),
        ("7", "稳流精度", "≤±1%", False, False),
        ("8", "效率", "≥93%", True, False),
        ("9", "杂音电压（峰峰值）", "≤200mV", False, False),
        ("10", "工作温度", "-5～+40℃", False, False),
        ("11", "防护等级", "不低于IP20", False, False),
        ("12", "噪声", "≤55dB(A)", False, True),
        ("13", "模块热插拔", "支持", False, False),
    ]
    assert clauses[7].text == "效率：≥93%"
    title = "高频开关电源整流模块（IMPS48/150）标准技术参数表"
    assert [clauses[i].section for i in (0, 3, 9)] == [
        f"{title} > 一、交流输入",
        f"{title} > 二、直流输出",
        f"{title} > 三、其他",
    ]


def test_parameter_table_is_a_response_template_with_its_columns():
    clauses = extract("rectifier_table")
    assert clauses[0].locator == {
        "kind": "table",
        "table": 0,
        "row": 2,
        "response_col": None,
        "deviation_col": 5,
        "note_col": 6,
        "guarantee_col": 4,
    }
    assert [c.locator["row"] for c in clauses] == [2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16]
    assert all(c.template for c in clauses)
    assert is_response_template(clauses)


# (c) mixed --------------------------------------------------------------------------------------


def test_mixed_spec_clauses_tables_and_word_numbering():
    clauses = extract("surveillance")
    assert rows(clauses) == [
        ("1.1", "★", "网络摄像机分辨率不低于400万像素，支持H.265编码"),
        ("1.2-1", "", "红外补光距离 ≥ 80 m"),
        ("1.2-2", "", "防护等级不低于IP66"),
        ("1.2-3", "", "工作温度 -30℃～+60℃"),
        ("1.3(1)", "M", "支持ONVIF协议"),
        ("1.3(2)", "M", "支持POE供电"),
        ("1.3(3)", "M", "宽动态 ≥ 120dB"),
        ("1", "", "图像传感器：1/1.8英寸 CMOS"),
        ("2", "", "最低照度：彩色 ≤0.002 lux"),
        ("3", "", "视频压缩：H.265/H.264"),
        ("4", "▲", "网络接口：RJ45 10M/100M自适应以太网口"),
        ("2.1", "", "录像存储时间不少于30天，存储采用RAID5"),
        ("2.2", "▲", "存储设备单盘容量 ≥ 8TB，支持热备盘"),
        ("2.2-1", "", "支持按时间、通道检索录像"),
        ("2.2-2", "M", "不得采用消费级硬盘"),
        ("1.1", "★", "UPS采用模块化设计，系统容量不小于200kVA，按N+1冗余配置"),
        ("1.2-1", "", "UPS整机效率 ≥ 95 %"),
        ("1.2-2", "", "电池后备时间 ≥ 30 min"),
        ("1.2-3", "", "输出电压稳压精度 ±1 %"),
        ("2.1", "M", "精密空调制冷量 ≥ 40 kW，须具备来电自启动功能"),
        ("1", "", "质保期不少于3年，自验收合格之日起计算"),
        ("2", "", "提供7×24小时技术支持，故障响应时间 ≤ 2 小时"),
    ]


def test_mixed_spec_headings_without_styles_nest_by_their_numbering():
    clauses = extract("surveillance")
    assert clauses[0].section == "第三章 技术需求 > 二、视频监控系统 > 1. 前端摄像机"
    assert clauses[7].section == "第三章 技术需求 > 二、视频监控系统 > 1. 前端摄像机"
    assert clauses[11].section == "第三章 技术需求 > 二、视频监控系统 > 2. 存储系统"
    assert clauses[15].section == "第三章 技术需求 > 三、数据中心机房 > 1. 供配电"
    assert clauses[-1].section == "第三章 技术需求 > 四、售后服务"
    assert "投标人应对全部内容进行响应" not in " ".join(c.text for c in clauses)  # 项目概述
    # a spec table without response columns is not a template; the spec as a whole neither
    assert clauses[7].locator["kind"] == "table" and not clauses[7].template
    assert not is_response_template(clauses)


# (d) and (e) buyer's templates -------------------------------------------------------------------


def test_xlsx_template_rows_and_columns():
    clauses = extract("deviation_xlsx")
    assert [(c.number, c.text, c.star, c.triangle) for c in clauses] == [
        ("3.2.1(1)", "稳压精度 ≤±0.5 %", False, False),
        ("3.2.1(2)", "稳流精度 ≤±1 %", True, False),
        ("3.2.1(4)", "效率 ≥ 93 %", False, False),
        ("3.2.2", "模块应具备自动均流功能，均流不平衡度不大于±5%", False, True),
        ("3.3.1", "蓄电池设计寿命不少于10年", False, False),
        ("3.4.1c)", "历史数据存储 ≥ 30 天", False, False),
        ("4.2", "投标人须提供有效的生产许可证", True, False),
    ]
    assert clauses[0].locator == {
        "kind": "sheet",
        "sheet": "技术规格偏离表",
        "row": 5,
        "response_col": 4,
        "deviation_col": 5,
        "note_col": 6,
        "guarantee_col": None,
    }
    assert [c.locator["row"] for c in clauses] == [5, 6, 7, 8, 10, 11, 12]
    assert clauses[4].section == "技术规格偏离表 > 二、蓄电池及监控"
    assert is_response_template(clauses)


def test_docx_template_rows_and_columns():
    clauses = extract("deviation_docx")
    assert [(c.number, c.text, c.star, c.triangle, c.locator["row"]) for c in clauses] == [
        ("1.1", "网络摄像机分辨率不低于400万像素，支持H.265编码", True, False, 2),
        ("1.2", "红外补光距离 ≥ 80 m", False, False, 3),
        ("1.2", "防护等级不低于IP66", False, False, 4),
        ("2.1", "录像存储时间不少于30天", False, False, 6),
        ("2.2", "存储设备单盘容量 ≥ 8TB", False, True, 7),
    ]
    assert clauses[0].locator["response_col"] == 3
    assert (clauses[0].locator["deviation_col"], clauses[0].locator["note_col"]) == (4, 5)
    assert is_response_template(clauses)


# Rules one by one ---------------------------------------------------------------------------------


def test_marks_before_or_after_the_number():
    data = docx_bytes("★5.1.1 模块应支持热插拔。", "5.1.2 ▲模块应具备均流功能。", "5.1.3 ★▲模块须具备防雷功能。")
    clauses = extract_clauses(BytesIO(data), "spec.docx")
    assert rows(clauses) == [
        ("5.1.1", "★M", "模块应支持热插拔"),
        ("5.1.2", "▲M", "模块应具备均流功能"),
        ("5.1.3", "★▲M", "模块须具备防雷功能"),
    ]


@pytest.mark.parametrize(
    ("text", "mandatory"),
    [
        ("系统必须具备远程监控功能。", True),
        ("系统应具备远程监控功能。", True),
        ("投标人须提供检测报告。", True),
        ("不得采用翻新器件。", True),
        ("严禁使用再生铅。", True),
        ("系统不应出现单点故障。", True),
        ("供应商提供应用软件及应急预案。", False),
        ("无须额外配置。", False),
        ("响应时间 ≤ 2 小时。", False),
    ],
)
def test_mandatory_wording(text, mandatory):
    clauses = extract_clauses(BytesIO(docx_bytes("5.1.1 " + text)), "spec.docx")
    assert [c.mandatory for c in clauses] == [mandatory]


def test_number_styles_and_lead_ins():
    data = docx_bytes(
        ("5 技术要求", "Heading 1"),
        "5.1 ★整流模块应满足下列要求：",
        "（1）效率 ≥ 93 %；",
        "①满载时；",
        "a) 功率因数 ≥ 0.99",
        "(2) 支持热插拔",
        "一、监控单元应具备遥测功能。",
        "第6章 技术服务",
        "1、提供现场培训。",
    )
    clauses = extract_clauses(BytesIO(data), "spec.docx")
    assert [(c.number, c.star, c.mandatory, c.text) for c in clauses] == [
        ("5.1(1)", True, True, "效率 ≥ 93 %"),
        ("5.1(1)①", True, True, "满载时"),
        ("5.1(1)a)", True, True, "功率因数 ≥ 0.99"),
        ("5.1(2)", True, True, "支持热插拔"),
        ("一", False, True, "监控单元应具备遥测功能"),
        ("1", False, False, "提供现场培训"),
    ]
    assert clauses[-1].section == "第6章 技术服务"


def test_an_unnumbered_paragraph_counts_only_when_it_states_a_requirement():
    data = docx_bytes(
        ("技术要求", "Heading 1"),
        "招标编号：ZB-2026-0815",
        "模块效率不低于93%。",
        "系统应支持远程升级。",
        "本章介绍系统组成。",
        "表1 主要参数",
        "投标人（盖章）：________",
    )
    assert [c.text for c in extract_clauses(BytesIO(data), "spec.docx")] == ["模块效率不低于93%", "系统应支持远程升级"]


def test_short_semicolon_lists_are_not_split():
    data = docx_bytes("5.1.1 监控装置应具备遥测；遥信；遥控功能。")
    assert [c.number for c in extract_clauses(BytesIO(data), "spec.docx")] == ["5.1.1"]


def test_table_header_below_a_title_row_and_star_in_the_number_cell():
    document = Document()
    table = document.add_table(rows=4, cols=4)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[3])
    title.text = "商务偏差表"
    for cell, header in zip(table.rows[1].cells, ["序号", "招标文件条款号", "商务要求", "投标应答"], strict=True):
        cell.text = header
    for cell, value in zip(table.rows[2].cells, ["★1", "2.3", "交货期不超过60天", ""], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[3].cells, ["2", "2.4", "", ""], strict=True):  # no requirement: left out
        cell.text = value
    buffer = BytesIO()
    document.save(buffer)
    clauses = extract_clauses(BytesIO(buffer.getvalue()), "商务.docx")
    assert [(c.number, c.text, c.star, c.template, c.locator["row"], c.locator["response_col"]) for c in clauses] == [
        ("2.3", "交货期不超过60天", True, True, 2, 3)
    ]


def test_xlsx_sheet_without_a_requirement_header_is_ignored():
    workbook = Workbook()
    workbook.active.append(["说明", "内容"])
    workbook.active.append(["1", "请逐条应答"])
    buffer = BytesIO()
    workbook.save(buffer)
    assert extract_clauses(BytesIO(buffer.getvalue()), "x.xlsx") == []


def test_column_roles_by_header_names():
    assert column_roles(
        [
            "序号",
            "招标文件条款号",
            "招标文件技术要求",
            "投标响应",
            "偏离情况",
            "偏离说明",
            "投标人保证值",
            "单位",
            "参数名称",
        ]
    ) == {
        "no": 0,
        "clause_no": 1,
        "requirement": 2,
        "response": 3,
        "deviation": 4,
        "note": 5,
        "guarantee": 6,
        "unit": 7,
        "parameter": 8,
    }
    assert column_roles(["序 号", "招标要求\n（标准参数值）", "偏离\n(无/正/负)"]) == {
        "no": 0,
        "requirement": 1,
        "deviation": 2,
    }


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 not a spec", "spec.pdf"),
        (b"\xd0\xcf\x11\xe0 an old .doc", "spec.doc"),
        (b"not a zip at all", "spec.docx"),
        (b"PK\x03\x04 broken zip", "spec.xlsx"),
        (b"", "spec.docx"),
    ],
)
def test_other_or_damaged_files_raise_spec_error(data, name):
    with pytest.raises(SpecError):
        extract_clauses(BytesIO(data), name)


def test_a_zip_that_is_not_a_word_file_raises_spec_error():
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(SpecError):
        extract_clauses(BytesIO(buffer.getvalue()), "spec.docx")
    with pytest.raises(SpecError):
        extract_clauses(BytesIO(buffer.getvalue()), "spec.xlsx")


def test_bytes_or_file_give_the_same_clauses():
    name, data = samples.sample("dc_system")
    assert rows(extract_clauses(data, name)) == rows(extract_clauses(BytesIO(data), name))


# (f) Word list numbering, (g) a long spec ---------------------------------------------------------


def test_word_multilevel_numbering_gives_the_numbers_word_shows():
    clauses = extract("auto_numbered")
    assert rows(clauses) == [
        ("5.1.1", "★", "整流模块效率不低于93%"),
        ("5.1.2(1)", "M", "输入过压、欠压保护"),
        ("5.1.2(2)", "M", "输出过流、短路保护"),
        ("5.1.2(2)①", "M", "过压点可设定"),
        ("5.2.1", "▲M", "监控单元应具备RS485通信接口"),
    ]
    assert [c.section for c in clauses] == ["5 技术要求 > 5.1 整流模块"] * 4 + ["5 技术要求 > 5.2 监控单元"]


def test_a_long_spec_gives_every_clause_once_in_order():
    clauses = extract("long_spec")
    assert len(clauses) == 300
    assert [c.number for c in clauses[:3]] + [clauses[-1].number] == ["5.1.1", "5.1.2", "5.1.3", "5.30.10"]
    assert len({c.locator["index"] for c in clauses}) == 300
    assert clauses[0].text == "模块效率不低于90%" and clauses[0].section == "5 技术要求 > 5.1 整流模块"
    assert sum(c.star for c in clauses) == 15 and sum(c.triangle for c in clauses) == 15


def test_a_clause_written_in_a_heading_style_is_a_clause():
    data = docx_bytes(
        ("5 技术要求", "Heading 1"),
        ("5.1 整流模块", "Heading 2"),
        ("5.1.1 整流模块效率应不低于93%，满载时功率因数应不小于0.99。", "Heading 3"),
        ("5.1.2 模块应支持热插拔；", "Heading 3"),
    )
    clauses = extract_clauses(BytesIO(data), "spec.docx")
    assert [(c.number, c.section) for c in clauses] == [
        ("5.1.1", "5 技术要求 > 5.1 整流模块"),
        ("5.1.2", "5 技术要求 > 5.1 整流模块"),
    ]


def test_typed_table_of_contents_lines_are_left_out():
    data = docx_bytes(
        "1 总则\t1", "2 技术要求……………3", "3 试验.........5", ("2 技术要求", "Heading 1"), "2.1 模块应支持热插拔。"
    )
    assert [c.number for c in extract_clauses(BytesIO(data), "spec.docx")] == ["2.1"]


def test_a_two_row_header_under_a_merged_response_column():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "招标要求", "投标人响应", None, "备注"])
    sheet.append([None, None, "投标值", "偏离", None])
    sheet.merge_cells("C1:D1")
    sheet.append(["1", "效率 ≥ 93 %", None, None, None])
    buffer = BytesIO()
    workbook.save(buffer)
    clauses = extract_clauses(BytesIO(buffer.getvalue()), "偏离表.xlsx")
    assert [(c.number, c.text, c.locator["row"]) for c in clauses] == [("1", "效率 ≥ 93 %", 3)]
    locator = clauses[0].locator
    assert (locator["response_col"], locator["deviation_col"], locator["note_col"]) == (3, 4, 5)

    document = Document()
    table = document.add_table(rows=3, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "招标要求", "投标人响应", "", "备注"], strict=True):
        cell.text = text
    table.rows[0].cells[2].merge(table.rows[0].cells[3])
    for column, text in ((2, "投标值"), (3, "偏离")):
        table.rows[1].cells[column].text = text
    for cell, text in zip(table.rows[2].cells, ["1", "效率 ≥ 93 %", "", "", ""], strict=True):
        cell.text = text
    buffer = BytesIO()
    document.save(buffer)
    clauses = extract_clauses(BytesIO(buffer.getvalue()), "偏离表.docx")
    assert [(c.number, c.locator["row"], c.locator["response_col"], c.locator["deviation_col"]) for c in clauses] == [
        ("1", 2, 2, 3)
    ]


def test_line_breaks_inside_a_cell_read_as_spaces():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "参数名称", "招标要求"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "效率", "≥93%\n（满载）"
    buffer = BytesIO()
    document.save(buffer)
    assert [c.text for c in extract_clauses(BytesIO(buffer.getvalue()), "t.docx")] == ["效率：≥93% （满载）"]


def test_star_written_as_asterisk_or_in_brackets():
    data = docx_bytes("*5.1.1 模块应支持热插拔。", "5.1.2 （★）模块应具备均流功能。", "5.1.3 模块应具备防雷功能（▲）。")
    assert rows(extract_clauses(BytesIO(data), "spec.docx")) == [
        ("5.1.1", "★M", "模块应支持热插拔"),
        ("5.1.2", "★M", "模块应具备均流功能"),
        ("5.1.3", "▲M", "模块应具备防雷功能"),
    ]


def test_an_unnumbered_requirement_cites_the_clause_it_continues():
    data = docx_bytes(
        ("5 技术要求", "Heading 1"),
        "5.1.1 整流模块效率不低于93%。",
        "模块应具备防雷功能。",
        "5.1.2 ★监控单元应满足下列要求：",
        "应支持远程升级。",
        ("6 服务", "Heading 1"),
        "应提供7×24小时服务。",
    )
    assert rows(extract_clauses(BytesIO(data), "spec.docx")) == [
        ("5.1.1", "", "整流模块效率不低于93%"),
        ("5.1.1", "M", "模块应具备防雷功能"),
        ("5.1.2", "★M", "应支持远程升级"),
        ("", "M", "应提供7×24小时服务"),
    ]


def test_items_under_items_keep_their_parents():
    data = docx_bytes(
        "5.2 监控单元应具备以下功能：",
        "1、遥测功能：",
        "(1) 母线电压测量精度 ≤0.5%；",
        "(2) 电池电流测量精度 ≤1%；",
        "2、遥信功能，应上传全部告警。",
        "5.3 模块应支持热插拔。",
    )
    assert [(c.number, c.mandatory) for c in extract_clauses(BytesIO(data), "spec.docx")] == [
        ("5.2-1(1)", True),
        ("5.2-1(2)", True),
        ("5.2-2", True),
        ("5.3", True),
    ]


def _with_document_xml(data: bytes, change) -> bytes:
    import zipfile

    source = zipfile.ZipFile(BytesIO(data))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            archive.writestr(name, change(content.decode()) if name == "word/document.xml" else content)
    return buffer.getvalue()


@pytest.mark.parametrize("span", ["100000000000", "abc", "-1", "65"])
def test_a_crafted_table_grid_is_left_out_not_walked(span):
    """python-docx would build one cell per spanned column (10**11 here): such a table is left
    out of the extraction and refused by the write-back; the paragraphs still count."""
    from presales.responses.specs.writeback import FilledRow, write_back

    name, data = samples.sample("rectifier_table")
    crafted = _with_document_xml(
        data, lambda xml: xml.replace("<w:tc>", f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>', 1)
    )
    assert extract_clauses(crafted, name) == []
    locator = extract("rectifier_table")[0].locator
    with pytest.raises(SpecError):
        write_back(crafted, name, [FilledRow(locator, "满足", "无偏离", "")])
    surveillance_name, surveillance = samples.sample("surveillance")
    crafted = _with_document_xml(
        surveillance, lambda xml: xml.replace("<w:tc>", f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>', 1)
    )
    assert [c.locator["kind"] for c in extract_clauses(crafted, surveillance_name)].count("table") == 0
    assert len(extract_clauses(crafted, surveillance_name)) == 18


def test_a_structure_python_docx_cannot_read_is_a_spec_error():
    name, data = samples.sample("rectifier_table")
    crafted = _with_document_xml(data, lambda xml: xml.replace("<w:tc>", "<w:tc><w:tcPr><w:vMerge/></w:tcPr>", 1))
    with pytest.raises(SpecError):
        extract_clauses(crafted, name)
