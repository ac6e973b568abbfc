"""The demo's tenders (招标项目), through the tenders' services as the demo people would.

While an opportunity is worked stage by stage, the 招标 and 投标 outputs that come from the
tender page are made there (`fulfil`, called by steps.deliverables): the tender registered
by the sales owner, scored by the presales lead and decided "bid" by the presales manager,
the technical bid recorded, and — for an award — the package filled, the self/cross review
passed, the bid submitted and the award notice uploaded.

`build_tenders` then gives today's open projects their tender work: a tender registered and
partly scored in 招标, and in 投标 a bid with its team, a package half done (a type-test
report from the library, one licence expired), reviews under way with a failed cross-review
check, deadlines ahead; the bids lost in 投标 get their outcome (who won, their price, why).

No step's random stream is used: each tender draws from its own, seeded by its opportunity's
code, so adding tenders changes nothing else of the demo."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from presales.demo.context import DemoContext
from presales.demo.data.people import PRESALES_MANAGER
from presales.demo.files import docx_file, pdf_file
from presales.knowledge.access import can_read_document
from presales.knowledge.models import Document
from presales.opportunities.models import FulfilledBy, Opportunity, OpportunityStatus
from presales.opportunities.services import deliverable_record_approved
from presales.tenders import services
from presales.tenders.models import (
    BidCriterion,
    OutcomeResult,
    Tender,
    TenderOutcome,
    TenderStatus,
)

AGENCIES = ["浙江省成套招标代理有限公司", "中国电能成套设备有限公司", "国信招标集团股份有限公司", "中化商务有限公司"]
LOSS_REASONS = ["报价高于中标价约6%，商务分落后", "技术分领先但价格分差距较大", "对手提供更长质保期与本地备件库"]


def _rng(opportunity: Opportunity) -> random.Random:
    return random.Random(f"tender:{opportunity.code}")


def _tender_of(opportunity: Opportunity) -> Tender | None:
    return Tender.objects.filter(opportunity=opportunity).order_by("-pk").first()


def _worker(ctx: DemoContext, opportunity: Opportunity):
    return opportunity.presales_lead or opportunity.sales_owner


def register(ctx: DemoContext, opportunity: Opportunity, when: datetime, *, ahead: bool = False) -> Tender:
    """The sales owner registers the tender the buyer published (deadlines after `when`)."""
    rng = _rng(opportunity)
    base = timezone.now() if ahead else when
    submission = (base + timedelta(days=rng.randint(6, 14))).replace(hour=9, minute=30, second=0, microsecond=0)
    data = {
        "number": f"ZB-{opportunity.code}",
        "title": f"{opportunity.name}招标",
        "buyer": "",
        "agency": rng.choice(AGENCIES),
        "evaluation_method": rng.choice(["comprehensive", "comprehensive", "lowest_price", "reasonable_low"]),
        "questions_due_at": submission - timedelta(days=rng.randint(3, 5)),
        "submission_due_at": submission,
        "opening_at": submission,
        "bond_amount": Decimal(round(float(opportunity.expected_amount or 500000) * 0.02, -3) or 10000),
        "bond_way": rng.choice(["transfer", "guarantee"]),
        "bond_due_on": (submission - timedelta(days=1)).date(),
    }
    return services.tender_register(opportunity=opportunity, user=opportunity.sales_owner, data=data)


def score(ctx: DemoContext, opportunity: Opportunity, tender: Tender, *, upto: int | None = None) -> None:
    rng = _rng(opportunity)
    for criterion in list(BidCriterion.objects.filter(is_active=True))[:upto]:
        services.decision_score(
            tender=tender, user=_worker(ctx, opportunity), criterion=criterion, score=rng.randint(3, 5), note=""
        )


def decide_bid(ctx: DemoContext, opportunity: Opportunity) -> None:
    tender = _tender_of(opportunity) or register(ctx, opportunity, timezone.now())
    if tender.status != TenderStatus.REGISTERED:  # decided on an earlier pass through 招标
        return
    score(ctx, opportunity, tender)
    services.decision_record(
        tender=tender,
        user=ctx.users[PRESALES_MANAGER],
        decision="bid",
        reason="产品满足技术要求，客户关系良好，利润可接受",
    )


def _fill_package(opportunity: Opportunity, tender: Tender, *, skip: set[str] = frozenset()) -> None:
    worker = opportunity.presales_lead or opportunity.sales_owner
    for item in tender.package.filter(required=True).select_related("item_type"):
        if item.item_type.name in skip:
            continue
        name = item.item_type.name
        services.package_item_attach_file(
            item=item, user=worker, file=pdf_file(f"{name}.pdf", [f"{tender.number} {name}", tender.title])
        )


def award(ctx: DemoContext, opportunity: Opportunity, when: datetime) -> None:
    """The bid goes in whole (package, reviews) and is won: the award notice is the 投标 exit."""
    tender = _tender_of(opportunity)
    if tender is None or tender.status != TenderStatus.BIDDING:
        return
    lead = opportunity.presales_lead or opportunity.sales_owner
    _fill_package(opportunity, tender)
    for review in tender.reviews.all():
        reviewer = lead if review.kind == "self" else ctx.users[PRESALES_MANAGER]
        services.review_set_result(review=review, user=reviewer, result="pass")
    services.tender_mark_submitted(tender=tender, user=lead)
    services.outcome_award(
        tender=tender,
        user=opportunity.sales_owner,
        file=docx_file(
            "中标通知书.docx",
            f"中标通知书 {tender.number}",
            [opportunity.customer.name, f"{opportunity.name}：经评标委员会评审，确定贵公司为中标人。", tender.title],
        ),
        decided_on=min(when.date(), timezone.localdate()),
        amount=opportunity.expected_amount,
    )


def fulfil(ctx: DemoContext, opportunity: Opportunity, dtype, when: datetime) -> None:
    """The 招标/投标 output `dtype` that the tender page records, made by its real flow."""
    source = dtype.fulfilled_by
    if source == FulfilledBy.TENDER:
        if _tender_of(opportunity) is None:
            register(ctx, opportunity, when)
    elif source == FulfilledBy.BID_DECISION:
        decide_bid(ctx, opportunity)
    elif source == FulfilledBy.TECHNICAL_BID:
        # The deviation table's technical bid (presales.responses) when it is there; the
        # demo records the bid's technical part as written outside the workbench otherwise.
        tender = _tender_of(opportunity)
        deliverable_record_approved(
            opportunity=opportunity,
            user=opportunity.presales_lead or opportunity.sales_owner,
            fulfilled_by=FulfilledBy.TECHNICAL_BID,
            title=f"技术标书 {tender.number if tender else opportunity.code}",
            source_url=f"/tenders/{tender.pk}/" if tender else f"/opportunities/{opportunity.pk}/",
            note="技术标书（含技术偏差表）",
        )
    elif source == FulfilledBy.AWARD:
        award(ctx, opportunity, when)


def build_tenders(ctx: DemoContext, opportunity_ids: list[int]) -> int:
    """Today's tender work on the open projects in 招标 and 投标, and the outcome of the bids
    lost in 投标. Returns how many tenders the demo holds."""
    # the last minutes before now: after every opportunity's own story (its events stay in order)
    ctx.clock.phase(timezone.now() - timedelta(minutes=20), timezone.now())
    certificates = _certificates()
    opportunities = Opportunity.objects.filter(pk__in=opportunity_ids).select_related(
        "current_stage", "customer", "sales_owner", "presales_lead"
    )
    for opportunity in opportunities.order_by("pk"):
        role = opportunity.current_stage.role
        tender = _tender_of(opportunity)
        if opportunity.status == OpportunityStatus.ACTIVE and role == "tender" and tender is None:
            tender = register(ctx, opportunity, timezone.now(), ahead=True)
            score(ctx, opportunity, tender, upto=_rng(opportunity).randint(0, 3))
        elif opportunity.status == OpportunityStatus.ACTIVE and role == "bidding":
            if tender is None:
                tender = register(ctx, opportunity, timezone.now(), ahead=True)
            if tender.status == TenderStatus.REGISTERED:
                decide_bid(ctx, opportunity)
            _bid_in_progress(ctx, opportunity, _tender_of(opportunity), certificates)
        elif opportunity.status == OpportunityStatus.LOST and role == "bidding" and tender and tender.is_active:
            _lost(opportunity, tender)
    licence = certificates.get("生产许可证")
    if licence is not None and licence.bid_package_items.exists():  # it ran out since it was attached
        Document.objects.filter(pk=licence.pk).update(valid_until=timezone.localdate() - timedelta(days=10))
    return Tender.objects.filter(opportunity_id__in=opportunity_ids).count()


def _certificates() -> dict[str, Document]:
    """The library's type-test report and production licence, given their validity dates."""
    found = {}
    for folder, years in (("型式试验报告", 3), ("生产许可证", 5)):
        document = Document.objects.filter(folder__name=folder, folder__library__code="tender").order_by("pk").first()
        if document is not None:
            Document.objects.filter(pk=document.pk).update(
                valid_until=timezone.localdate() + timedelta(days=365 * years)
            )
            document.refresh_from_db()
            found[folder] = document
    return found


def _bid_in_progress(
    ctx: DemoContext, opportunity: Opportunity, tender: Tender, certificates: dict[str, Document]
) -> None:
    rng = _rng(opportunity)
    lead = opportunity.presales_lead or opportunity.sales_owner
    now = timezone.now()
    submission = (now + timedelta(days=rng.randint(2, 9))).replace(hour=9, minute=30, second=0, microsecond=0)
    services.tender_update(
        tender=tender,
        user=opportunity.sales_owner,
        data={
            "questions_due_at": min(tender.questions_due_at or submission, submission - timedelta(days=1)),
            "submission_due_at": submission,
            "opening_at": submission,
            "bond_paid_on": timezone.localdate() - timedelta(days=1),
            "bond_return_due_on": (submission + timedelta(days=30)).date(),
        },
    )
    if lead != opportunity.sales_owner:
        services.team_add(tender=tender, user=opportunity.sales_owner, member=lead, role="技术标负责人")
    services.task_add(
        tender=tender,
        user=lead,
        data={
            "title": "编制技术偏差表（逐条应答★条款）",
            "owner": lead,
            "due_on": (submission - timedelta(days=2)).date(),
        },
    )
    _fill_package(opportunity, tender, skip={"技术偏差表", "商务偏差表", *certificates})
    for name, document in certificates.items():
        item = tender.package.filter(item_type__name=name).first()
        if item is not None and can_read_document(lead, document):
            services.package_item_attach_document(item=item, user=lead, document=document)
    reviews = list(tender.reviews.order_by("kind", "order", "pk"))
    for review in [r for r in reviews if r.kind == "self"][:4]:
        services.review_set_result(review=review, user=lead, result="pass")
    cross = [r for r in reviews if r.kind == "cross"]
    if cross:
        services.review_set_result(
            review=cross[0], user=ctx.users[PRESALES_MANAGER], result="fail", comment="投标函落款日期与开标日期不一致"
        )


def _lost(opportunity: Opportunity, tender: Tender) -> None:
    """The opportunity was closed as lost by its own story (steps.opportunities): the tender's
    outcome is written to agree with it."""
    rng = _rng(opportunity)
    amount = opportunity.expected_amount or Decimal(1000000)
    TenderOutcome.objects.create(
        tender=tender,
        result=OutcomeResult.LOSS,
        decided_on=(opportunity.closed_at or timezone.now()).date(),
        winning_competitor=opportunity.winning_competitor or "未知",
        winning_price=(amount * Decimal(rng.choice(["0.92", "0.94", "0.96"]))).quantize(Decimal("1")),
        reasons=rng.choice(LOSS_REASONS),
        recorded_by=opportunity.sales_owner,
    )
    Tender.objects.filter(pk=tender.pk).update(status=TenderStatus.LOST)
