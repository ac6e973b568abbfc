"""The demo's deviation table (技术偏差表): on one bid in 投标, the presales lead uploads the
buyer's technical specification of a 220 kV substation DC power system (the sample of
presales.responses.specs.samples), names the product offered (ZHDCS220-GZ), lets the library
auto-fill it, accepts the first confident answers, writes the 负偏离 the offered monitor cannot
avoid (a product gap on the opportunity), and leaves the rest to confirm — a table half done,
as on any bid day.

Runs after the tenders step (the bid) and the answer library (the answers). No random
stream: the same table every time."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from presales.catalog.models import Product
from presales.demo.context import DemoContext
from presales.demo.data.customers import POWER_INDUSTRIES
from presales.demo.data.people import POWER_ENGINEER, POWER_SENIOR_ENGINEER, PRESALES_MANAGER
from presales.responses import services
from presales.responses.models import ClauseStatus, Deviation, Specification
from presales.responses.specs.samples import dc_system_spec
from presales.tenders.models import Tender, TenderStatus

# The clause the offered monitor cannot meet, and what the lead writes for it.
NEGATIVE = (
    "历史数据存储",
    "ZHM05监控装置历史数据存储15天，可通过后台软件导出长期保存。",
    "存储15天，低于招标要求的30天；后台软件可长期保存数据。",
)
ACCEPTED = 4  # answers the lead has accepted so far


def build_responses(ctx: DemoContext, opportunity_ids: list[int]) -> Specification | None:
    """The deviation table of the power business's first bid in progress (by the opportunity's
    code; the specification is a DC power system's)."""
    bids = Tender.objects.filter(opportunity_id__in=opportunity_ids, status=TenderStatus.BIDDING).select_related(
        "opportunity", "opportunity__presales_lead", "opportunity__sales_owner"
    )
    power = bids.filter(opportunity__customer__industry__in=POWER_INDUSTRIES).order_by("opportunity__code")
    tender = power.first() or bids.order_by("opportunity__code").first()
    if tender is None:
        return None
    lead = tender.opportunity.presales_lead or tender.opportunity.sales_owner
    product = Product.objects.filter(model_code="ZHDCS220-GZ").first()
    upload = SimpleUploadedFile("220kV变电站直流电源系统技术规范书.docx", dc_system_spec())
    specification = services.spec_upload(user=lead, tender=tender, file=upload, products=[product] if product else [])
    accepted = 0
    for clause in specification.clauses.filter(status=ClauseStatus.OPEN).exclude(suggestions=[]).order_by("order"):
        if accepted == ACCEPTED:
            break
        if clause.deviation == Deviation.TO_CONFIRM or NEGATIVE[0] in clause.text:
            continue
        services.clause_accept(user=lead, clause=clause, version=clause.version)
        accepted += 1
    storage = specification.clauses.filter(text__contains=NEGATIVE[0]).order_by("order").first()
    if storage is not None:
        services.clause_answer(
            user=lead,
            clause=storage,
            response=NEGATIVE[1],
            deviation=Deviation.NEGATIVE,
            deviation_note=NEGATIVE[2],
            version=storage.version,
        )
    _share_out(ctx, specification, lead)
    return specification


def _share_out(ctx: DemoContext, specification: Specification, lead) -> None:
    """The lead gives the clauses left to confirm to a colleague of the bid team (who is told)."""
    from presales.responses import access

    colleague = next(
        (
            ctx.users[name]
            for name in (POWER_ENGINEER, POWER_SENIOR_ENGINEER, PRESALES_MANAGER)
            if name in ctx.users and ctx.users[name] != lead and access.can_work(ctx.users[name], specification)
        ),
        None,
    )
    left = list(specification.clauses.filter(status=ClauseStatus.TO_CONFIRM).order_by("order")[:6])
    if colleague is not None and left:
        services.clauses_assign(user=lead, specification=specification, clauses=left, assignee=colleague)
