"""The demo's opportunities: the list, how long they stay in each stage, how their stories end
in turn, and the words their timelines and deliverables are written in."""

from __future__ import annotations

from presales.demo.data.opportunities_it import IT_OPPORTUNITIES
from presales.demo.data.opportunities_power import POWER_OPPORTUNITIES
from presales.demo.data.people import COMMERCIAL, PRESALES_MANAGER, SALES_HEAD

OPPORTUNITIES = [*POWER_OPPORTUNITIES, *IT_OPPORTUNITIES]
MAX_AGE_DAYS = 300  # the oldest opportunity was opened about ten months ago

# What the solution of an opportunity still in 咨询 looks like today, in turn: sign-off under
# way (so each signer has some waiting), a draft, a reviewed version not yet sent, a returned
# first version whose second is in sign-off, an approved one, none yet, a returned one redone.
CONSULTING_SOLUTIONS = [
    [f"signing:{PRESALES_MANAGER}"],
    ["draft"],
    ["reviewed"],
    [f"rejected:{COMMERCIAL}", "signing:"],
    [f"signing:{SALES_HEAD}"],
    ["approved"],
    [],
    [f"rejected:{SALES_HEAD}", "draft"],
]
# The handovers of opportunities in 实施 (None: not handed over yet).
IMPLEMENTATION_HANDOVERS = ["submitted", "started", "started", "submitted", None, "started"]

# How long a project stays in each stage (by StageRole), in days (low, high).
STAGE_DAYS = {
    "contact": (7, 25),
    "consulting": (14, 40),
    "tracking": (20, 55),
    "tender": (8, 20),
    "bidding": (10, 25),
    "implementation": (30, 80),
}

SOURCES = {
    "power": ["design_institute", "tender_notice", "customer_visit", "existing_customer"],
    "it": ["customer_visit", "partner", "referral", "tender_notice", "existing_customer"],
}

# Words the timeline and deliverables are written with, by business line.
WORDS = {
    "power": {
        "line": "直流操作电源和一体化电源产品",
        "need": [
            "现有直流屏运行超过12年，充电模块故障率高，计划整体更换",
            "新建变电站需配套直流电源和通信电源",
            "蓄电池容量衰减严重，需更换并增加在线监测",
            "希望交流、直流、UPS、通信电源统一监控，做一体化改造",
        ],
        "focus": [
            "充电模块冗余配置和蓄电池容量计算",
            "监控器与综自后台的通信规约",
            "屏柜尺寸与现有电缆沟的配合",
            "交货期和停电窗口内的切换方案",
        ],
        "extra": ["蓄电池核对性放电试验方案", "同类变电站的运行证明", "型式试验报告和生产许可证", "屏柜布置图"],
        "demo": ["ZHM05监控器操作", "一体化电源监控后台"],
        "feature": ["绝缘监测的接地选线功能", "远程告警推送和历史曲线"],
        "case": ["国网浙江220kV变电站", "杭州地铁主变电所"],
        "qual": ["型式试验报告、生产许可证和近三年同类业绩", "ISO 9001证书和电力行业运行业绩"],
        "site": ["变电站二次设备室", "主变电所直流屏室"],
        "detail": ["完成充电模块参数整定和蓄电池充放电试验", "完成监控器与综自后台的通信联调"],
        "approver": "上级公司发展策划部",
        "quote": [
            ("ZHDCS220 65/100 直流电源屏", "套", 2, 185_000),
            ("ZHM05P 监控器", "台", 2, 12_000),
            ("阀控铅酸蓄电池 2V/100Ah", "只", 208, 650),
            ("蓄电池柜", "面", 4, 8_500),
            ("微机绝缘监测装置", "套", 2, 9_800),
            ("IMPS48/150 通信电源", "套", 1, 68_000),
        ],
    },
    "it": {
        "line": "系统集成解决方案和成功案例",
        "need": [
            "现有平台各自为政，需要统一接入和共享",
            "老系统性能不足，业务高峰期经常卡顿",
            "上级要求年底前完成等保整改和国产化替代",
            "希望建设统一的数据底座，支撑后续应用",
        ],
        "focus": ["平台架构和信创适配", "与现有系统的接口对接", "数据安全和等保要求", "实施周期和割接方案"],
        "extra": ["同类项目的用户证明", "三年总拥有成本测算", "割接和回退方案", "等保测评方案"],
        "demo": ["视频联网平台", "智慧校园门户", "数字驾驶舱原型"],
        "feature": ["按权限调阅和操作留痕", "大屏可视化和移动端"],
        "case": ["绍兴公安视频联网", "浙江省属高校智慧校园"],
        "qual": ["系统集成资质、CMMI三级证书和近三年同类业绩", "安防工程企业资质和等保测评案例"],
        "site": ["客户机房", "指挥中心"],
        "detail": ["完成平台部署和前端点位接入联调", "完成割接演练和性能测试"],
        "approver": "市财政局和大数据局",
        "quote": [
            ("视频/业务平台软件", "套", 1, 380_000),
            ("应用服务器（国产化）", "台", 6, 68_000),
            ("分布式存储", "台", 4, 120_000),
            ("核心交换机", "台", 2, 95_000),
            ("下一代防火墙", "台", 2, 58_000),
        ],
    },
}

# Words that differ by industry (override WORDS of the business line).
WORDS_BY_INDUSTRY = {
    "power_grid": {"case": ["国网浙江220kV变电站", "国网江苏110kV智能变电站"], "approver": "省公司发展策划部"},
    "design_institute": {"approver": "设计院总工办和建设单位"},
    "rail": {
        "case": ["杭州地铁主变电所", "宁波轨道交通3号线"],
        "approver": "集团建设分公司和计划财务部",
        "site": ["主变电所直流屏室", "车站降压变电所"],
    },
    "petrochemical": {
        "case": ["镇海炼化总降变电所", "上海石化热电部"],
        "approver": "分公司投资计划处",
        "site": ["总降变电所", "装置区配电室"],
    },
    "power_generation": {"approver": "电厂生产技术部和集团公司", "site": ["网控楼继电器室", "升压站继电器室"]},
    "telecom": {
        "case": ["浙江移动IDC机房", "铁塔基站电源改造"],
        "approver": "省公司网络部和采购中心",
        "site": ["核心机房电力室", "汇聚机房"],
        "demo": ["IMPS通信电源监控", "ZHM08监控器远程管理"],
    },
    "public_security": {
        "need": ["各区县视频平台各自为政，需要统一接入和共享", "天网前端点位增加，平台性能和存储不足"],
        "demo": ["视频联网平台", "视频资源目录和授权调阅"],
        "case": ["绍兴公安视频联网", "金华公安天网二期"],
        "approver": "市财政局和省公安厅科信总队",
        "site": ["指挥中心", "公安数据中心机房"],
    },
    "education": {
        "need": ["校园各业务系统数据不通，师生办事要跑多个系统", "机房设备老化，暑期需完成改造"],
        "demo": ["智慧校园门户", "一卡通与人脸识别门禁"],
        "case": ["浙江省属高校智慧校园", "宁波市中小学智慧校园"],
        "approver": "学校计财处和财政局",
        "site": ["校园网络中心", "教学楼"],
    },
    "government": {
        "need": ["部门数据共享不畅，一网通办需要统一的数据底座", "政务云资源紧张，需扩容并统一云管"],
        "demo": ["数字驾驶舱原型", "数据共享交换平台"],
        "case": ["衢州市政务云", "湖州市一网通办"],
        "approver": "市财政局和大数据局",
        "site": ["政务云机房", "大数据中心"],
    },
    "finance": {
        "need": ["灾备中心机房容量不足，需按A级机房改造", "网点视频设备老旧，需统一联网集中监控"],
        "demo": ["动环监控平台", "机房可视化运维"],
        "case": ["省内城商行灾备中心", "农商银行数据中心"],
        "approver": "总行信息科技管理委员会",
        "site": ["总行数据中心", "同城灾备中心"],
    },
    "healthcare": {
        "need": ["新院区建设，弱电智能化需统一规划", "机房动环和UPS老化，需要专业运维"],
        "demo": ["智能化集成管理平台"],
        "case": ["浙江省人民医院新院区", "省内三甲医院数据中心"],
        "approver": "医院院务会和卫健委",
        "site": ["新院区弱电机房", "医院信息中心机房"],
    },
}

# Timeline entries by stage role: (kind, subject, minutes, outcome). Placeholders come from WORDS
# plus short (customer), contact, competitor.
ACTIVITIES = {
    "contact": [
        ("visit", "拜访{short}，介绍公司及{line}", 90, "了解到客户{need}。客户同意安排技术交流，需准备{case}案例。"),
        ("call", "电话联系{contact}，预约技术交流", 15, "约定下周现场交流，对方希望先收到公司资质和产品手册。"),
        ("meeting", "{short}初步技术交流", 120, "以PPT介绍{line}，客户关注{focus}。下一步提交初步方案。"),
    ],
    "consulting": [
        ("meeting", "{short}方案交流会", 150, "讲解解决方案，客户对{focus}提出意见，要求补充{extra}。"),
        ("demo", "{demo}演示", 90, "演示顺利，{contact}认可{feature}；报价须控制在预算内。"),
        ("call", "与{contact}沟通报价清单", 20, "客户认为部分配置偏高，要一份精简配置的备选报价。"),
    ],
    "tracking": [
        ("meeting", "配合{short}向分管领导汇报方案", 60, "领导原则同意，要求财务部门复核预算后报{approver}审批。"),
        ("call", "跟进立项审批进度", 10, "立项材料已报{approver}，预计两周内批复。"),
        ("visit", "与{contact}沟通预算表修改意见", 60, "按客户意见分两期实施，预算表已更新。"),
    ],
    "tender": [
        (
            "note",
            "研究招标文件",
            None,
            "评分办法：技术50分、商务20分、价格30分；须提供{qual}。预计竞争对手：{competitor}。",
        ),
        ("meeting", "投标决策会", 45, "售前、销售、商务一致同意投标；商务须在开标前完成PCST价格评审。"),
    ],
    "bidding": [
        ("meeting", "标书互审会", 120, "技术偏差表有3处需修改，商务部补充近三年同类业绩证明。"),
        ("visit", "参加开标及讲标", 180, "现场讲标20分钟，评委重点询问{focus}，回答到位。"),
    ],
    "implementation": [
        ("meeting", "项目交底会", 90, "向实施团队交底方案和合同技术条款，确认施工计划和到货时间。"),
        ("visit", "现场技术支持（{site}）", 480, "指导施工队完成设备安装接线，{detail}。"),
        ("call", "与{contact}确认验收时间", 15, "客户确认下周组织验收，需准备竣工资料和测试记录。"),
    ],
}

# The next step an activity of that kind names (with its follow-up a week later); a note names none.
NEXT_STEPS = {
    "visit": "整理拜访纪要发{contact}确认",
    "call": "按{contact}的要求补充资料",
    "meeting": "根据会议结论更新方案并回复{contact}",
    "demo": "收集{contact}对演示的反馈",
}

MOVE_BACK_REASON = "客户要求把二期范围并入本期，解决方案和报价需重新编制"
RETURN_COMMENTS = [
    "报价清单缺少蓄电池柜和运输费，请补充后重新提交",
    "方案未写明割接和回退步骤，请补充",
    "技术偏差表与招标文件条款编号不一致，请核对",
    "请补充客户签字页的扫描件",
]
