"""The demo's deviation table (presales.demo.steps.responses), on the demo's people and
catalog and a power customer's bid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from presales.demo.context import DemoContext
from presales.demo.steps.catalog import build_catalog
from presales.demo.steps.people import build_people
from presales.demo.steps.responses import build_responses
from presales.responses.models import ClauseStatus, Deviation, GapStatus, ProductGap
from presales.testing import make_customer, make_opportunity

pytestmark = pytest.mark.django_db

LIBRARY = [
    ("稳压精度应不大于±0.5%", "稳压精度≤±0.2%，优于要求。", "positive"),
    ("模块效率不低于93%", "模块效率≥95%。", "positive"),
    ("功率因数不小于0.99", "功率因数≥0.995。", "positive"),
    ("模块应具备自动均流功能，均流不平衡度不大于±5%", "具备自动均流，不平衡度≤±3%。", "positive"),
    ("投标人须提供有效的生产许可证", "提供有效的生产许可证复印件。", "none"),
]


@pytest.fixture
def bid(manager):
    from presales.answers import services as answers
    from presales.answers.models import AnswerCategory
    from presales.tenders.models import Tender, TenderStatus

    ctx = DemoContext.create()
    ctx.clock.start()
    build_people(ctx)
    build_catalog(ctx)
    ctx.clock.stop()
    people = list(ctx.users.values())
    rep = next(u for u in people if u.groups.filter(name="sales_rep").exists())
    lead = next(u for u in people if u.groups.filter(name="presales_engineer").exists())
    customer = make_customer(rep, "国网某供电公司", industry="power_grid")
    opportunity = make_opportunity(rep, customer, presales_lead=lead)
    tender = Tender.objects.create(
        opportunity=opportunity,
        number="ZB-DEMO-1",
        title="直流电源系统采购",
        buyer=customer.name,
        submission_due_at=timezone.now() + timedelta(days=9),
        status=TenderStatus.BIDDING,
        created_by=rep,
    )
    category = AnswerCategory.objects.create(name="直流电源", owner=manager)
    for requirement, answer, deviation in LIBRARY:
        entry = answers.entry_create(
            user=manager,
            data={"category": category, "requirement": requirement, "answer": answer, "deviation": deviation},
        )
        answers.entry_submit_for_review(user=manager, entry=entry)
        answers.entry_approve(user=manager, entry=entry)
    return ctx, tender


def test_a_half_done_table_with_a_product_gap(bid):
    ctx, tender = bid
    specification = build_responses(ctx, [tender.opportunity_id])
    assert specification is not None and specification.tender == tender
    assert specification.products.filter(model_code="ZHDCS220-GZ").exists()
    statuses = set(specification.clauses.values_list("status", flat=True))
    assert {ClauseStatus.ANSWERED, ClauseStatus.TO_CONFIRM} <= statuses
    gap = ProductGap.objects.get(opportunity=tender.opportunity)
    assert gap.status == GapStatus.OPEN and gap.clause.deviation == Deviation.NEGATIVE
    assert "历史数据存储" in gap.requirement


def test_no_bid_no_table(bid):
    ctx, tender = bid
    assert build_responses(ctx, []) is None
