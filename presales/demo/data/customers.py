"""The demo's customers: the two business lines, the customer list, and what their contacts
are like (titles by industry, concerns, competitors, names)."""

from __future__ import annotations

from presales.demo.data.customers_it import IT_CUSTOMERS
from presales.demo.data.customers_power import POWER_CUSTOMERS

# In the order they are created: the power-supply business's, then the IT integration's.
CUSTOMERS = [*POWER_CUSTOMERS, *IT_CUSTOMERS]

POWER_INDUSTRIES = {"power_grid", "power_generation", "rail", "petrochemical", "design_institute", "telecom"}


def business_of(industry: str) -> str:
    return "power" if industry in POWER_INDUSTRIES else "it"


def group_of(plan_business: str, industry: str) -> str:
    """Which vocabulary a project's survey, requirements and solution texts are written in."""
    if plan_business == "power":
        return "power"
    return industry if industry in ("healthcare", "public_security") else "it"


# Contacts: titles by industry, the first one decides. (title, decision role)
CONTACT_TITLES = {
    "power_grid": [
        ("运维检修部主任", "decision_maker"),
        ("变电运维室专责", "user"),
        ("物资部采购专责", "gatekeeper"),
        ("副总工程师", "influencer"),
    ],
    "design_institute": [
        ("变电室主任工程师", "decision_maker"),
        ("电气二次专业主设人", "influencer"),
        ("经营部项目经理", "gatekeeper"),
    ],
    "rail": [("供电部部长", "decision_maker"), ("机电设备部工程师", "user"), ("物资采购中心主管", "gatekeeper")],
    "petrochemical": [("机动处处长", "decision_maker"), ("电气车间主任", "influencer"), ("供应处采购员", "gatekeeper")],
    "power_generation": [
        ("分管生产副厂长", "decision_maker"),
        ("设备部电气专工", "influencer"),
        ("物资部主管", "gatekeeper"),
    ],
    "telecom": [("网络部副总经理", "decision_maker"), ("动力专业经理", "influencer"), ("动力维护工程师", "user")],
    "public_security": [
        ("科技信息化处处长", "decision_maker"),
        ("指挥中心副主任", "influencer"),
        ("装备财务处科员", "gatekeeper"),
        ("视频侦查支队民警", "user"),
    ],
    "education": [
        ("信息化办公室主任", "decision_maker"),
        ("网络中心工程师", "user"),
        ("招标采购中心科长", "gatekeeper"),
    ],
    "government": [("分管副局长", "decision_maker"), ("数据资源处处长", "influencer"), ("信息中心工程师", "user")],
    "finance": [
        ("信息科技部总经理", "decision_maker"),
        ("数据中心运维经理", "influencer"),
        ("集中采购部主管", "gatekeeper"),
    ],
    "healthcare": [("信息中心主任", "decision_maker"), ("总务科科长", "influencer"), ("设备处采购专员", "gatekeeper")],
}

# The seed's 关键客户的倾向点: 技术架构选型、案例和售后响应时间、功能关注点、竞争对手.
CONCERNS = {
    "power": [
        "技术架构选型：充电模块N+1冗余、双充双蓄配置，按DL/T 5044—2014计算蓄电池容量",
        "案例和售后响应时间：要省内同电压等级的运行案例，故障4小时内到场",
        "功能关注点：蓄电池在线监测、绝缘监测和接地选线，与综自后台IEC 61850通信",
        "竞争对手：许继电源有存量设备，须说明与旧屏并列运行和替换方案",
        "价格：年度预算偏紧，倾向分两期实施",
        "功能关注点：ZHM05监控器的远程告警、历史曲线和事件记录",
    ],
    "it": [
        "技术架构选型：倾向云原生微服务架构，软硬件须适配信创（国产化）",
        "案例和售后响应时间：要同级单位同类项目案例，7×24小时响应、2小时到场",
        "与现有系统对接：要求开放接口，不能推倒重来",
        "投资效益：要三年总拥有成本测算和分期建设建议",
        "数据安全：须通过等保三级测评，日志留存6个月以上",
    ],
}
CONCERNS_BY_INDUSTRY = {
    "power_grid": ["交货期：合同签订后45天内到货，停电窗口只有两周"],
    "design_institute": ["技术架构选型：与典型设计一致，提供蓄电池容量和电缆压降计算书"],
    "rail": ["功能关注点：符合地铁供电技术规范，直流系统与电力SCADA接口"],
    "petrochemical": ["安全：防爆区域施工许可，只能在装置停车检修窗口施工"],
    "power_generation": ["交货期：须在机组C级检修期内完成更换"],
    "telecom": ["功能关注点：-48V通信电源接入动环监控，兼容磷酸铁锂电池"],
    "public_security": [
        "功能关注点：视频资源目录统一管理、GB/T 28181级联、按权限调阅",
        "竞争对手：深圳神盾做过前期引导，需突出平台开放性和对接能力",
    ],
    "education": ["实施周期：须在暑假（7–8月）完成施工，不影响教学", "功能关注点：统一身份认证和移动端服务"],
    "government": ["功能关注点：一网通办数据共享和城市运行指标体系", "合规：符合政务云安全规范和信创目录"],
    "finance": ["连续性：改造期间业务零中断，须有割接回退方案", "合规：满足金融监管对数据中心机房等级的要求"],
    "healthcare": ["连续性：医院7×24小时运行，施工须分区分时段", "功能关注点：与HIS、PACS系统对接"],
}

COMPETITORS = {
    "power": ["许继电源", "南瑞继保", "深圳奥特迅", "杭州中恒电气"],
    "it": ["长春天成", "广州华南资讯", "北京中电同业", "厦门巨龙", "深圳神盾", "神州数码"],
}

# Names for invented contacts, with pinyin for their e-mail addresses.
SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("林", "lin"),
    ("罗", "luo"),
    ("高", "gao"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("沈", "shen"),
    ("蒋", "jiang"),
    ("楼", "lou"),
    ("俞", "yu"),
    ("金", "jin"),
    ("叶", "ye"),
    ("潘", "pan"),
    ("方", "fang"),
]
GIVEN_NAMES = [
    ("建国", "jianguo"),
    ("晓东", "xiaodong"),
    ("海涛", "haitao"),
    ("志强", "zhiqiang"),
    ("丽华", "lihua"),
    ("文杰", "wenjie"),
    ("明", "ming"),
    ("婷", "ting"),
    ("伟民", "weimin"),
    ("振华", "zhenhua"),
    ("国平", "guoping"),
    ("红梅", "hongmei"),
    ("俊", "jun"),
    ("慧敏", "huimin"),
    ("立新", "lixin"),
    ("永刚", "yonggang"),
    ("春燕", "chunyan"),
    ("浩", "hao"),
    ("雪峰", "xuefeng"),
    ("一鸣", "yiming"),
    ("佳琪", "jiaqi"),
    ("国强", "guoqiang"),
    ("建平", "jianping"),
    ("凯", "kai"),
    ("秀英", "xiuying"),
    ("卫东", "weidong"),
    ("亚楠", "yanan"),
    ("勇", "yong"),
    ("晓峰", "xiaofeng"),
    ("静怡", "jingyi"),
]
