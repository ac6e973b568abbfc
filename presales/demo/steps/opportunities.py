"""The demo's opportunities, built through the opportunities' services as their people would:
created by the sales owner, worked stage by stage (activities, checklist tasks ticked by the
engineer or the sales rep, deliverables, quotes, requests, solutions), moved through the
gates, and closed by their owner. The story of each comes from its Plan (steps.plan).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from presales.accounts.models import User
from presales.demo.context import DemoContext
from presales.demo.data.customers import COMPETITORS
from presales.demo.data.opportunities import (
    ACTIVITIES,
    MOVE_BACK_REASON,
    NEXT_STEPS,
    SOURCES,
    WORDS,
    WORDS_BY_INDUSTRY,
)
from presales.demo.data.people import APPROVER, COMMERCIAL, ENGINEERS
from presales.demo.steps import quotes
from presales.demo.steps.contracts import build_contract
from presales.demo.steps.deliverables import deliver
from presales.demo.steps.handover import build_handover
from presales.demo.steps.plan import Plan
from presales.demo.steps.requests import history_request
from presales.demo.steps.solutions import build_solution, revise_solution
from presales.opportunities import services
from presales.opportunities.models import Opportunity, OpportunityStatus, OpportunityTask, Stage, TaskRole, TeamRole


def build_opportunity(ctx: DemoContext, plan: Plan) -> tuple[Opportunity, dict[str, str]]:
    """The opportunity of `plan`, worked stage by stage: activities logged, the stage's
    checklist, deliverables and quote work done, the gate passed (or a move back), the
    current stage left as work in progress, the project closed. Returns it and its words."""
    spec = plan.spec
    customer = plan.customer
    owner = ctx.users[plan.owner]
    lead = ctx.user(plan.lead)
    words = story_words(ctx, plan)

    first = plan.entries[0]
    ctx.clock.phase(first, first + timedelta(minutes=40))
    opportunity = services.opportunity_create(
        user=owner,
        data={
            "name": spec.name,
            "customer": customer,
            "sales_owner": owner,
            "presales_lead": lead,
            "industry": customer.industry,
            "budget": budget(ctx, plan),
            "expected_amount": Decimal(spec.amount),
            "expected_sign_date": sign_date(ctx, plan),
            "has_tender": spec.has_tender,
            "source": ctx.rng.choice(SOURCES[plan.business]),
            "competitors": spec.competitors or "、".join(ctx.rng.sample(COMPETITORS[plan.business], 2)),
            "description": spec.description,
        },
    )
    team(ctx, opportunity, plan, owner)

    steps = list(zip(plan.moves, [*plan.entries[1:], None], strict=True))
    for index, (stage, next_entry) in enumerate(steps):
        start = plan.entries[index] + (timedelta(minutes=40) if index == 0 else timedelta(0))
        end = next_entry or plan.work_end
        work_start = activities(ctx, opportunity, plan, stage, start, end, words)
        ctx.clock.phase(work_start, end)
        ctx.span = (work_start, end)
        if next_entry is None:
            break
        to_stage = plan.moves[index + 1]
        if to_stage.order > stage.order:
            complete(ctx, opportunity, plan, stage, words, end)
            reason = ""
        else:
            partial(ctx, opportunity, plan, stage, words, end)
            reason = MOVE_BACK_REASON
        mover = ctx.user(plan.lead) if plan.lead and ctx.rng.random() < 0.6 else owner
        opportunity = services.opportunity_advance(
            opportunity=opportunity, user=mover, to_stage=to_stage, reason=reason
        ).opportunity

    final = plan.final
    if plan.status == OpportunityStatus.WON:
        complete(ctx, opportunity, plan, final, words, plan.work_end)
    elif plan.status == OpportunityStatus.LOST and final.role == "bidding":
        partial(ctx, opportunity, plan, final, words, plan.work_end, full=True)
    elif len(plan.moves) == 1 or final.order > plan.moves[-2].order:
        partial(ctx, opportunity, plan, final, words, plan.work_end)
        if final.role == "consulting":
            outcomes = (
                next(ctx.turns.consulting_solutions)
                if plan.status == OpportunityStatus.ACTIVE
                else [f"rejected:{COMMERCIAL}"]
            )
            build_solution(ctx, opportunity, plan, words, outcomes)
        elif final.role == "implementation":
            build_contract(ctx, opportunity, plan, state=next(ctx.turns.current_contracts))
            state = next(ctx.turns.implementation_handovers)
            if state:
                build_handover(ctx, opportunity, plan, words, state=state)
    else:
        # moved back: the quote is being rewritten for the new scope, awaiting approval (the
        # solution itself is a solution version, signed off in the solutions workflow)
        dtype = next(d for d in final.deliverable_types.all() if d.name == "项目报价清单")
        services.deliverable_submit(
            opportunity=opportunity,
            user=lead or owner,
            deliverable_type=dtype,
            title=f"{spec.name}项目报价清单V2.0",
            note=f"按新范围重新报价：{MOVE_BACK_REASON}。{words['extra']}已补充。",
        )
        revise_solution(ctx, opportunity, plan, MOVE_BACK_REASON)
        quotes.new_round(ctx, opportunity, plan, MOVE_BACK_REASON, Decimal(5))
    if plan.closed_at:
        ctx.clock.phase(plan.closed_at, plan.closed_at + timedelta(minutes=20))
        services.opportunity_close(
            opportunity=opportunity,
            user=owner,
            status=plan.status,
            reason=spec.close_reason or "项目验收合格，合同履约完毕",
            winning_competitor=spec.winner,
        )
    return opportunity, words


def budget(ctx: DemoContext, plan: Plan) -> Decimal | None:
    """The customer's budget: a little above the expected amount, at times not known yet in 接触."""
    if plan.final.role == "contact" and ctx.rng.random() < 0.4:
        return None
    factor = ctx.rng.choice([1.0, 1.05, 1.1, 1.2])
    return Decimal(round(plan.spec.amount * factor, -4))


def sign_date(ctx: DemoContext, plan: Plan) -> date:
    """The expected sign date: after the fact for closed projects, ahead by stage (some slipped)."""
    role = plan.final.role
    if plan.status == OpportunityStatus.WON:
        entered = next(e for s, e in zip(plan.moves, plan.entries, strict=True) if s.role == "implementation")
        return timezone.localtime(entered).date() + timedelta(days=ctx.rng.randint(7, 20))
    if plan.closed_at:
        return timezone.localtime(plan.closed_at).date() + timedelta(days=ctx.rng.randint(10, 60))
    if role == "implementation":
        return ctx.today + timedelta(days=ctx.rng.randint(3, 20))
    slipped = ctx.today - timedelta(days=ctx.rng.randint(3, 40))
    if ctx.rng.random() < 0.15 and slipped > timezone.localtime(plan.entries[0]).date() + timedelta(days=30):
        return slipped  # the customer's date has passed: shows as overdue
    ahead = {
        "contact": (120, 240),
        "consulting": (90, 200),
        "tracking": (50, 150),
        "tender": (25, 70),
        "bidding": (7, 40),
    }[role]
    return ctx.today + timedelta(days=ctx.rng.randint(*ahead))


def team(ctx: DemoContext, opportunity: Opportunity, plan: Plan, owner: User) -> None:
    """A second engineer or an expert on big projects, commercial on tenders."""
    if plan.lead and plan.spec.amount >= 2_000_000:
        others = [u for u in ENGINEERS[plan.business] if u != plan.lead and u != APPROVER]
        services.opportunity_member_add(
            opportunity=opportunity,
            user=owner,
            member=ctx.users[ctx.rng.choice(others)],
            role=ctx.rng.choice([TeamRole.PRESALES, TeamRole.EXPERT]),
        )
    if plan.spec.has_tender and plan.final.role != "contact":
        services.opportunity_member_add(
            opportunity=opportunity, user=owner, member=ctx.users[COMMERCIAL], role=TeamRole.COMMERCIAL
        )


def story_words(ctx: DemoContext, plan: Plan) -> dict[str, str]:
    """One pick of each phrase for this opportunity's story."""
    industry = plan.customer.industry
    vocabulary = {**WORDS[plan.business], **WORDS_BY_INDUSTRY.get(industry, {})}
    picked = {
        key: (ctx.rng.choice(value) if isinstance(value, list) else value)
        for key, value in vocabulary.items()
        if key != "quote"
    }
    contact = ctx.rng.choice(plan.contacts)
    picked["short"] = plan.customer.short_name
    picked["contact"] = contact.name
    picked["contact_title"] = contact.title
    picked["competitor"] = plan.spec.competitors or "、".join(COMPETITORS[plan.business][:2])
    return picked


def activities(
    ctx: DemoContext, opportunity, plan: Plan, stage: Stage, start: datetime, end: datetime, words
) -> datetime:
    """Log one or two of the stage's typical contacts with the customer, in the first part
    of the stage, each in its own clock phase so it is written on the day it happened.
    Returns when the stage's checklist work starts (after them)."""
    if plan.quiet:
        return start
    templates = ACTIVITIES[stage.role]
    picked = sorted(ctx.rng.sample(range(len(templates)), ctx.rng.randint(1, min(2, len(templates)))))
    latest = max(min(start + (end - start) * 0.6, ctx.now - timedelta(hours=2)), start)
    moments = sorted(
        min(max(ctx.on_day(timezone.localtime(start + (latest - start) * ctx.rng.random()).date()), start), latest)
        for _ in picked
    )
    owner = ctx.users[plan.owner]
    lead = ctx.user(plan.lead)
    ours = "、".join(u.display_name for u in (owner, lead) if u)
    # The story's contact, picked from the customer's contacts as a user does (no draw: the
    # demo's other picks stay the same).
    contacts = [c for c in plan.contacts if c.name == words["contact"]][:1]
    for index, at in zip(picked, moments, strict=True):
        kind, subject, minutes, outcome = templates[index]
        ctx.clock.phase(at, at + timedelta(minutes=minutes or 20))
        day = timezone.localtime(at).date()
        next_step = NEXT_STEPS.get(kind, "")
        services.activity_log(
            opportunity=opportunity,
            user=ctx.rng.choice([u for u in (owner, lead) if u]),
            data={
                "kind": kind,
                "occurred_on": day,
                "subject": subject.format(**words)[:200],
                "contacts": contacts,
                "people": f"我方：{ours}",
                "duration_minutes": minutes,
                "outcome": outcome.format(**words),
                "next_step": next_step.format(**words)[:200],
                "next_follow_up_on": day + timedelta(days=7) if next_step else None,
            },
        )
    return min(moments[-1] + timedelta(hours=1), end)


def doer(ctx: DemoContext, task: OpportunityTask, plan: Plan, owner: User) -> User:
    """Who ticks a checklist item: the person it was assigned to by its role (the template's,
    from the seed's wording); a task waiting in the commercial queue is commercial's."""
    if task.assignee_id is not None:
        return task.assignee
    if task.role == TaskRole.COMMERCIAL:
        return ctx.users[COMMERCIAL]
    return ctx.user(plan.lead) or owner


def complete(ctx: DemoContext, opportunity, plan: Plan, stage: Stage, words, when: datetime) -> None:
    """Meet the stage's exit criteria (and do some of the optional work too)."""
    owner = ctx.users[plan.owner]
    quotes.on_stage(ctx, opportunity, plan, stage, done=True)
    if stage.role == "consulting" and ctx.workflow_rng.random() < 0.6:
        history_request(ctx, opportunity, plan, words, ctx.workflow_rng.choice(["solution_design", "site_survey"]))
    elif stage.role == "bidding" and ctx.workflow_rng.random() < 0.4:
        history_request(ctx, opportunity, plan, words, "bid_support")
    checklist = OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).select_related("assignee")
    for task in checklist.order_by("id"):
        if task.required or ctx.rng.random() < 0.6:
            services.task_set_done(task=task, user=doer(ctx, task, plan, owner), done=True)
    for dtype in stage.deliverable_types.all():
        if dtype.required or ctx.rng.random() < 0.4:
            deliver(ctx, opportunity, plan, dtype, words, when, "approved")


def partial(
    ctx: DemoContext, opportunity, plan: Plan, stage: Stage, words, when: datetime, *, full: bool = False
) -> None:
    """Work in progress: the first few tasks done; deliverables missing, drafts, awaiting
    approval or approved. The gate's last requirement of 跟踪/投标/实施 (立项批复, 中标公告函,
    验收报告) is not there yet: it is the event the project is waiting for."""
    owner = ctx.users[plan.owner]
    quotes.on_stage(ctx, opportunity, plan, stage, done=full)
    if stage.role == "bidding":
        if full:  # the bid went in (and was lost): its price passed the review
            quotes.bid_review(ctx, opportunity, plan)
        else:
            quotes.current_bid(ctx, opportunity, plan)
    checklist = OpportunityTask.objects.filter(opportunity=opportunity, stage=stage).select_related("assignee")
    tasks = list(checklist.order_by("id"))
    done = len(tasks) if full else ctx.rng.randint(0, len(tasks))
    for task in tasks[:done]:
        services.task_set_done(task=task, user=doer(ctx, task, plan, owner), done=True)
    required = [d for d in stage.deliverable_types.all() if d.required]
    if stage.role in ("tracking", "bidding", "implementation"):
        required = required[:-1]
    for dtype in required:
        state = (
            "approved" if full else ctx.rng.choices(["none", "draft", "submitted", "approved"], weights=[3, 1, 4, 3])[0]
        )
        if state != "none" and not dtype.fulfilled_by:  # the solution: see build_opportunity
            deliver(ctx, opportunity, plan, dtype, words, when, state)
