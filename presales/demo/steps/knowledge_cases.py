"""The library's success cases and competitor profiles in the demo: the manager creates the
profiles of every competitor the opportunities name (the "create from opportunities"
button), the power-supply rivals get their strengths, weaknesses and prices; each won
opportunity becomes a success case (the first ones may be cited); and the approved files of
two won opportunities are published to 案例库 and attached to their cases. All through the
services, as the demo's people."""

from __future__ import annotations

from presales.demo.context import DemoContext
from presales.demo.data.people import POWER_SENIOR_ENGINEER, PRESALES_MANAGER

PROFILES = {
    "许继电源": {
        "aliases": "许继、许继电气",
        "products": "直流电源系统、一体化电源、充电模块",
        "strengths": "电网系统内关系深厚；型式试验报告齐全；交货周期短。",
        "weaknesses": "方案多为标准配置，定制能力弱；售后响应慢（省外）。",
        "typical_prices": "220V/200Ah 直流屏成套约 18–22 万元；投标报价常低于我司 5%–8%。",
    },
    "南瑞继保": {
        "aliases": "南瑞",
        "products": "继电保护、一体化电源、站用交直流系统",
        "strengths": "品牌强，设计院认可度高；二次系统整体打包。",
        "weaknesses": "电源不是主业，价格偏高；小项目不积极。",
        "typical_prices": "一体化电源整站报价通常高于我司 10% 左右。",
    },
    "深圳奥特迅": {
        "aliases": "奥特迅",
        "products": "电力操作电源、充电桩电源模块",
        "strengths": "模块效率高；低价策略明显。",
        "weaknesses": "现场服务网点少；绝缘监测功能依赖外购。",
        "typical_prices": "模块单价较我司低约 10%。",
    },
}
CITED_CASES = 3  # the first won opportunities' customers agreed to be named in bids
PUBLISHED_CASES = 2
ATTACHED_TO = 3  # open opportunities that get the technical library's documents attached


def build_knowledge_cases(ctx: DemoContext) -> dict[str, int]:
    from presales.catalog.models import Product
    from presales.knowledge.models import Document, Folder
    from presales.knowledge.models_reuse import Competitor
    from presales.knowledge.services import cases, links
    from presales.opportunities.models import Deliverable, DeliverableStatus, Opportunity, OpportunityStatus
    from presales.quotes.models import QuoteLine

    manager = ctx.users[PRESALES_MANAGER]
    engineer = ctx.users[POWER_SENIOR_ENGINEER]
    cases.competitors_sync_from_opportunities(user=manager)
    # The 竞争对手库's analysis (the library's demo step) goes with the power-supply rivals.
    analysis = list(Document.objects.filter(folder__library__code="competitors", status="published").order_by("pk")[:1])
    for name, profile in PROFILES.items():
        competitor = Competitor.objects.filter(name=name).first()
        if competitor is None:
            cases.competitor_create(user=engineer, data={"name": name, **profile}, documents=analysis)
        else:
            cases.competitor_update(user=engineer, competitor=competitor, data=profile, documents=analysis)

    folder = Folder.objects.get(library__code="cases", name="成功案例", parent=None)
    won = list(
        Opportunity.objects.filter(status=OpportunityStatus.WON).select_related("customer").order_by("closed_at", "pk")
    )
    made, published = 0, 0
    for index, opportunity in enumerate(won):
        documents = []
        if published < PUBLISHED_CASES:
            deliverable = (
                Deliverable.objects.filter(opportunity=opportunity, status=DeliverableStatus.APPROVED)
                .exclude(file="")
                .filter(original_name__iregex=r"\.(docx|pdf|xlsx|pptx)$")
                .order_by("-approved_at", "-pk")
                .first()
            )
            if deliverable is not None:
                documents.append(links.document_publish_from(user=manager, source=deliverable, folder=folder))
                published += 1
        product_ids = QuoteLine.objects.filter(
            version__quote__opportunity=opportunity, product__isnull=False
        ).values_list("product_id", flat=True)
        products = Product.objects.filter(pk__in=product_ids).order_by("model_code")[:5]
        year = (opportunity.closed_at or ctx.now).year
        cases.case_create(
            user=manager,  # sees every opportunity, so every won one becomes a case
            data={
                "title": opportunity.name[:200],
                "customer": opportunity.customer,
                "industry": opportunity.industry,
                "scope": opportunity.description[:2000],
                "amount": opportunity.expected_amount,
                "year": year,
                "may_cite": index < CITED_CASES,
                "opportunity": opportunity,
            },
            products=list(products),
            documents=documents,
        )
        made += 1
    attached = _attach_library_documents(manager)
    return {
        "success cases": made,
        "competitor profiles": Competitor.objects.count(),
        "published": published,
        "attached": attached,
    }


def _attach_library_documents(manager) -> int:
    """The manager attaches the technical library's published documents to the first open
    opportunities (links, not copies: each shows on the opportunity page and counts as reuse)."""
    from presales.knowledge.models import Document, DocumentStatus
    from presales.knowledge.services import links
    from presales.opportunities.models import Opportunity, OpportunityStatus

    documents = list(
        Document.objects.filter(status=DocumentStatus.PUBLISHED, folder__library__code="technical").order_by("pk")[:2]
    )
    opportunities = Opportunity.objects.filter(status=OpportunityStatus.ACTIVE).order_by("pk")[:ATTACHED_TO]
    count = 0
    for opportunity in opportunities:
        for document in documents:
            links.document_link(user=manager, document=document, target=opportunity, note="参考资料")
            count += 1
    return count
