"""The words of the demo's service requests (服务请求): titles and content by request type, what
a site survey finds and a requirements form says by vocabulary group (see
customers.group_of), delivery notes, and the requests open today."""

from __future__ import annotations

from presales.demo.data.people import (
    IT_ARCHITECT,
    IT_ENGINEER,
    POWER_ENGINEER,
    POWER_SENIOR_ENGINEER,
    PRESALES_MANAGER,
)

SURVEYS = {
    "power": {
        "current_situation": "{short}现有直流系统为{year}年投运的GZDW型直流屏，"
        "单组蓄电池（GFM-{ah}Ah，104只）运行已{age}年，"
        "最近一次核对性放电仅达额定容量的{pct}%；监控器不支持IEC 61850，告警需人工巡视。",
        "equipment_facts": "直流屏3面（充电屏1面、馈线屏2面），充电模块5×10A；蓄电池1组（GFM-{ah}Ah×104只）；"
        "UPS 1台5kVA单机运行；"
        "通信电源-48V 2×100A；直流负荷统计：经常负荷约{load}A，事故照明及UPS负荷约{peak}A。",
        "network_facts": "站内监控后台为NS3000，直流监控经规约转换器接入；调度数据网已覆盖，具备远传条件。",
        "building_facts": "蓄电池室位于二次设备室北侧，面积约{area}㎡，有防爆排风扇和防酸地面；二次设备室预留屏位2个，"
        "电缆沟宽600mm，可敷设新电缆；站用交流两路进线。",
        "needs_found": "按DL/T 5044—2014改为两组蓄电池、两套充电装置；事故放电时间按2h考虑；"
        "改造期间不停电，分段切换；监控接入综自后台并远传调度。",
    },
    "healthcare": {
        "current_situation": "医院信息化程度：{short}HIS为{year}年上线的C/S架构，LIS、PACS分属不同厂商，接口靠中间库；"
        "电子病历评级3级，医院计划两年内达到5级。",
        "equipment_facts": "信息中心机房服务器{servers}台（含小型机2台），FC SAN存储{tb}TB已用{pct}%；"
        "UPS 2×40kVA，后备30分钟；"
        "精密空调2台运行已满10年。",
        "network_facts": "核心交换机为2010年产品，单核心无冗余；内外网物理隔离；无线仅覆盖门诊楼，住院楼无覆盖。",
        "building_facts": "新院区门急诊楼和住院楼各12层，每层1个弱电井；规划机房位于二层，面积约120㎡，"
        "楼板承重500kg/㎡，需加固；市电双路进线。",
        "needs_found": "本次建设目标：新院区数据中心建设，HIS升级为B/S架构，PACS影像集中存储5年，"
        "全院无线覆盖；施工不得影响门急诊业务。",
    },
    "public_security": {
        "current_situation": "{short}现有视频监控点位约{points}路，其中标清模拟点位占{share}%；"
        "各分局分散存储，保存期不足30天；"
        "人脸、车辆检索依赖人工回看。",
        "equipment_facts": "分局级NVR 36台、IP-SAN 12台，部分设备已停产；市局指挥中心大屏为DLP拼接屏。",
        "network_facts": "视频专网与公安信息网通过边界平台交换；分局到市局链路为千兆，部分派出所仅百兆。",
        "building_facts": "市局机房位于指挥中心大楼5层，可用机柜位20个，承重满足要求；分局机房空间紧张。",
        "needs_found": "前端点位高清化改造、视频集中云存储90天、结构化分析支撑实战应用；分三期建设。",
    },
    "it": {
        "current_situation": "{short}现有业务系统{systems}余个，分散部署在物理服务器上，资源利用率低于20%；"
        "无统一运维监控，去年等保测评整改项12项未闭环。",
        "equipment_facts": "服务器{servers}台（5年以上占60%），存储2套共{tb}TB；UPS 1×80kVA单机，后备时间不足15分钟。",
        "network_facts": "单核心网络，接入交换机多品牌混用；互联网出口100M单链路，无上网行为管理。",
        "building_facts": "机房位于办公楼3层，面积约80㎡，无架空地板，空调为舒适性空调；需改造为模块化机房。",
        "needs_found": "建设目标：模块化机房改造、双核心网络、虚拟化资源池，按等保三级补齐安全防护；寒暑假期间施工。",
    },
}
REQUIREMENTS = {
    "power": {
        "business_background": "{short}现有直流系统运行年限长，蓄电池容量下降，列入今年技改计划。",
        "needs": "{need}；{focus}。",
        "scope": "直流系统、蓄电池、UPS及通信电源改造，监控接入综自后台。",
        "existing_systems": "GZDW型直流屏（单组电池），UPS单机5kVA，综自系统NS3000。",
        "constraints": "执行DL/T 5044—2014；改造期间不停电；需在迎峰度夏前完工。",
    },
    "it": {
        "business_background": "{short}业务增长快，现有系统老旧，信息化建设列入年度重点工作。",
        "needs": "{need}；{focus}。",
        "scope": "网络、计算存储、安全及配套机房改造。",
        "existing_systems": "业务系统分散部署在物理服务器，单核心网络，存储容量不足。",
        "constraints": "等保三级要求；施工不影响日常业务，割接安排在夜间或周末。",
    },
}
REQUEST_TYPES_TITLE = {
    "solution_design": "{name}方案设计",
    "site_survey": "{short}现场勘察",
    "demo": "{short}系统演示",
    "bid_support": "{name}投标技术支持",
    "technical_qa": "{short}技术答疑",
    "training": "{short}运维培训",
}
REQUEST_CONTENT = {
    "solution_design": "客户需求：{need}。请售前根据现场情况设计解决方案，客户关注：{focus}。",
    "site_survey": "客户需要我方到{site}现场勘察，确认设备位置、走线路由和改造条件。",
    "demo": "客户希望看到{demo}，请准备演示环境和讲解材料。",
    "bid_support": "招标文件已发布，请协助编写技术标书和技术偏差表，资格要求：{qual}。",
    "technical_qa": "客户对{feature}有疑问，请安排工程师电话或现场答疑。",
    "training": "项目即将验收，客户运维人员需要一次操作维护培训。",
}
DELIVERY_NOTES = {
    "solution_design": "已提交解决方案初稿及配置清单，方案已上传方案设计报告表。",
    "site_survey": "现场勘察完成，勘察记录和照片已上传，主要设备位置和走线路由已确认。",
    "demo": "演示已完成，客户对监控界面和告警功能认可，演示PPT已发销售。",
    "bid_support": "技术标书和技术偏差表已完成，已交商务部合成投标文件。",
    "technical_qa": "已电话答疑并发送书面答复，客户无进一步问题。",
    "training": "培训已完成，共8人参加，培训签到表和讲义已上传。",
}

# The requests of the last weeks, in every status, spread over the engineers so the dispatch
# page shows different loads (the senior power engineer busiest, the IT architect least):
# (status, business line, engineer, type, survey needed, filed days ago, wanted-by days from
# today, extra).
CURRENT_REQUESTS = [
    ("submitted", "power", None, "site_survey", True, 12, -3, {}),  # overdue in the queue
    ("submitted", "it", None, "demo", False, 1, 6, {"priority": "urgent"}),
    ("submitted", "it", None, "technical_qa", False, 2, 9, {"no_opportunity": True}),
    ("assigned", "power", POWER_SENIOR_ENGINEER, "solution_design", False, 3, 10, {}),
    ("assigned", "power", POWER_SENIOR_ENGINEER, "bid_support", False, 4, 7, {"declined_by": POWER_ENGINEER}),
    ("assigned", "it", IT_ENGINEER, "solution_design", False, 2, 12, {}),
    ("accepted", "power", POWER_SENIOR_ENGINEER, "site_survey", True, 5, 4, {}),
    ("accepted", "it", IT_ARCHITECT, "demo", False, 4, 5, {}),
    ("in_progress", "power", POWER_SENIOR_ENGINEER, "solution_design", True, 9, 2, {}),
    ("in_progress", "it", IT_ENGINEER, "site_survey", True, 10, -1, {"industry": "healthcare"}),  # overdue
    ("in_progress", "it", IT_ENGINEER, "technical_qa", False, 6, 3, {}),
    ("in_progress", "power", POWER_ENGINEER, "bid_support", False, 7, 5, {"priority": "urgent"}),
    ("delivered", "power", POWER_ENGINEER, "site_survey", True, 14, -4, {}),
    ("delivered", "it", IT_ARCHITECT, "solution_design", False, 11, -2, {}),
    ("closed", "it", IT_ENGINEER, "demo", False, 20, -10, {}),
    ("closed", "power", PRESALES_MANAGER, "technical_qa", False, 16, -9, {}),
    (
        "rejected",
        "power",
        None,
        "training",
        False,
        8,
        4,
        {"reason": "属于售后维保范围，请联系服管部安排，不占用售前资源。"},
    ),
    ("cancelled", "it", IT_ARCHITECT, "site_survey", True, 6, 8, {"reason": "客户预算冻结，项目暂缓，取消勘察。"}),
]
