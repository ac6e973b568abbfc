"""The demo's library (知识库/资料库): who keeps which folders, and ~25 documents of both
businesses — the power-supply maker's specifications, manuals, type-test reports and licences,
and the integrator's standard solutions and selection guides — with their owners, status,
review intervals and the text of their small generated files."""

from __future__ import annotations

from dataclasses import dataclass

from presales.demo.data.people import (
    IT_ARCHITECT,
    IT_ENGINEER,
    POWER_ENGINEER,
    POWER_SENIOR_ENGINEER,
)

# Top folders that presales engineers keep (edit right by role); the rest of each library
# inherits. 业务库 is kept by sales and presales together.
EDITED_BY_PRESALES = ("technical", "standards", "integration", "resources", "tender", "cases")
EDITED_BY_SALES_AND_PRESALES = ("business",)
# 竞争对手库 (read: presales and the sales heads, migration 0002): the sales head edits it.
COMPETITORS_EDITOR_ROLE = "sales_head"


@dataclass(frozen=True)
class DemoDocument:
    library: str  # code
    folder: str  # name
    title: str
    owner: str  # login
    file: str  # file name: its extension decides the generated content
    text: tuple[str, ...]  # paragraphs (or rows) of the file
    tags: tuple[str, ...] = ()
    products: tuple[str, ...] = ()  # model codes
    industries: tuple[str, ...] = ()
    status: str = "published"  # draft, in_review, published, expired, archived
    interval: int = 12  # months between reviews
    age: int = 60  # days since it was published (or written)
    downloads: int = 0
    review_in: int | None = None  # published documents: days to the next review, when it is close


TECHNICAL_DOCUMENTS = [
    # 技术库 — the power-supply maker
    DemoDocument(
        "technical",
        "产品技术资料",
        "ZHDCS220 直流屏技术规格书",
        POWER_SENIOR_ENGINEER,
        "ZHDCS220直流屏技术规格书.docx",
        (
            "ZHDCS220 直流操作电源系统，额定电压 220V，适用于110kV及以下变电站。",
            "充电模块采用 ZHR22010 高频开关整流模块，N+1 冗余，均流不平衡度不大于 ±3%。",
            "稳压精度不大于 ±0.5%，纹波系数不大于 0.5%，配置 ZHM05P 微机监控器与绝缘监测装置。",
            "执行标准：DL/T 5044—2014《电力工程直流电源系统设计技术规程》。",
        ),
        tags=("直流屏", "技术规格书"),
        products=("ZHDCS220-GZ", "ZHR22010", "ZHM05P"),
        industries=("power_grid", "power_generation"),
        age=40,
        downloads=37,
        review_in=9,
    ),
    DemoDocument(
        "technical",
        "产品技术资料",
        "IMPS48/150 一体化电源 用户手册",
        POWER_ENGINEER,
        "IMPS48-150用户手册.pdf",
        (
            "IMPS48/150 Integrated Power Supply - User Manual",
            "Nominal 48 V, rated output 150 A, modules ZHR4830 / ZHR4850, monitor ZHM08.",
            "Installation, commissioning, alarms and maintenance.",
        ),
        tags=("用户手册", "一体化电源"),
        products=("IMPS48-JG", "ZHR4850", "ZHM08"),
        industries=("telecom", "rail"),
        age=120,
        downloads=21,
    ),
    DemoDocument(
        "technical",
        "产品技术资料",
        "ZHM05P 直流系统监控器 通信规约说明",
        POWER_ENGINEER,
        "ZHM05P通信规约.txt",
        (
            "ZHM05P 监控器支持 Modbus-RTU 与 IEC 60870-5-103 规约，RS485 接口两路。",
            "遥信：交流失电、模块故障、绝缘下降；遥测：母线电压、电池电流、单体电压。",
        ),
        tags=("监控器", "通信规约"),
        products=("ZHM05P",),
        industries=("power_grid",),
        age=200,
        downloads=9,
    ),
    DemoDocument(
        "technical",
        "产品技术资料",
        "ZHR22010 充电模块 维护要点",
        POWER_ENGINEER,
        "ZHR22010维护要点.md",
        (
            "# ZHR22010 充电模块维护要点",
            "- 每季度清理风扇滤网",
            "- 检查均流不平衡度，超过 ±5% 需校准",
            "- 模块热插拔前确认监控器已识别",
        ),
        tags=("充电模块", "运维"),
        products=("ZHR22010",),
        status="draft",
        age=5,
    ),
    DemoDocument(
        "technical",
        "图纸",
        "ZHDCS220 直流屏 一次系统接线图",
        POWER_SENIOR_ENGINEER,
        "ZHDCS220一次接线图.png",
        (),
        tags=("图纸", "直流屏"),
        products=("ZHDCS220-GZ",),
        industries=("power_grid",),
        age=90,
        downloads=14,
    ),
    DemoDocument(
        "technical",
        "演示系统",
        "一体化电源监控演示系统 部署说明",
        POWER_ENGINEER,
        "监控演示系统部署说明.docx",
        (
            "演示系统安装部署流程：准备演示服务器，导入演示数据，配置 ZHM05IM 主监控模拟器。",
            "演示前一天完成联调，演示结束后恢复初始数据。",
        ),
        tags=("演示",),
        products=("ZHM05IM",),
        age=150,
        interval=6,
        status="expired",
    ),
    # 技术库 / 集成知识库 — the integrator
    DemoDocument(
        "integration",
        "集成方案",
        "视频监控系统标准方案",
        IT_ARCHITECT,
        "视频监控系统标准方案.docx",
        (
            "园区视频监控系统标准方案：前端高清网络摄像机，汇聚层 PoE 交换机，核心存储采用 CVR 集中存储。",
            "存储按 1080P、4Mbps 码流、30 天保存计算容量，关键点位 90 天。",
            "平台支持 GB/T 28181 级联、人脸识别与视频结构化。",
        ),
        tags=("视频监控", "标准方案"),
        products=("SRV-2288X",),
        industries=("public_security", "education"),
        age=75,
        downloads=42,
    ),
    DemoDocument(
        "integration",
        "设备选型",
        "网络交换机选型指南",
        IT_ENGINEER,
        "网络交换机选型指南.xlsx",
        (
            "层级\t端口\t背板带宽\t推荐型号",
            "接入层\t24×GE+4×10GE\t≥336Gbps\t国产千兆接入交换机",
            "汇聚层\t24×10GE+4×40GE\t≥2.56Tbps\t国产万兆汇聚交换机",
            "核心层\t模块化机框\t≥20Tbps\t国产核心交换机",
        ),
        tags=("交换机", "选型"),
        industries=("government", "education", "finance"),
        age=30,
        downloads=18,
    ),
    DemoDocument(
        "integration",
        "设备选型",
        "国产化服务器选型对比",
        IT_ARCHITECT,
        "国产化服务器选型对比.xlsx",
        ("型号\t处理器\t内存\t适用", "SRV-KP920\t鲲鹏920\t256GB\t政务信创", "SRV-2288X\t2×Xeon Gold\t512GB\t通用计算"),
        tags=("服务器", "信创"),
        products=("SRV-KP920", "SRV-2288X"),
        industries=("government",),
        status="in_review",
        age=3,
    ),
    DemoDocument(
        "integration",
        "合作厂商资料",
        "存储厂商技术交流纪要",
        IT_ENGINEER,
        "存储厂商交流纪要.txt",
        ("与存储厂商进行技术交流：集中存储双控、RAID6、支持 NVMe 缓存；项目售前合作按报备流程。",),
        tags=("供应商技术交流",),
        age=260,
        interval=0,
        downloads=2,
    ),
]
