"""The solutions of the demo's opportunities, through the solutions' services and the
approvals engine: the solution design report (方案设计报告表) with its versions, the review
meeting, the sign-off of 技术主管/销售主管/商务主管, on-site Q&A, and a new version when the
scope changes after sign-off. Meeting dates follow the back-dating (steps.backdate).
"""

from __future__ import annotations

from decimal import Decimal

from presales.demo.context import DemoContext
from presales.demo.data.customers import group_of
from presales.demo.data.opportunities import MOVE_BACK_REASON
from presales.demo.data.people import COMMERCIAL, PRESALES_MANAGER, SIGNERS
from presales.demo.data.solutions import (
    APPROVE_COMMENTS,
    CHANGE_REASONS,
    CUSTOMER_ATTENDEES,
    EQUIPMENT,
    QA_ITEMS,
    REJECT_COMMENTS,
    SUMMARIES,
)
from presales.demo.files import docx_attachment
from presales.demo.steps.approvals import decide
from presales.demo.steps.people import engineer_for, second_engineer
from presales.demo.steps.plan import Plan
from presales.lib.money import yuan
from presales.solutions import services as sol_services
from presales.solutions.models import Solution, SolutionVersion


def build_solution(
    ctx: DemoContext, opportunity, plan: Plan, words: dict, outcomes: list[str], *, qa: bool = False
) -> Solution:
    """A solution design report and its versions; each outcome is one version's story:
    "draft", "reviewed", "signing:<who approved>,…", "rejected:<who rejected>", "approved"."""
    engineer = engineer_for(ctx, plan)
    designers = [engineer]
    if plan.lead == PRESALES_MANAGER:
        designers.insert(0, ctx.users[PRESALES_MANAGER])
    elif plan.spec.amount >= 2_000_000:
        designers.append(second_engineer(ctx, plan, engineer))
    owner = ctx.users[plan.owner]
    team = [owner] + ([ctx.users[COMMERCIAL]] if plan.spec.has_tender else [])
    spec = plan.spec
    solution = sol_services.solution_create(
        user=ctx.users[plan.lead] if plan.lead else engineer,
        opportunity=opportunity,
        data={
            "title": f"{spec.name}解决方案",
            "scope": spec.description or spec.name,
            "due_date": ctx.day(0.6),
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
        low = Decimal(round(spec.amount * ctx.workflow_rng.uniform(0.82, 0.9), -4))
        high = Decimal(round(spec.amount * ctx.workflow_rng.uniform(1.0, 1.08), -4))
        equipment = spec.description or EQUIPMENT[group]
        change_reason = ""
        if number > 1:
            change_reason = CHANGE_REASONS.get(previous_rejecter or "", MOVE_BACK_REASON)
        paragraphs = [
            f"一、项目背景：{words['need']}。",
            f"二、建设内容：{spec.description or spec.name}。",
            f"三、技术方案：{SUMMARIES[group]}",
            f"四、主要设备选型：{equipment}。",
            f"五、造价幅度：{yuan(low)}～{yuan(high)}。",
            f"六、参考案例：{words['case']}。",
            *([f"修改说明：{change_reason}。"] if change_reason else []),
        ]
        file = version_document(solution, number, spec.name, f"{spec.name}解决方案V{number}.0", paragraphs)
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
        review_meeting(ctx, version, plan, designers, owner, number, previous_rejecter)
        if outcome == "reviewed":
            break
        sol_services.signoff_submit(
            version=version, user=submitter, note=f"方案已通过评审会，请签字确认（V{number}.0）。"
        )
        kind, _sep, names = outcome.partition(":")
        if kind == "approved":
            for name in ctx.workflow_rng.sample(SIGNERS, 3):
                decide(ctx, version, name, approve=True, comment=ctx.workflow_rng.choice(APPROVE_COMMENTS))
            approved = version
        elif kind == "signing":
            for name in [n for n in names.split(",") if n]:
                decide(ctx, version, name, approve=True, comment=ctx.workflow_rng.choice(APPROVE_COMMENTS))
        elif kind == "rejected":
            others = [n for n in SIGNERS if n != names]
            decide(ctx, version, ctx.workflow_rng.choice(others), approve=True, comment="同意")
            decide(ctx, version, names, approve=False, comment=ctx.workflow_rng.choice(REJECT_COMMENTS[names]))
            previous_rejecter = names
    if qa and approved is not None:
        qa_session(ctx, approved, plan, opportunity, engineer, owner)
    return solution


def review_meeting(ctx: DemoContext, version, plan: Plan, designers, owner, number: int, previous_rejecter) -> None:
    """The review meeting (方案评审会) the technical head chairs: 可行性/先进性/设备选型/造价幅度 rated."""
    ratings = [ctx.workflow_rng.choice([3, 4, 4, 5]) for _ in range(4)]
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
        attendees.append(ctx.users[COMMERCIAL])
    fix = f"针对上一版意见（{CHANGE_REASONS[previous_rejecter]}）已修改到位。" if previous_rejecter else ""
    sol_services.review_record(
        version=version,
        user=ctx.users[PRESALES_MANAGER],
        data={
            "chair": ctx.users[PRESALES_MANAGER],
            "held_on": ctx.day(0.5),
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


def qa_session(ctx: DemoContext, version, plan: Plan, opportunity, engineer, owner) -> None:
    """On-site Q&A (现场答疑) on a signed-off version: three of the questions customers ask."""
    business = "power" if plan.business == "power" else "it"
    items = ctx.workflow_rng.sample(QA_ITEMS[business], 3)
    sol_services.qa_record(
        version=version,
        user=engineer,
        data={
            "held_on": ctx.day(0.9),
            "place": f"{opportunity.customer.short_name or opportunity.customer.name}会议室",
            "customer_attendees": CUSTOMER_ATTENDEES[business],
            "notes": "按客户要求到现场讲解设计方案并答疑，客户对方案总体认可。",
        },
        attendees=[engineer, owner],
        items=[{"question": q, "answer": a, "follow_up": f} for q, a, f in items],
    )


def revise_solution(ctx: DemoContext, opportunity, plan: Plan, reason: str) -> None:
    """The scope changed after sign-off: a new draft version with the reason of change."""
    solution = Solution.objects.filter(opportunity=opportunity).order_by("-id").first()
    if solution is None:
        return
    engineer = engineer_for(ctx, plan)
    number = solution.versions.count() + 1
    file = version_document(
        solution,
        number,
        plan.spec.name,
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


def version_document(solution: Solution, number: int, name: str, title: str, paragraphs: list[str]):
    """The Word document of version `number` of the solution of the opportunity `name`."""
    return docx_attachment(
        SolutionVersion,
        "file",
        SolutionVersion(solution=solution, number=number),
        f"{name}解决方案V{number}.0.docx",
        title,
        paragraphs,
    )
