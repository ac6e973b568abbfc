"""The demo's people: departments, logins, names, titles, roles, and who does what.

The one place where a demo person is named. Every other module of the demo refers to a
person by the login constants below (a test checks that no other module spells a login or
a person's name), so renaming somebody is one change here.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- logins -----------------------------------------------------------------------------------
ADMIN = "admin"
GENERAL_MANAGER = "qian.jun"  # 总经理: the third approver of a low-margin price
PRESALES_MANAGER = "zhou.min"  # 技术主管: dispatches requests, chairs reviews, signs off deliverables
POWER_SENIOR_ENGINEER = "zhang.wei"  # the busiest power-supply engineer
POWER_ENGINEER = "liu.yang"
IT_ENGINEER = "chen.jing"
IT_ARCHITECT = "huang.tao"
SALES_HEAD = "wu.gang"  # 销售主管
GRID_SALES = "wang.qiang"  # key accounts: the power grid
INDUSTRY_SALES = "li.na"  # rail, petrochemical, telecom, design institutes
SECURITY_SALES = "zhao.lei"  # public security
PUBLIC_SALES = "sun.li"  # education, government, finance, hospitals
COMMERCIAL = "zheng.hong"  # 商务主管
FINANCE = "feng.xue"
SERVICE_MANAGEMENT = "he.jun"  # 服管部: reviews contracts

DEPARTMENTS = ["总经理办公室", "售前技术部", "销售一部", "销售二部", "商务部", "财务部", "服管部", "信息中心"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    department: str
    title: str
    phone: str
    roles: tuple[str, ...]
    superuser: bool = False
    skills: str = ""  # shown when the manager dispatches service requests


USERS = [
    DemoUser(ADMIN, "系统管理员", "信息中心", "系统管理员", "0571-88660100", ("admin",), superuser=True),
    DemoUser(GENERAL_MANAGER, "钱军", "总经理办公室", "总经理", "13906710001", ("general_manager",)),
    DemoUser(
        PRESALES_MANAGER,
        "周敏",
        "售前技术部",
        "售前技术部经理（技术主管）",
        "13905712231",
        ("presales_manager", "presales_engineer"),
        skills="方案评审, 直流电源系统, 数据中心, 投标技术管理",
    ),
    DemoUser(
        POWER_SENIOR_ENGINEER,
        "张伟",
        "售前技术部",
        "高级售前工程师（电源）",
        "13858016642",
        ("presales_engineer",),
        skills="直流电源系统, 蓄电池, UPS, 变电站自动化, DL/T 5044",
    ),
    DemoUser(
        POWER_ENGINEER,
        "刘洋",
        "售前技术部",
        "售前工程师（电源）",
        "13757193305",
        ("presales_engineer",),
        skills="通信电源, 一体化电源, 轨道交通供电, 投标文件",
    ),
    DemoUser(
        IT_ENGINEER,
        "陈静",
        "售前技术部",
        "售前工程师（系统集成）",
        "13666687718",
        ("presales_engineer",),
        skills="医院信息化, HIS/PACS, 数据中心, 网络安全",
    ),
    DemoUser(
        IT_ARCHITECT,
        "黄涛",
        "售前技术部",
        "解决方案架构师",
        "13588420096",
        ("presales_engineer",),
        skills="视频监控, 公安视频专网, 云计算, 等保三级",
    ),
    DemoUser(SALES_HEAD, "吴刚", "销售一部", "销售总监", "13906506018", ("sales_head", "sales_rep")),
    DemoUser(GRID_SALES, "王强", "销售一部", "大客户经理（电网）", "13819135527", ("sales_rep",)),
    DemoUser(INDUSTRY_SALES, "李娜", "销售一部", "客户经理（轨交/石化/通信）", "13967108854", ("sales_rep",)),
    DemoUser(SECURITY_SALES, "赵磊", "销售二部", "销售二部经理（公安）", "13735819960", ("sales_rep",)),
    DemoUser(PUBLIC_SALES, "孙丽", "销售二部", "客户经理（教育/政府/金融）", "13605811473", ("sales_rep",)),
    DemoUser(COMMERCIAL, "郑红", "商务部", "商务经理", "13516810329", ("commercial",)),
    DemoUser(FINANCE, "冯雪", "财务部", "财务主管", "13867420185", ("finance",)),
    DemoUser(SERVICE_MANAGEMENT, "何军", "服管部", "合同审核专员", "13957162274", ("service_management",)),
]
DEMO_USERNAMES = [u.username for u in USERS]
DEPARTMENT_HEADS = {
    "总经理办公室": GENERAL_MANAGER,
    "售前技术部": PRESALES_MANAGER,
    "销售一部": SALES_HEAD,
    "销售二部": SECURITY_SALES,
    "商务部": COMMERCIAL,
    "财务部": FINANCE,
    "服管部": SERVICE_MANAGEMENT,
    "信息中心": ADMIN,
}

# -- who does what (the department's own split of work) ---------------------------------------
ENGINEERS = {
    "power": [POWER_SENIOR_ENGINEER, POWER_ENGINEER, PRESALES_MANAGER],
    "it": [IT_ENGINEER, IT_ARCHITECT, PRESALES_MANAGER],
}
APPROVER = PRESALES_MANAGER  # the presales manager signs off deliverables
CONTRACT_APPROVER = SALES_HEAD  # the sales head signs off contracts and business bids
CATALOG_EDITOR = COMMERCIAL  # the commercial team maintains the catalog
SIGNERS = (PRESALES_MANAGER, SALES_HEAD, COMMERCIAL)  # a solution's sign-off: 技术主管、销售主管、商务主管
