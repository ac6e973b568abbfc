"""The handover to implementation (实施交接) and its acceptance report (项目验收报告), through
the handover's services and the approvals engine: the technical head hands over, the
engineer works the checklist, visits the site, and submits the customer's acceptance.
Dates follow the back-dating (steps.backdate).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from presales.demo.context import DemoContext
from presales.demo.data.people import PRESALES_MANAGER, SALES_HEAD
from presales.demo.files import docx_attachment
from presales.demo.steps.approvals import decide
from presales.demo.steps.people import engineer_for, second_engineer
from presales.demo.steps.plan import Plan
from presales.handover import services as handover_services
from presales.handover.models import AcceptanceReport, Handover


def build_handover(ctx: DemoContext, opportunity, plan: Plan, words: dict, *, state: str) -> Handover:
    """state: "started" (plan and checklist partly done), "submitted" (acceptance report
    awaiting the technical head) or "accepted" (report approved: the 实施 gate is met)."""
    engineer = engineer_for(ctx, plan)
    partner = second_engineer(ctx, plan, engineer)
    start = ctx.day(0.05)
    handover = handover_services.handover_start(
        opportunity=opportunity,
        user=ctx.users[PRESALES_MANAGER],
        data={
            "implementation_lead": engineer,
            "schedule": "第1周：图纸会审、设备到货验收；第2–3周：安装接线；第4周：调试、联调；第5周：试运行、验收。",
            "planned_start": start + timedelta(days=3),
            "planned_end": start + timedelta(days=ctx.workflow_rng.randint(35, 70)),
            "handed_over_at": start,
            "notes": "技术主管组织项目组织会议，成立项目实施小组，根据合同工期编写施工组织计划与施工方案。",
        },
        team=[engineer, partner],
    )
    title = f"{plan.spec.name}施工组织计划与施工方案"
    plan_file = docx_attachment(
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
    handover_services.handover_update(handover=handover, user=engineer, data={}, plan=plan_file)
    items = list(handover.checklist.order_by("id"))
    ticked = len(items) if state != "started" else ctx.workflow_rng.randint(2, len(items) - 1)
    for item in items[:ticked]:
        handover_services.checklist_set(item=item, user=engineer, handed_over=True, note="电子版和纸质版已移交")
    visits = ctx.workflow_rng.randint(1, 3)
    for n in range(visits):
        handover_services.visit_add(
            handover=handover,
            user=engineer,
            data={
                "visited_on": ctx.day(0.2 + 0.2 * n),
                "engineer": [engineer, partner][n % 2],
                "place": f"{opportunity.customer.short_name}{words['site']}",
                "work_done": ctx.workflow_rng.choice(
                    [
                        "设备到货开箱验收，核对型号和数量",
                        "指导安装接线，检查屏柜接地",
                        "系统调试：告警、遥信遥测联调" if plan.business == "power" else "网络割接和业务迁移支持",
                    ]
                ),
                "issues": ctx.workflow_rng.choice(
                    ["", "个别电缆标识不清，已要求施工队整改", "甲方要求增加一路备用馈线"]
                ),
                "hours": Decimal(ctx.workflow_rng.choice([4, 6, 8])),
            },
        )
    if state in ("submitted", "accepted"):
        report_name = f"{plan.spec.name}项目验收报告.docx"
        report_file = docx_attachment(
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
        report = handover_services.acceptance_save(
            handover=handover,
            user=engineer,
            data={
                "accepted_on": ctx.day(0.85),
                "summary": f"{opportunity.customer.short_name}组织验收：设备和系统运行正常，资料齐全，验收合格。",
            },
            file=report_file,
        )
        handover_services.acceptance_submit(report=report, user=engineer, note="客户已签字确认，请审核。")
        if state == "accepted":
            decide(ctx, report, PRESALES_MANAGER, approve=True, comment="验收资料齐全，同意")
            decide(ctx, report, SALES_HEAD, approve=True, comment="同意")
    return handover
