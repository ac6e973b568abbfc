"""The presales department's own workflows in the demo, through their services.

Service requests (服务请求: filed by sales, dispatched by the presales manager, accepted,
worked and delivered by an engineer, with the site survey or the requirements form the
seed's 售前部门工作流程 asks for), solutions (方案设计报告表 with versions, the review meeting
方案评审会 rating 可行性/先进性/设备选型/造价幅度, the sign-off of 技术主管/销售主管/商务主管
through the approvals engine, on-site Q&A 现场答疑), and the handover to implementation
(实施交接) with its acceptance report (项目验收报告).

Every change is a service call made as the person who does it; the builder's clock
back-dates the rows afterwards, and `fix_dates` sets the calendar dates of meetings,
surveys and visits from those back-dated moments so they agree.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from presales.approvals.models import Approval
from presales.approvals.services import approval_decide
from presales.demo import data
from presales.demo.files import docx_file
from presales.service_requests import services as sr_services
from presales.service_requests.models import RequestStatus, ServiceRequest, SiteSurvey
from presales.solutions import services as sol_services
from presales.solutions.models import (
    AcceptanceReport,
    Handover,
    QASession,
    Review,
    Solution,
    SolutionVersion,
    SupportVisit,
)

if TYPE_CHECKING:
    from presales.demo.builder import DemoBuilder, Plan

SIGNERS = ("zhou.min", "wu.gang", "zheng.hong")  # 技术主管、销售主管、商务主管
MANAGER = "zhou.min"
SALES_HEAD = "wu.gang"
COMMERCIAL = "zheng.hong"

# -- words -----------------------------------------------------------------------------------
REJECT_COMMENTS = {
    "zhou.min": [
        "蓄电池容量计算未计入事故初期冲击负荷，请按DL/T 5044—2014附录重新核算后再提交",
        "系统架构未考虑双机热备，单点故障风险高，请补充冗余设计",
    ],
    "wu.gang": [
        "方案未体现客户提出的二期扩容需求，请补充扩容接口和预留位置",
        "客户关注的实施工期未在方案中说明，请补充施工组织安排",
    ],
    "zheng.hong": [
        "造价幅度超出客户预算约12%，请优化设备选型后再提交",
        "部分设备无国产化替代选项，报价风险大，请补充备选型号",
    ],
}
CHANGE_REASONS = {
    "zhou.min": "评审意见：按DL/T 5044—2014重新核算蓄电池容量并补充冗余设计",
    "wu.gang": "客户要求增加二期扩容接口，补充预留屏位和扩容方案",
    "zheng.hong": "商务主管意见：造价超出客户预算，调整设备选型，压缩造价约10%",
}
APPROVE_COMMENTS = ["", "同意", "同意，按此方案报价", "方案可行，同意提交客户", "已审核"]
EQUIPMENT = {
    "power": "ZHDCS220 65/200直流系统（高频充电模块N+1冗余）；GFM-300Ah阀控密封铅酸蓄电池2组×104只；"
    "UPS 2×10kVA；IMPS48/150通信电源；ZHM05ID一体化监控器（IEC 61850）",
    "healthcare": "核心交换机2台（虚拟化堆叠）；超融合服务器8节点；全闪存储2×100TB；"
    "PACS影像归档存储500TB；下一代防火墙2台；模块化机房（冷通道封闭）",
    "public_security": "高清网络摄像机（400万像素）；视频云存储3PB（90天）；视频结构化分析服务器；"
    "视频专网汇聚交换机；边界安全接入平台",
    "it": "核心交换机2台；虚拟化服务器6台；统一存储200TB；防火墙与上网行为管理；精密空调2×40kW；UPS 2×120kVA（模块化）",
}
SUMMARIES = {
    "power": "按DL/T 5044—2014配置两组蓄电池、两套充电装置，单母线分段接线；直流、UPS、通信电源"
    "一体化设计，统一监控并接入站内综自后台；改造期间采用临时直流电源过渡，不停电切换。",
    "healthcare": "以新一代数据中心为底座，HIS升级为B/S架构，LIS、PACS、电子病历统一集成平台；"
    "按等保三级设计安全体系，核心业务双活，影像数据分级存储。",
    "public_security": "视频专网、云存储和智能分析一体设计：前端点位高清化改造，视频汇聚到市局云存储，"
    "结构化分析支撑人脸、车辆检索；按公安视频专网安全规范建设边界接入。",
    "it": "机房、网络、计算存储和安全一体设计：模块化机房，双核心网络，虚拟化资源池，"
    "按等保三级建设安全防护，预留云平台扩展接口。",
}
QA_ITEMS = {
    "power": [
        (
            "蓄电池为什么选用阀控式而不是防酸隔爆式？",
            "阀控式密封铅酸蓄电池免维护、无酸雾，DL/T 5044—2014推荐变电站采用。",
            "",
        ),
        ("充电模块故障时如何保证直流不间断？", "充电模块N+1冗余，热插拔更换，单模块故障不影响输出。", ""),
        ("直流监控能否接入现有综自后台？", "ZHM05监控器支持IEC 61850和Modbus，可直接接入。", "提供规约对照表给运维班"),
        (
            "改造期间直流会不会失电？",
            "采用临时直流电源过渡，按母线分段切换，每段切换不超过30分钟。",
            "施工方案细化切换步骤",
        ),
        ("蓄电池室现有排风是否满足要求？", "阀控电池析氢量小，现有防爆排风扇满足要求。", ""),
    ],
    "it": [
        (
            "新数据中心上线时现有业务如何平滑迁移？",
            "分批迁移，先非核心系统，核心系统在夜间窗口切换，保留回退方案。",
            "补充迁移计划表",
        ),
        ("存储容量能否满足5年增长？", "按年增长30%测算，首期配置满足3年，预留扩容槽位满足5年。", ""),
        ("等保三级测评由谁负责？", "我方按等保三级设计并配合整改，测评由客户委托的测评机构进行。", ""),
        ("施工会不会影响白天业务？", "涉及割接的工作安排在夜间和周末，提前一周报客户信息中心审批。", "提供割接时间表"),
        ("视频存储能否保存90天？", "按400万像素、4Mbps码流测算，配置满足90天循环存储。", ""),
    ],
}
CUSTOMER_ATTENDEES = {
    "power": "运维检修部主任、变电运维班班长、二次专业工程师",
    "it": "信息中心主任、网络管理员、业务科室代表",
}

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


def group_of(plan_business: str, industry: str) -> str:
    if plan_business == "power":
        return "power"
    return industry if industry in ("healthcare", "public_security") else "it"


def clear_orphan(model, field_name: str, instance, filename: str) -> None:
    """Delete a file left at the path `instance`'s upload would take by an earlier demo
    database (same ids after a fresh load), so reloads do not pile up suffixed copies."""
    field = model._meta.get_field(field_name)
    name = field.generate_filename(instance, filename)
    if field.storage.exists(name) and not model._base_manager.filter(**{field_name: name}).exists():
        field.storage.delete(name)


class Flows:
    def __init__(self, builder: DemoBuilder, *, seed: int) -> None:
        self.b = builder
        self.rng = random.Random(seed)
        self.files = 0
        self.history_requests: list[tuple[int, int]] = []  # (request id, days from filing to wanted-by)

    # -- helpers ---------------------------------------------------------------------------
    def u(self, username: str):
        return self.b.users[username]

    def day(self, fraction: float) -> date:
        """A date `fraction` of the way through the stretch being built (never after today)."""
        start, end = self.b.span
        return min(timezone.localtime(start + (end - start) * fraction).date(), self.b.today)

    def engineer_for(self, plan: Plan):
        """The engineer doing the work: the lead, unless that is the manager (who signs)."""
        if plan.lead and plan.lead != MANAGER:
            return self.u(plan.lead)
        return self.u(data.ENGINEERS[plan.business][0])

    def second_engineer(self, plan: Plan, first) -> object:
        others = [n for n in data.ENGINEERS[plan.business] if n not in (first.username, MANAGER)]
        return self.u(others[0])

    def document(self, model, field_name: str, instance, filename: str, title: str, paragraphs: list[str]):
        self.files += 1
        clear_orphan(model, field_name, instance, filename)
        return docx_file(filename, title, paragraphs)

    def decide(self, target, username: str, *, approve: bool, comment: str = "") -> None:
        approval = Approval.objects.for_target(target).pending().get()
        approval_decide(approval=approval, user=self.u(username), approve=approve, comment=comment)

    # -- solutions -------------------------------------------------------------------------
    def solution(self, opportunity, plan: Plan, words: dict, outcomes: list[str], *, qa: bool = False):
        """A solution design report and its versions; each outcome is one version's story:
        "draft", "reviewed", "signing:<who approved>,…", "rejected:<who rejected>", "approved"."""
        engineer = self.engineer_for(plan)
        designers = [engineer]
        if plan.lead == MANAGER:
            designers.insert(0, self.u(MANAGER))
        elif plan.spec.amount >= 2_000_000:
            designers.append(self.second_engineer(plan, engineer))
        owner = self.u(plan.owner)
        team = [owner] + ([self.u(COMMERCIAL)] if plan.spec.has_tender else [])
        spec = plan.spec
        solution = sol_services.solution_create(
            user=self.u(plan.lead) if plan.lead else engineer,
            opportunity=opportunity,
            data={
                "title": f"{spec.name}解决方案",
                "scope": spec.description or spec.name,
                "due_date": self.day(0.6),
                # the design request it answers, when sales filed one
                "service_request": opportunity.service_requests.filter(request_type="solution_design")
                .order_by("-pk")
                .first(),
            },
            designers=designers,
            team=team,
        )
        industry = opportunity.customer.industry
        group = group_of(plan.business, industry)
        previous_rejecter = None
        approved = None
        for index, outcome in enumerate(outcomes):
            number = index + 1
            low = Decimal(round(spec.amount * self.rng.uniform(0.82, 0.9), -4))
            high = Decimal(round(spec.amount * self.rng.uniform(1.0, 1.08), -4))
            equipment = spec.description or EQUIPMENT[group]
            change_reason = ""
            if number > 1:
                change_reason = CHANGE_REASONS.get(previous_rejecter or "", data.MOVE_BACK_REASON)
            paragraphs = [
                f"一、项目背景：{words['need']}。",
                f"二、建设内容：{spec.description or spec.name}。",
                f"三、技术方案：{SUMMARIES[group]}",
                f"四、主要设备选型：{equipment}。",
                f"五、造价幅度：¥{low:,.0f}～¥{high:,.0f}。",
                f"六、参考案例：{words['case']}。",
                *([f"修改说明：{change_reason}。"] if change_reason else []),
            ]
            filename = f"{spec.name}解决方案V{number}.0.docx"
            file = self.document(
                SolutionVersion,
                "file",
                SolutionVersion(solution=solution, number=number),
                filename,
                f"{spec.name}解决方案V{number}.0",
                paragraphs,
            )
            submitter = designers[-1] if designers[-1].username not in SIGNERS else engineer
            version = sol_services.version_create(
                solution=solution,
                user=submitter,
                data={
                    "summary": SUMMARIES[group],
                    "main_equipment": equipment,
                    "cost_low": low,
                    "cost_high": high,
                    "change_reason": change_reason,
                },
                file=file,
            )
            if outcome == "draft":
                break
            self.review(version, plan, designers, owner, number, previous_rejecter)
            if outcome == "reviewed":
                break
            sol_services.signoff_submit(
                version=version, user=submitter, note=f"方案已通过评审会，请签字确认（V{number}.0）。"
            )
            kind, _sep, names = outcome.partition(":")
            if kind == "approved":
                for name in self.rng.sample(SIGNERS, 3):
                    self.decide(version, name, approve=True, comment=self.rng.choice(APPROVE_COMMENTS))
                approved = version
            elif kind == "signing":
                for name in [n for n in names.split(",") if n]:
                    self.decide(version, name, approve=True, comment=self.rng.choice(APPROVE_COMMENTS))
            elif kind == "rejected":
                others = [n for n in SIGNERS if n != names]
                self.decide(version, self.rng.choice(others), approve=True, comment="同意")
                self.decide(version, names, approve=False, comment=self.rng.choice(REJECT_COMMENTS[names]))
                previous_rejecter = names
        if qa and approved is not None:
            self.qa(approved, plan, opportunity, engineer, owner)
        return solution

    def review(self, version, plan: Plan, designers, owner, number: int, previous_rejecter) -> None:
        ratings = [self.rng.choice([3, 4, 4, 5]) for _ in range(4)]
        if number > 1:
            ratings = [min(5, r + 1) for r in ratings]
        comments = [
            "方案技术路线成熟，现场条件满足实施要求" if ratings[0] >= 4 else "部分改造条件需现场再确认",
            "采用高频模块化和一体化监控，技术先进" if plan.business == "power" else "采用虚拟化和超融合架构，技术先进",
            "设备选型合理，主要设备有成熟运行业绩" if ratings[2] >= 4 else "个别设备选型偏高，建议提供备选型号",
            "造价在客户预算范围内" if ratings[3] >= 4 else "造价接近客户预算上限，报价时注意控制",
        ]
        attendees = [*designers, owner]
        if plan.spec.has_tender:
            attendees.append(self.u(COMMERCIAL))
        fix = f"针对上一版意见（{CHANGE_REASONS[previous_rejecter]}）已修改到位。" if previous_rejecter else ""
        sol_services.review_record(
            version=version,
            user=self.u(MANAGER),
            data={
                "chair": self.u(MANAGER),
                "held_on": self.day(0.5),
                "place": "售前技术部会议室",
                "minutes": f"技术主管主持方案评审会，设计人员汇报V{number}.0方案，与会人员对方案的可行性、先进性、"
                f"设备选型和造价幅度进行了审核。{fix}结论：方案通过，提交技术主管、销售主管、商务主管签字确认。",
                "feasibility_rating": ratings[0],
                "feasibility_comment": comments[0],
                "advancement_rating": ratings[1],
                "advancement_comment": comments[1],
                "equipment_selection_rating": ratings[2],
                "equipment_selection_comment": comments[2],
                "cost_range_rating": ratings[3],
                "cost_range_comment": comments[3],
                "conclusion": "pass",
            },
            attendees=list({u.pk: u for u in attendees}.values()),
        )

    def qa(self, version, plan: Plan, opportunity, engineer, owner) -> None:
        business = "power" if plan.business == "power" else "it"
        items = self.rng.sample(QA_ITEMS[business], 3)
        sol_services.qa_record(
            version=version,
            user=engineer,
            data={
                "held_on": self.day(0.9),
                "place": f"{opportunity.customer.short_name or opportunity.customer.name}会议室",
                "customer_attendees": CUSTOMER_ATTENDEES[business],
                "notes": "按客户要求到现场讲解设计方案并答疑，客户对方案总体认可。",
            },
            attendees=[engineer, owner],
            items=[{"question": q, "answer": a, "follow_up": f} for q, a, f in items],
        )

    def revise(self, opportunity, plan: Plan, reason: str) -> None:
        """The scope changed after sign-off: a new draft version with the reason of change."""
        solution = Solution.objects.filter(opportunity=opportunity).order_by("-id").first()
        if solution is None:
            return
        engineer = self.engineer_for(plan)
        number = solution.versions.count() + 1
        filename = f"{plan.spec.name}解决方案V{number}.0.docx"
        file = self.document(
            SolutionVersion,
            "file",
            SolutionVersion(solution=solution, number=number),
            filename,
            f"{plan.spec.name}解决方案V{number}.0（修订稿）",
            [f"修改说明：{reason}。", "二期范围并入本期：补充扩容设备和预留接口，造价相应调整。"],
        )
        group = group_of(plan.business, opportunity.customer.industry)
        sol_services.version_create(
            solution=solution,
            user=engineer,
            data={
                "summary": SUMMARIES[group] + "（修订：二期范围并入本期）",
                "main_equipment": EQUIPMENT[group],
                "change_reason": reason,
            },
            file=file,
        )

    # -- handover and acceptance --------------------------------------------------------------
    def handover(self, opportunity, plan: Plan, words: dict, *, state: str) -> Handover:
        """state: "started" (plan and checklist partly done), "submitted" (acceptance report
        awaiting the technical head) or "accepted" (report approved: the 实施 gate is met)."""
        engineer = self.engineer_for(plan)
        partner = self.second_engineer(plan, engineer)
        start = self.day(0.05)
        handover = sol_services.handover_start(
            opportunity=opportunity,
            user=self.u(MANAGER),
            data={
                "implementation_lead": engineer,
                "schedule": "第1周：图纸会审、设备到货验收；第2–3周：安装接线；"
                "第4周：调试、联调；第5周：试运行、验收。",
                "planned_start": start + timedelta(days=3),
                "planned_end": start + timedelta(days=self.rng.randint(35, 70)),
                "handed_over_at": start,
                "notes": "技术主管组织项目组织会议，成立项目实施小组，根据合同工期编写施工组织计划与施工方案。",
            },
            team=[engineer, partner],
        )
        title = f"{plan.spec.name}施工组织计划与施工方案"
        plan_file = self.document(
            Handover,
            "construction_plan",
            handover,
            f"{plan.spec.name}施工方案.docx",
            title,
            [
                "一、工程概况：" + (plan.spec.description or plan.spec.name) + "。",
                "二、施工组织：项目经理1名、技术负责人1名、施工人员6名。",
                "三、施工进度：按合同工期分五个阶段实施，关键节点报甲方确认。",
                "四、安全措施：办理工作票，带电区域设置围栏，专人监护。",
            ],
        )
        sol_services.handover_update(handover=handover, user=engineer, data={}, plan=plan_file)
        items = list(handover.checklist.order_by("id"))
        ticked = len(items) if state != "started" else self.rng.randint(2, len(items) - 1)
        for item in items[:ticked]:
            sol_services.checklist_set(item=item, user=engineer, handed_over=True, note="电子版和纸质版已移交")
        visits = self.rng.randint(1, 3)
        for n in range(visits):
            sol_services.visit_add(
                handover=handover,
                user=engineer,
                data={
                    "visited_on": self.day(0.2 + 0.2 * n),
                    "engineer": [engineer, partner][n % 2],
                    "place": f"{opportunity.customer.short_name}{words['site']}",
                    "work_done": self.rng.choice(
                        [
                            "设备到货开箱验收，核对型号和数量",
                            "指导安装接线，检查屏柜接地",
                            "系统调试：告警、遥信遥测联调" if plan.business == "power" else "网络割接和业务迁移支持",
                        ]
                    ),
                    "issues": self.rng.choice(["", "个别电缆标识不清，已要求施工队整改", "甲方要求增加一路备用馈线"]),
                    "hours": Decimal(self.rng.choice([4, 6, 8])),
                },
            )
        if state in ("submitted", "accepted"):
            report_name = f"{plan.spec.name}项目验收报告.docx"
            report_file = self.document(
                AcceptanceReport,
                "file",
                AcceptanceReport(handover=handover),
                report_name,
                f"{plan.spec.name}项目验收报告",
                [
                    f"验收单位：{opportunity.customer.name}",
                    "验收结论：设备和系统运行正常，技术资料齐全，验收合格。",
                    "甲方代表签字：（已签字盖章）",
                ],
            )
            report = sol_services.acceptance_save(
                handover=handover,
                user=engineer,
                data={
                    "accepted_on": self.day(0.85),
                    "summary": f"{opportunity.customer.short_name}组织验收：设备和系统运行正常，资料齐全，验收合格。",
                },
                file=report_file,
            )
            sol_services.acceptance_submit(report=report, user=engineer, note="客户已签字确认，请审核。")
            if state == "accepted":
                self.decide(report, MANAGER, approve=True, comment="验收资料齐全，同意")
                self.decide(report, SALES_HEAD, approve=True, comment="同意")
        return handover

    # -- service requests ----------------------------------------------------------------------
    def request(
        self,
        *,
        opportunity,
        customer,
        requester,
        kind: str,
        group: str,
        words: dict,
        final: str,
        engineer=None,
        survey: bool = False,
        wanted_by: date,
        hours: int = 16,
        declined_by=None,
        priority: str = "normal",
        reason: str = "",
    ) -> ServiceRequest:
        """One request's life up to `final` (a RequestStatus value)."""
        manager = self.u(MANAGER)
        name = opportunity.name if opportunity else customer.name
        fill = {**words, "name": name, "short": customer.short_name or customer.name}
        contacts = list(customer.contacts.all()[:1])
        sr = sr_services.request_create(
            user=requester,
            data={
                "opportunity": opportunity,
                "customer": customer,
                "request_type": kind,
                "title": REQUEST_TYPES_TITLE[kind].format(**fill)[:200],
                "content": REQUEST_CONTENT[kind].format(**fill),
                "contact_name": contacts[0].name if contacts else "",
                "contact_phone": contacts[0].phone if contacts else "",
                "site_address": customer.address or customer.region,
                "wanted_by": wanted_by,
                "priority": priority,
            },
        )
        if final == RequestStatus.SUBMITTED:
            return sr
        if final == RequestStatus.REJECTED:
            return sr_services.request_reject(request=sr, user=manager, reason=reason)
        if declined_by is not None:
            sr = sr_services.request_assign(
                request=sr, user=manager, engineer=declined_by, estimated_hours=Decimal(hours), survey_needed=survey
            )
            sr = sr_services.request_decline(
                request=sr, user=declined_by, reason="本周在外地配合投标现场，无法按期响应，请另行安排。"
            )
        sr = sr_services.request_assign(
            request=sr,
            user=manager,
            engineer=engineer,
            estimated_hours=Decimal(hours),
            due_date=wanted_by,
            survey_needed=survey,
        )
        if final == RequestStatus.CANCELLED:
            return sr_services.request_cancel(request=sr, user=requester, reason=reason)
        if (
            not survey
            and kind in ("solution_design", "demo", "technical_qa")
            and (final != RequestStatus.ASSIGNED or self.rng.random() < 0.5)
        ):
            sr_services.requirements_save(
                request=sr,
                user=requester,
                data={
                    **{
                        key: value.format(**fill)
                        for key, value in REQUIREMENTS["power" if group == "power" else "it"].items()
                    },
                    "budget_range": f"约{round((opportunity.expected_amount if opportunity else 500000) / 10000)}万元",
                    "schedule": "年内完成招标，次年一季度实施",
                },
            )
        if final == RequestStatus.ASSIGNED:
            return sr
        sr = sr_services.request_accept(request=sr, user=engineer)
        if final == RequestStatus.ACCEPTED:
            return sr
        sr = sr_services.request_start(request=sr, user=engineer)
        if survey:
            numbers = {
                "short": customer.short_name or customer.name,
                "year": self.rng.randint(2006, 2014),
                "age": self.rng.randint(8, 15),
                "ah": self.rng.choice([200, 300, 400, 500]),
                "pct": self.rng.randint(62, 88),
                "load": self.rng.randint(15, 40),
                "peak": self.rng.randint(40, 90),
                "area": self.rng.randint(18, 40),
                "servers": self.rng.randint(20, 60),
                "tb": self.rng.choice([40, 60, 80, 120]),
                "points": self.rng.choice([800, 1200, 2600, 4500]),
                "share": self.rng.randint(25, 60),
                "systems": self.rng.randint(12, 40),
            }
            texts = {key: value.format(**numbers) for key, value in SURVEYS[group].items()}
            contact = contacts[0] if contacts else None
            sr_services.survey_save(
                request=sr,
                user=engineer,
                data={
                    "surveyed_on": self.b.today,
                    "place": f"{customer.short_name or customer.name}{words.get('site', '现场')}",
                    "people_met": f"{contact.name}（{contact.title}）；运维人员2名" if contact else "客户运维人员",
                    **texts,
                },
            )
        if final == RequestStatus.IN_PROGRESS:
            return sr
        sr = sr_services.request_deliver(request=sr, user=engineer, note=DELIVERY_NOTES[kind])
        if final == RequestStatus.DELIVERED:
            return sr
        return sr_services.request_close(request=sr, user=requester, comment="已收到，谢谢支持")

    def history_request(self, opportunity, plan: Plan, words: dict, kind: str) -> None:
        """A request filed and finished inside the stretch being built (dates fixed later)."""
        group = group_of(plan.business, opportunity.customer.industry)
        survey = kind in ("solution_design", "site_survey") and self.rng.random() < 0.6 or kind == "site_survey"
        lead = self.u(plan.lead) if plan.lead else self.engineer_for(plan)
        days = self.rng.randint(5, 15)
        sr = self.request(
            opportunity=opportunity,
            customer=opportunity.customer,
            requester=self.u(plan.owner),
            kind=kind,
            group=group,
            words=words,
            final=RequestStatus.CLOSED,
            engineer=lead,
            survey=survey,
            wanted_by=self.day(0.5),
            hours=self.rng.choice([8, 16, 24, 40]),
        )
        self.history_requests.append((sr.pk, days))

    def current_requests(self, candidates: list[tuple[object, Plan, dict]]) -> None:
        """Requests in every status, filed in the last weeks, spread over the engineers so
        the dispatch page shows different loads (zhang.wei busiest, huang.tao least)."""
        power = [c for c in candidates if c[1].business == "power"]
        it = [c for c in candidates if c[1].business == "it"]
        picks = {"power": itertools.cycle(power), "it": itertools.cycle(it)}
        used: set[int] = set()

        def pick(line: str, industry: str | None):
            preferred = [c for c in candidates if c[0].customer.industry == industry and c[0].pk not in used]
            chosen = preferred[0] if preferred else next(picks[line])
            used.add(chosen[0].pk)
            return chosen

        S = RequestStatus
        # (final, line, engineer, kind, survey, filed days ago, wanted-by offset from today, extra)
        stories = [
            (S.SUBMITTED, "power", None, "site_survey", True, 12, -3, {}),  # overdue in the queue
            (S.SUBMITTED, "it", None, "demo", False, 1, 6, {"priority": "urgent"}),
            (S.SUBMITTED, "it", None, "technical_qa", False, 2, 9, {"no_opportunity": True}),
            (S.ASSIGNED, "power", "zhang.wei", "solution_design", False, 3, 10, {}),
            (S.ASSIGNED, "power", "zhang.wei", "bid_support", False, 4, 7, {"declined_by": "liu.yang"}),
            (S.ASSIGNED, "it", "chen.jing", "solution_design", False, 2, 12, {}),
            (S.ACCEPTED, "power", "zhang.wei", "site_survey", True, 5, 4, {}),
            (S.ACCEPTED, "it", "huang.tao", "demo", False, 4, 5, {}),
            (S.IN_PROGRESS, "power", "zhang.wei", "solution_design", True, 9, 2, {}),
            (S.IN_PROGRESS, "it", "chen.jing", "site_survey", True, 10, -1, {"industry": "healthcare"}),  # overdue
            (S.IN_PROGRESS, "it", "chen.jing", "technical_qa", False, 6, 3, {}),
            (S.IN_PROGRESS, "power", "liu.yang", "bid_support", False, 7, 5, {"priority": "urgent"}),
            (S.DELIVERED, "power", "liu.yang", "site_survey", True, 14, -4, {}),
            (S.DELIVERED, "it", "huang.tao", "solution_design", False, 11, -2, {}),
            (S.CLOSED, "it", "chen.jing", "demo", False, 20, -10, {}),
            (S.CLOSED, "power", "zhou.min", "technical_qa", False, 16, -9, {}),
            (
                S.REJECTED,
                "power",
                None,
                "training",
                False,
                8,
                4,
                {"reason": "属于售后维保范围，请联系服管部安排，不占用售前资源。"},
            ),
            (
                S.CANCELLED,
                "it",
                "huang.tao",
                "site_survey",
                True,
                6,
                8,
                {"reason": "客户预算冻结，项目暂缓，取消勘察。"},
            ),
        ]
        for final, line, engineer, kind, survey, ago, wanted, extra in stories:
            opportunity, plan, words = pick(line, extra.get("industry"))
            start = self.b.moment(ago)
            end = min(self.b.moment(max(ago - self.rng.randint(1, 4), 0)), self.b.now - timedelta(hours=1))
            self.b.clock.phase(start, max(end, start + timedelta(hours=2)))
            customer = opportunity.customer
            if extra.get("no_opportunity"):
                opportunity = None
            self.request(
                opportunity=opportunity,
                customer=customer,
                requester=self.u(plan.owner),
                kind=kind,
                group=group_of(plan.business, customer.industry),
                words=words,
                final=final,
                engineer=self.u(engineer) if engineer else None,
                survey=survey,
                wanted_by=self.b.today + timedelta(days=wanted),
                hours=self.rng.choice([8, 12, 16, 24, 40]),
                declined_by=self.u(extra["declined_by"]) if "declined_by" in extra else None,
                priority=extra.get("priority", "normal"),
                reason=extra.get("reason", ""),
            )

    # -- dates ---------------------------------------------------------------------------------
    def fix_dates(self) -> None:
        """After the back-dating: the calendar dates typed into forms follow the back-dated
        moments (a review is held the day it is recorded, a survey the day work started…)."""
        local = timezone.localdate

        def on(moment: datetime | None) -> date | None:
            return local(moment) if moment else None

        for pk, days in self.history_requests:
            sr = ServiceRequest.objects.get(pk=pk)
            wanted = on(sr.submitted_at) + timedelta(days=days)
            ServiceRequest.objects.filter(pk=pk).update(wanted_by=wanted, due_date=wanted)
        for survey in SiteSurvey.objects.select_related("request"):
            day = on(survey.request.started_at or survey.request.accepted_at)
            if day:
                SiteSurvey.objects.filter(pk=survey.pk).update(surveyed_on=day)
        for review in Review.objects.all():
            Review.objects.filter(pk=review.pk).update(held_on=on(review.recorded_at))
        for session in QASession.objects.all():
            QASession.objects.filter(pk=session.pk).update(held_on=on(session.created_at))
        for handover in Handover.objects.select_related("acceptance"):
            start = on(handover.created_at)
            report = getattr(handover, "acceptance", None)
            finish = on(report.created_at) if report else None
            end = finish - timedelta(days=1) if finish else max(self.b.today + timedelta(days=20), start)
            Handover.objects.filter(pk=handover.pk).update(
                handed_over_at=start,
                planned_start=start + timedelta(days=3),
                planned_end=max(end, start + timedelta(days=5)),
            )
            if report:
                AcceptanceReport.objects.filter(pk=report.pk).update(accepted_on=finish)
            last = min(finish or self.b.today, self.b.today)
            visits = list(SupportVisit.objects.filter(handover=handover).order_by("id"))
            for n, visit in enumerate(visits):
                day = start + (last - start) * (n + 1) / (len(visits) + 1)
                SupportVisit.objects.filter(pk=visit.pk).update(visited_on=day)
