"""The default stage template, in the seed's own words (shared/seeds, DESIGN.md §3).

Loaded by a data migration; afterwards it is data an admin edits. Plain data only, so the
migration can import it safely. A stage's "role" is a StageRole value: what the workbench uses
the stage for, so that its code and name stay free to change.

A task is (title, required, due days, responsible role): the role (a TaskRole value) follows
the seed's wording — "销售人员…" is the sales owner's, "商务人员…" commercial's, "售前技术工程师…"
the presales lead's (role_from_wording); where the seed names nobody, whoever does that work
in the seed's flow (the presales manager forms the bid team, commercial buys the tender file
and completes the PCST price review).
"""

# The wording that names who does a task, first match wins (TaskRole values).
WORDING_ROLES = [
    ("销售", "sales_owner"),
    ("由销售", "sales_owner"),
    ("商务", "commercial"),
    ("售前经理", "presales_manager"),
    ("部门主管", "presales_manager"),
    ("技术主管", "presales_manager"),
    ("售前", "presales_lead"),
    ("技术", "presales_lead"),
    ("服管部", "service_management"),
    ("财务", "finance"),
]


def role_from_wording(title: str, default: str = "presales_lead") -> str:
    """The role a task's title starts with ("销售人员将…" → sales owner), else `default`."""
    for prefix, role in WORDING_ROLES:
        if title.startswith(prefix):
            return role
    return default


def default_task_roles() -> dict[str, str]:
    """Title → role of the default template's tasks."""
    return {task[0]: task[3] for spec in DEFAULT_STAGES for task in spec["tasks"]}


DEFAULT_TEMPLATE_NAME = "售前项目六阶段（标准）"

DEFAULT_STAGES = [
    {
        "code": "contact",
        "role": "contact",
        "name": "接触",
        "purpose": "针对刚开始接触的潜在客户：售前人员与销售人员一起拜访潜在客户，进行初步沟通"
        "（口头交流、PPT或系统演示），了解客户初步的需求和思路，为下一阶段做铺垫。",
        "entry_criteria": "销售人员发现潜在客户并提出售前支持需求。",
        "inputs": "客户基本信息、销售前期沟通记录、公司介绍和以往成功案例。",
        "exit_criteria": "客户初步需求和思路已了解并记录，客户同意进一步交流方案。",
        "skip_condition": "",
        "tasks": [
            ("与销售人员一起拜访潜在客户", True, 7, "presales_lead"),
            ("进行初步沟通（口头交流、PPT或系统演示）", True, 14, "presales_lead"),
            ("找到关键客户的倾向点（技术架构、案例和售后响应、功能关注点、竞争对手）", False, 14, "presales_lead"),
        ],
        "outputs": [
            ("拜访记录（含客户初步需求）", "拜访时间、参加人员、客户初步需求和思路", True),
        ],
    },
    {
        "code": "consulting",
        "role": "consulting",
        "name": "咨询",
        "purpose": "为客户提供针对性的解决方案：深入了解需求和思路，整理解决方案文档和演示PPT，"
        "提出潜在项目的具体工作任务（包括范围、内容、合理的预算等），引导客户的思路，取得客户的初步信任。",
        "entry_criteria": "客户初步需求已明确。",
        "inputs": "《项目建议书》、项目CAD图",
        "exit_criteria": "《解决方案》与《项目报价清单》已提交客户。",
        "skip_condition": "",
        "tasks": [
            ("售前技术工程师根据前期销售人员反馈的信息和客户的需求，编制《解决方案》", True, 14, "presales_lead"),
            ("售前技术工程师根据供应链人员提供的产品、型号、价格等编制《项目报价清单》", True, 14, "presales_lead"),
            ("销售人员根据解决方案中的渠道价格，以及技术难度与客户预算等因素确定对客户的报价", True, 21, "sales_owner"),
            ("销售人员将解决方案与项目报价清单提交给客户", True, 21, "sales_owner"),
        ],
        "outputs": [
            ("解决方案", "针对性的解决方案文档", True),
            ("演示PPT", "方案演示材料", False),
            ("项目报价清单", "按产品目录/供应链价格编制的报价清单", True),
        ],
    },
    {
        "code": "tracking",
        "role": "tracking",
        "name": "跟踪",
        "purpose": "从客户接到解决方案到客户单位的项目立项：配合客户向领导汇报，取得单位领导、业务部门、"
        "信息化管理部门和财务部门的支持，以及政府信息化主管单位和财务单位的批准。",
        "entry_criteria": "客户已接到解决方案与报价。",
        "inputs": "《解决方案》、《项目报价清单》、客户意见",
        "exit_criteria": "项目已获批准，成功立项。",
        "skip_condition": "",
        "tasks": [
            ("根据意见修改方案和报价", False, 30, "presales_lead"),
            ("整理多种格式的汇报材料和方案", False, 30, "presales_lead"),
            ("编制预算表及问题说明材料", True, 30, "presales_lead"),
            ("确认项目立项批复", True, 60, "sales_owner"),
        ],
        "outputs": [
            ("修订版解决方案/报价", "根据客户意见修改后的版本", False),
            ("汇报材料", "向客户领导汇报用的材料", False),
            ("预算表", "客户立项用的预算表", True),
            ("立项批复", "客户单位的立项批复或批准文件", True),
        ],
    },
    {
        "code": "tender",
        "role": "tender",
        "name": "招标",
        "purpose": "项目成功立项后进入招投标选择供应商：获取并研究招标文件，决定是否投标。",
        "entry_criteria": "项目已立项，招标公告已发布。",
        "inputs": "招标公告、《招标文件》",
        "exit_criteria": "招标文件已登记并研究，已作出投标决策。",
        "skip_condition": "no_tender",
        "tasks": [
            ("购买/下载并登记招标文件（开标时间、保证金、资格要求）", True, 5, "commercial"),
            ("研究招标文件，识别技术与商务要求", True, 7, "presales_lead"),
            ("组织投标决策（投/不投）", True, 7, "sales_owner"),
        ],
        "outputs": [
            ("招标文件", "招标方发布的招标文件", True),
            ("投标决策", "投标/不投标的决定及理由", True),
        ],
    },
    {
        "code": "bidding",
        "role": "bidding",
        "name": "投标",
        "purpose": "编制并递交投标文件：商务标书、技术标书（含技术偏差表），PCST价格评审通过后确定投标报价。",
        "entry_criteria": "已决定投标。",
        "inputs": "《招标文件》、《解决方案》、《项目报价清单》",
        "exit_criteria": "招标方发布《中标公告函》。",
        "skip_condition": "no_tender",
        "tasks": [
            ("组建投标小组，分工编制标书", True, 3, "presales_manager"),
            ("编制技术标书及技术偏差表", True, 10, "presales_lead"),
            ("编制商务标书，完成PCST价格评审", True, 10, "commercial"),
            ("标书自审/互审", True, 12, "presales_lead"),
            ("递交投标文件并参加开标、讲标", True, 15, "sales_owner"),
        ],
        "outputs": [
            ("商务标书", "含经PCST评审的投标报价", True),
            ("技术标书", "含技术偏差表", True),
            ("中标公告函", "招标方发布的中标通知/公告", True),
        ],
    },
    {
        "code": "implementation",
        "role": "implementation",
        "name": "实施",
        "purpose": "签订合同、交接实施，售前技术工程师在现场提供技术支持直至项目验收。",
        "entry_criteria": "《解决方案》、《项目报价清单》获得用户认可，或招投标中标通知。",
        "inputs": "《商务标书》、《技术标书》、《中标公告函》、《解决方案》、《报价单》",
        "exit_criteria": "项目验收合格",
        "skip_condition": "",
        "tasks": [
            ("售前技术工程师配合商务人员制作《购销合同》或《采购合同》", True, 14, "presales_lead"),
            ("商务人员将定稿合同提交服管部审核，并按审核意见修改确认", True, 21, "commercial"),
            ("由销售人员与客户进行交流沟通，确认售前技术工程师前往项目地的时间、地点等", False, 30, "sales_owner"),
            ("售前技术工程师在施工现场为施工队提供技术支持和指导", False, None, "presales_lead"),
            ("项目设备和系统软件调试完成后，售前技术工程师协助销售人员申请项目验收", True, None, "presales_lead"),
        ],
        "outputs": [
            ("购销合同/采购合同", "经服管部审核通过的合同", True),
            ("项目验收报告", "客户签字的项目验收报告", True),
        ],
    },
]


# Outputs a version of the opportunity's quote satisfies (DeliverableType.satisfied_by_quote):
# the quote module holds the real 《项目报价清单》, so a version submitted to price review
# counts as it; an upload stays possible for a quote made outside the workbench.
QUOTE_OUTPUTS = {("consulting", "项目报价清单"): "submitted"}
