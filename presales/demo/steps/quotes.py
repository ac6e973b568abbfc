"""The quote lists (项目报价清单) of the demo's opportunities and their price review (PCST),
through the quotes' services and the approvals engine: version 1 configured by the presales
engineer in 咨询 (configurator systems or catalog lines, service lines by commercial), the
跟踪 rounds re-priced by commercial, the bid priced for a margin and reviewed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from presales.catalog import configurator
from presales.demo.context import DemoContext
from presales.demo.data.people import COMMERCIAL, GENERAL_MANAGER, PRESALES_MANAGER, SALES_HEAD
from presales.demo.data.quotes import BID_RETURN_COMMENTS, IT_SETS, QUOTE_CHANGE_REASONS
from presales.demo.steps.approvals import decide
from presales.demo.steps.plan import Plan
from presales.quotes import services as quote_services
from presales.quotes.models import Purpose, Quote, QuoteVersion
from presales.quotes.pricing import CENT, money


def quote_for(ctx: DemoContext, opportunity, plan: Plan) -> Quote:
    """The opportunity's quote list; version 1 configured by the presales engineer, the
    service lines and the prices by commercial."""
    quote = ctx.made.quotes.get(opportunity.pk)
    if quote is not None:
        return quote
    author = ctx.user(plan.lead) or ctx.users[plan.owner]
    quote = quote_services.quote_create(user=author, opportunity=opportunity, title=f"{plan.spec.name}报价清单")
    version = quote.versions.get()
    if plan.business == "power":
        power_lines(ctx, version, plan, author)
    else:
        it_lines(ctx, version, plan, author, opportunity.customer.industry)
    service_lines(ctx, version, plan)  # version 1 is at list price: discounts come in 跟踪
    ctx.made.quotes[opportunity.pk] = quote
    return quote


def power_lines(ctx: DemoContext, version: QuoteVersion, plan: Plan, author) -> None:
    spec = plan.spec
    text = f"{spec.name}{spec.description}"
    target = Decimal(spec.amount) * Decimal("0.85")
    if "一体化" in text:
        systems = [("ZHYT220", {"voltage": "220", "current": "250", "ups_kva": "3"}, 300)]
    elif "110V" in text or ctx.commerce_rng.random() < 0.25:
        systems = [("ZHDCS110", {"voltage": "110", "current": "60", "battery_ah": "200"}, 200)]
    else:
        current, ah = ctx.commerce_rng.choice([("100", 300), ("150", 300), ("100", 200), ("200", 500)])
        systems = [("ZHDCS220", {"voltage": "220", "current": current, "battery_ah": str(ah)}, ah)]
    if "IMPS" in text or "通信" in text or ctx.commerce_rng.random() < 0.3:
        systems.append(("IMPS48", {"voltage": "48", "current": "150"}, None))
    configurations = [configurator.configure(ctx.made.system_rules[name], values) for name, values, _ah in systems]
    one_set = Decimal(0)
    for (_name, values, ah), configuration in zip(systems, configurations, strict=True):
        one_set += sum((line.quantity * line.list_price for line in configuration.lines), Decimal(0))
        if ah:
            cells = 104 if values["voltage"] == "220" else 52
            one_set += (
                2 * cells * ctx.made.products[f"GFM-{ah}"].list_price + 2 * ctx.made.products["ZHXG-BC"].list_price
            )
    sets = max(1, int((target / one_set).to_integral_value(rounding=ROUND_HALF_UP)))
    for (_name, values, ah), configuration in zip(systems, configurations, strict=True):
        if sets > 1:
            for line in configuration.lines:
                line.quantity *= sets
                line.note = f"{line.note}（{sets}套）" if line.note else f"{sets}套"
        quote_services.add_configuration(version=version, user=author, configuration=configuration)
        if ah:
            cells = 104 if values["voltage"] == "220" else 52
            quote_services.line_add_product(
                version=version,
                user=author,
                product=ctx.made.products[f"GFM-{ah}"],
                quantity=2 * cells * sets,
                section_name="蓄电池组（2组）",
            )
            quote_services.line_add_product(
                version=version,
                user=author,
                product=ctx.made.products["ZHXG-BC"],
                quantity=2 * sets,
                section_name="蓄电池组（2组）",
            )


def it_lines(ctx: DemoContext, version: QuoteVersion, plan: Plan, author, industry: str) -> None:
    items = IT_SETS.get(industry, IT_SETS["other"])
    base = sum(ctx.made.products[code].list_price * qty for code, qty in items)
    scale = Decimal(plan.spec.amount) * Decimal("0.8") / base
    for n, (code, qty) in enumerate(items):
        quantity = int((qty * scale).to_integral_value(rounding=ROUND_HALF_UP))
        if code.startswith("LIC-") and qty == 1:
            quantity = 1
        if quantity < 1:
            if n > 1:
                continue  # too big for a small project
            quantity = 1
        quote_services.line_add_product(
            version=version, user=author, product=ctx.made.products[code], quantity=quantity, section_name="设备及软件"
        )
    days = max(10, int(plan.spec.amount / 40_000))
    quote_services.line_add_product(
        version=version, user=author, product=ctx.made.products["SVC-IMPL"], quantity=days, section_name="服务"
    )


def service_lines(ctx: DemoContext, version: QuoteVersion, plan: Plan) -> None:
    """Free-text lines (安装调试, 培训) with their cost: commercial enters them."""
    commercial = ctx.users[COMMERCIAL]
    version.refresh_from_db()
    install = money(max(Decimal(8000), version.total_amount * Decimal("0.06")).quantize(Decimal("100")))
    training = Decimal(ctx.commerce_rng.choice([6000, 8000, 12000, 15000]))
    for name, spec, unit, price, cost_share in [
        ("安装调试", "现场安装、接线、调试及试运行配合", "项", install, Decimal("0.55")),
        ("培训", "运维人员操作维护培训（2天，含讲义）", "项", training, Decimal("0.4")),
    ]:
        quote_services.line_add(
            version=version,
            user=commercial,
            section_name="服务",
            data={
                "name": name,
                "spec": spec,
                "unit": unit,
                "quantity": Decimal(1),
                "unit_price": price,
                "unit_cost": money(price * cost_share),
                "tax_rate": Decimal(6),
            },
        )


def set_discount(ctx: DemoContext, version: QuoteVersion, percent: Decimal, *, section: str | None = None) -> None:
    """Commercial gives `percent` discount on every line (or those of one section)."""
    commercial = ctx.users[COMMERCIAL]
    percent = min(max(percent, Decimal(0)), Decimal(60)).quantize(CENT)
    lines = version.lines.all()
    if section is not None:
        lines = lines.filter(section__name=section)
    for line in lines:
        if line.discount_percent != percent:
            quote_services.line_update(line=line, user=commercial, data={"discount_percent": percent})


def price_for_margin(ctx: DemoContext, version: QuoteVersion, margin: Decimal) -> None:
    """One discount on every line so the margin comes out at about `margin` percent."""
    lines = list(version.lines.all())
    listed = sum((line.quantity * line.unit_price for line in lines), Decimal(0))
    cost = sum((line.quantity * (line.unit_cost or 0) for line in lines), Decimal(0))
    best = (1 - cost / listed) * 100
    margin = min(margin, best - Decimal("0.5"))
    total = cost / (1 - margin / 100)
    set_discount(ctx, version, (1 - total / listed) * 100)


def new_round(ctx: DemoContext, opportunity, plan: Plan, reason: str, discount: Decimal | None = None) -> QuoteVersion:
    """The next version; a 跟踪 round re-prices the lines of one section."""
    quote = quote_for(ctx, opportunity, plan)
    author = ctx.user(plan.lead) or ctx.users[plan.owner]
    version = quote_services.version_create(quote=quote, user=author, note=reason)
    if discount is not None:
        sections = list(version.sections.values_list("name", flat=True))
        set_discount(ctx, version, discount, section=ctx.commerce_rng.choice(sections) if sections else None)
    return version


def on_stage(ctx: DemoContext, opportunity, plan: Plan, stage, *, done: bool) -> None:
    """The quote work of a stage: version 1 in 咨询, one or two rounds in 跟踪."""
    if stage.role == "consulting":
        quote_for(ctx, opportunity, plan)
    elif stage.role == "tracking":
        quote_for(ctx, opportunity, plan)
        rounds = 2 if done and ctx.commerce_rng.random() < 0.4 else 1
        for reason in ctx.commerce_rng.sample(QUOTE_CHANGE_REASONS, rounds):
            new_round(ctx, opportunity, plan, reason, Decimal(ctx.commerce_rng.choice([3, 5, 6, 8, 10])))


def submitter(ctx: DemoContext, plan: Plan):
    """The sales owner submits the price review; when he is the sales head (an approver
    of the review), commercial submits it."""
    return ctx.users[COMMERCIAL] if plan.owner == SALES_HEAD else ctx.users[plan.owner]


def approvers(version: QuoteVersion) -> list[str]:
    """Who the price review routes a version to, by its margin (the seed's PCST thresholds)."""
    margin = version.margin_percent or Decimal(0)
    return [PRESALES_MANAGER] + ([SALES_HEAD] if margin < 25 else []) + ([GENERAL_MANAGER] if margin < 15 else [])


def submit(ctx: DemoContext, version: QuoteVersion, plan: Plan, purpose: str, note: str) -> QuoteVersion:
    return quote_services.submit_for_review(version=version, user=submitter(ctx, plan), purpose=purpose, note=note)


def approve_all(ctx: DemoContext, version: QuoteVersion, names: list[str]) -> None:
    comments = ["同意", "价格合理，同意投标", "同意，注意控制外购件成本", ""]
    for name in names:
        decide(ctx, version, name, approve=True, comment=ctx.commerce_rng.choice(comments))


def bid_review(ctx: DemoContext, opportunity, plan: Plan, *, state: str = "approved") -> QuoteVersion:
    """The bid version priced for a margin and sent to price review as the bid price
    ("draft": priced, not sent yet). The first bid priced below 15 % is returned by the
    general manager and priced again."""
    margin = next(ctx.turns.bid_margins)
    reject = state == "approved" and not ctx.turns.bid_returned and margin < 15
    version = new_round(ctx, opportunity, plan, "投标报价定稿：按招标文件报价格式整理，商务核算成本")
    price_for_margin(ctx, version, margin - (3 if reject else 0))
    if state == "draft":
        return version
    version = submit(ctx, version, plan, Purpose.BID, "投标报价，请评审")
    names = approvers(version)
    if reject:
        ctx.turns.bid_returned = True
        rejecter = names[-1]
        for name in names[:-1]:
            decide(ctx, version, name, comment="同意")
        decide(ctx, version, rejecter, approve=False, comment=BID_RETURN_COMMENTS[rejecter])
        version = new_round(ctx, opportunity, plan, f"PCST评审退回：{BID_RETURN_COMMENTS[rejecter]}")
        price_for_margin(ctx, version, Decimal(21))
        version = submit(ctx, version, plan, Purpose.BID, "已按评审意见调整折扣，请重新评审")
        names = approvers(version)
    approve_all(ctx, version, names)
    return version


def current_bid(ctx: DemoContext, opportunity, plan: Plan) -> None:
    """An opportunity still in 投标: its bid price in review, approved or being redone."""
    state = next(ctx.turns.current_bids)
    if state.startswith("pending:"):
        waiting = state.partition(":")[2]
        margin = {PRESALES_MANAGER: Decimal(30), SALES_HEAD: Decimal(20), GENERAL_MANAGER: Decimal(12)}[waiting]
        version = new_round(ctx, opportunity, plan, "投标报价定稿：按招标文件报价格式整理，商务核算成本")
        price_for_margin(ctx, version, margin)
        version = submit(ctx, version, plan, Purpose.BID, "投标报价，请评审")
        names = approvers(version)
        for name in names[: names.index(waiting)] if waiting in names else names[:-1]:
            decide(ctx, version, name, comment="同意")
    else:
        bid_review(ctx, opportunity, plan, state=state)
