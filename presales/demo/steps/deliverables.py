"""The deliverables (交付物) the stages' gates ask for, through the opportunities' services: a
title, a note in the team's words and sometimes a small generated file, written by whoever
writes that kind of document and approved by the presales manager (or the sales head)
through the approvals engine. Those another flow fulfils (the solution, the bid price, the
contract, the acceptance report) are never uploaded: that flow runs and records them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from presales.accounts.models import User
from presales.demo.context import DemoContext
from presales.demo.data.opportunities import RETURN_COMMENTS, WORDS
from presales.demo.data.people import APPROVER, COMMERCIAL, CONTRACT_APPROVER, SERVICE_MANAGEMENT, SIGNERS
from presales.demo.files import clear_orphan, docx_file, quote_file, quote_version_file
from presales.demo.steps import tenders
from presales.demo.steps.approvals import decide
from presales.demo.steps.contracts import build_contract
from presales.demo.steps.handover import build_handover
from presales.demo.steps.plan import Plan
from presales.demo.steps.quotes import bid_review
from presales.demo.steps.solutions import build_solution
from presales.lib.money import yuan
from presales.opportunities import services
from presales.opportunities.models import Deliverable, Opportunity, OpportunityStatus
from presales.quotes.models import QuoteVersion

TENDER_SOURCES = ("tender", "bid_decision", "technical_bid", "award")  # the tender page records them
MAX_DOCX, MAX_XLSX = 24, 10  # attachments are generated for a few deliverables only
OWNER_WRITES = {"立项批复", "招标文件", "投标决策", "中标公告函"}
COMMERCIAL_WRITES = {"商务标书", "购销合同/采购合同"}
QUOTED = {"修订版解决方案/报价"}  # their price is the quote module's (besides 《项目报价清单》 itself)


def deliver(ctx: DemoContext, opportunity, plan: Plan, dtype, words, when: datetime, state: str) -> Deliverable | None:
    """One deliverable of a stage in `state` ("draft", "submitted", "approved"): written by its
    author, sometimes returned once; or, for those another flow fulfils, that flow run."""
    owner = ctx.users[plan.owner]
    author = author_of(ctx, dtype.name, plan, owner)
    approver = ctx.users[CONTRACT_APPROVER if dtype.name in COMMERCIAL_WRITES else APPROVER]
    if dtype.fulfilled_by:
        # 《解决方案》/《PCST评审通过的投标报价》/《购销合同/采购合同》/《项目验收报告》 come
        # from a signed-off solution version, a quote version approved in price review, a
        # reviewed and signed contract, an approved acceptance report — never uploaded:
        # the real flow runs and its hook records the deliverable.
        if state != "approved":
            return None
        if dtype.fulfilled_by in TENDER_SOURCES:
            # the tender registered, the bid decided, the technical bid, the award notice
            tenders.fulfil(ctx, opportunity, dtype, when)
        elif dtype.fulfilled_by == "price_review":
            # the bid version approved in price review (PCST): the quotes' hook records it
            bid_review(ctx, opportunity, plan)
        elif dtype.fulfilled_by == "contract":
            # reviewed and signed: signing records it; a won project also books its costs
            build_contract(ctx, opportunity, plan, costs=plan.status == OpportunityStatus.WON)
        elif dtype.fulfilled_by == "solution":
            rejected = ctx.workflow_rng.random() < 0.3
            first = f"rejected:{ctx.workflow_rng.choice(SIGNERS)}"
            outcomes = [first, "approved"] if rejected else ["approved"]
            build_solution(ctx, opportunity, plan, words, outcomes, qa=ctx.workflow_rng.random() < 0.4)
        else:
            build_handover(ctx, opportunity, plan, words, state="accepted")
        return Deliverable.objects.filter(opportunity=opportunity, deliverable_type=dtype).order_by("-id").first()
    returned = state == "approved" and ctx.rng.random() < 0.12
    quote = quote_version(ctx, opportunity) if dtype.satisfied_by_quote or dtype.name in QUOTED else None
    content = deliverable_content(ctx, dtype.name, plan, words, when, version=1, quote=quote)
    clear_orphan_file(opportunity, content["file"])
    deliverable = services.deliverable_submit(
        opportunity=opportunity, user=author, deliverable_type=dtype, draft=state == "draft", **content
    )
    if returned:
        decide_deliverable(ctx, deliverable, approver, approve=False, comment=ctx.rng.choice(RETURN_COMMENTS))
        content = deliverable_content(ctx, dtype.name, plan, words, when, version=2, quote=quote)
        clear_orphan_file(opportunity, content["file"])
        deliverable = services.deliverable_submit(
            opportunity=opportunity, user=author, deliverable_type=dtype, **content
        )
    if state == "approved":
        decide_deliverable(
            ctx,
            deliverable,
            approver,
            approve=True,
            comment=ctx.rng.choice(["", "同意", "内容完整，同意提交客户", "已审核"]),
        )
    return deliverable


def decide_deliverable(
    ctx: DemoContext, deliverable: Deliverable, approver: User, *, approve: bool, comment: str
) -> None:
    """The approver decides the deliverable's pending round through the approvals engine;
    nobody approves his own work, so the sales head stands in for the presales manager
    (and the other way round) when the approver wrote it."""
    if approver.pk == deliverable.created_by_id:
        approver = ctx.users[CONTRACT_APPROVER if approver.username == APPROVER else APPROVER]
    decide(ctx, deliverable, approver.username, approve=approve, comment=comment)


def quote_version(ctx: DemoContext, opportunity) -> QuoteVersion | None:
    """The latest version of the opportunity's quote list (made in 咨询 by the quotes step)."""
    quote = ctx.made.quotes.get(opportunity.pk)
    return quote.versions.order_by("-number").first() if quote is not None else None


def deliverable_content(
    ctx: DemoContext,
    kind: str,
    plan: Plan,
    words,
    when: datetime,
    *,
    version: int,
    with_file: bool = True,
    quote: QuoteVersion | None = None,
) -> dict:
    """Title, note and sometimes a small file for one deliverable, in the team's words.
    《项目报价清单》 is the quote module's version (`quote`) exported: its lines and its total,
    never a figure of its own."""
    spec = plan.spec
    name, short = spec.name, words["short"]
    day = min(timezone.localtime(when).date(), ctx.today)
    year = day.year
    amount = yuan(spec.amount)
    v = f"V1.{version - 1}"
    note, file = "", None
    if kind == "拜访记录（含客户初步需求）":
        title = f"{short}拜访记录"
        note = (
            f"拜访时间：{day:%Y-%m-%d}；客户：{words['contact']}（{words['contact_title']}）；"
            f"初步需求：{words['need']}；客户关注：{words['focus']}；下一步：提交初步方案并安排技术交流。"
        )
    elif kind == "解决方案":
        title = f"{name}解决方案{v}"
        paragraphs = [
            f"一、项目背景：{words['need']}。",
            f"二、建设内容：{spec.description or name}。",
            f"三、技术要点：{words['focus']}；{words['feature']}。",
            f"四、参考案例：{words['case']}。",
            "五、售后服务：7×24小时响应，重大故障4小时到场。",
        ]
        if with_file and ctx.made.docx_files < MAX_DOCX and ctx.rng.random() < 0.5:
            ctx.made.docx_files += 1
            file = docx_file(f"{name}解决方案{v}.docx", title, paragraphs)
        else:
            note = "\n".join(paragraphs)
    elif kind == "演示PPT":
        title = f"{short}方案交流PPT"
        note = f"共28页：公司介绍、{words['case']}案例、系统架构、配置说明、售后服务承诺。"
    elif kind == "项目报价清单" and quote is not None:
        title = f"{name}项目报价清单（{quote.quote.code} v{quote.number}）"
        if ctx.made.xlsx_files < MAX_XLSX and ctx.rng.random() < 0.4:
            ctx.made.xlsx_files += 1
            file = quote_version_file(f"{name}项目报价清单{v}.xlsx", quote)
        else:
            note = (
                f"由报价清单{quote.quote.code} v{quote.number}导出，"
                f"报价合计{yuan(quote.total_amount)}（含税），共{quote.line_count}项。"
            )
    elif kind == "项目报价清单":
        title = f"{name}项目报价清单{v}"
        lines = quote_lines(plan)
        if ctx.made.xlsx_files < MAX_XLSX and ctx.rng.random() < 0.4:
            ctx.made.xlsx_files += 1
            file = quote_file(f"{name}项目报价清单{v}.xlsx", lines)
        else:
            note = f"报价合计{amount}（含税）。明细：" + "；".join(
                f"{item}×{qty}{unit}" for item, unit, qty, _p in lines
            )
    elif kind == "修订版解决方案/报价":
        title = f"{name}解决方案V2.0（修订）"
        price = f"{yuan(quote.total_amount)}（报价清单{quote.quote.code} v{quote.number}）" if quote else amount
        note = f"根据{words['contact']}意见修订：补充{words['extra']}，报价调整为{price}。"
    elif kind == "汇报材料":
        title = f"{short}领导汇报材料"
        note = "汇报PPT（12页）及一页纸项目概要，供客户向分管领导汇报。"
    elif kind == "预算表":
        title = f"{name}预算表"
        equipment = round(spec.amount * 0.78, -3)
        note = (
            f"预算总额{amount}：设备{yuan(equipment)}，安装调试{yuan(round(spec.amount * 0.15, -3))}，"
            f"其他{yuan(spec.amount - equipment - round(spec.amount * 0.15, -3))}。"
        )
    elif kind == "立项批复":
        title = f"关于{name}的立项批复"
        note = f"文号：{short}〔{year}〕{ctx.rng.randint(12, 180)}号；批复金额{amount}；资金来源：年度专项资金。"
    elif kind == "招标文件":
        title = f"{name}招标文件"
        note = (
            f"招标编号：ZJ{year}-{next_serial(ctx):04d}；开标时间：{day + timedelta(days=21):%Y-%m-%d} 09:30；"
            f"投标保证金{yuan(round(spec.amount * 0.02, -3))}；资格要求：{words['qual']}。"
        )
    elif kind == "投标决策":
        title = "投标决策：参与投标"
        note = f"售前、销售、商务共同评估：技术满足度约95%，主要竞争对手{words['competitor']}，决定投标。"
    elif kind == "商务标书":
        title = f"{name}商务标书"
        note = f"投标报价{amount}，已通过PCST价格评审；含资格证明文件和近三年同类业绩。"
    elif kind == "技术标书":
        title = f"{name}技术标书（含技术偏差表）"
        paragraphs = [
            f"技术方案：{spec.description or name}。",
            "技术偏差表：无负偏差，正偏差3项（见附表）。",
            f"类似业绩：{words['case']}。",
        ]
        if ctx.made.docx_files < MAX_DOCX and ctx.rng.random() < 0.4:
            ctx.made.docx_files += 1
            file = docx_file(f"{name}技术标书{v}.docx", title, paragraphs)
        else:
            note = "\n".join(paragraphs)
    elif kind == "中标公告函":
        title = "中标通知书"
        note = f"{day:%Y-%m-%d} 招标代理发布中标公告：我司为第一中标候选人，中标金额{amount}。"
    elif kind == "购销合同/采购合同":
        title = f"{short}{name}购销合同"
        reviewer = ctx.users[SERVICE_MANAGEMENT].display_name
        note = f"合同编号：HT-{year}-{next_serial(ctx):04d}；合同金额{amount}；服管部审核通过（审核人：{reviewer}）。"
    elif kind == "项目验收报告":
        title = f"{name}项目验收报告"
        note = f"{short}于{day:%Y-%m-%d}组织验收：设备和系统运行正常，资料齐全，验收合格，客户签字确认。"
    else:
        title = kind
        note = f"{kind}（{short}）"
    return {"title": title[:200], "note": note, "file": file}


def quote_lines(plan: Plan) -> list[tuple[str, str, int, int]]:
    """Catalogue lines scaled to the expected amount (lines too big for a small project
    left out), the rest as installation and services: the total is the expected amount."""
    amount = plan.spec.amount
    base = WORDS[plan.business]["quote"]
    scale = amount * 0.8 / sum(qty * price for _i, _u, qty, price in base)
    lines, total = [], 0
    for item, unit, qty, price in base:
        quantity = round(qty * scale)
        if quantity >= 1 and total + quantity * price <= amount * 0.9:
            lines.append((item, unit, quantity, price))
            total += quantity * price
    lines.append(("安装调试及技术服务", "项", 1, amount - total))
    return lines


def author_of(ctx: DemoContext, deliverable_type: str, plan: Plan, owner: User) -> User:
    """Who writes a deliverable: sales brings the customer's papers, commercial writes the
    business bid and the contract, the presales engineer everything technical."""
    if deliverable_type in OWNER_WRITES:
        return owner
    if deliverable_type in COMMERCIAL_WRITES:
        return ctx.users[COMMERCIAL]
    return ctx.user(plan.lead) or owner


def next_serial(ctx: DemoContext) -> int:
    """The next running number of a tender or contract written into a note."""
    ctx.made.serial += 1
    return ctx.made.serial


def clear_orphan_file(opportunity: Opportunity, file) -> None:
    """A leftover at the path a deliverable's attachment will take goes first (see files.clear_orphan)."""
    if file is not None:
        clear_orphan(Deliverable, "file", Deliverable(opportunity=opportunity), file.name)
