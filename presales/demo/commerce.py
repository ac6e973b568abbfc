"""The commercial side of the demo (issue 4), through the services of catalog, quotes and
contracts: the product catalog with its purchased components (外购件) and configurator rules,
the quote lists (项目报价清单) worked over the 跟踪 rounds, the price review (PCST) of the bid
and the contract price through the approvals engine, and the contracts (购销合同/采购合同) with
their contract review (合同评审), signing and actual costs (最终项目利润).

The catalog's tree, parameters, brands and rules have no service (the admin screens maintain
them): they are created directly, like the demo's people. Products, component prices, quotes
and contracts go through their services as the person who does the work.
"""

from __future__ import annotations

import itertools
import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from presales.approvals.models import Approval
from presales.approvals.services import approval_decide
from presales.catalog import configurator
from presales.catalog import services as catalog_services
from presales.catalog.models import (
    Brand,
    CodeField,
    ComponentCategory,
    ModelCodeRule,
    ParameterDefinition,
    Product,
    ProductCategory,
    SystemAccessory,
    SystemRule,
)
from presales.contracts import events as contract_events
from presales.contracts import services as contract_services
from presales.contracts.models import ActualCost, Contract, ContractFile
from presales.demo import data
from presales.demo.files import docx_file
from presales.demo.flows import clear_orphan
from presales.events.models import Event
from presales.quotes import services as quote_services
from presales.quotes.models import Purpose, Quote, QuoteVersion, VersionStatus

if TYPE_CHECKING:
    from presales.demo.builder import DemoBuilder, Plan

CENT = Decimal("0.01")
MANAGER, SALES_HEAD = "zhou.min", "wu.gang"
# The margins the bids are priced at, in turn: every routing of the price review occurs
# (≥ 25 %: the presales manager; 15–25 %: + the sales head; < 15 %: + the general manager).
BID_MARGINS = [Decimal(m) for m in ("31", "21", "27", "12.5", "34", "18", "29", "13.5", "23")]
# Bids of opportunities still in 投标, in turn: where their price review stands today.
CURRENT_BIDS = ["pending:zhou.min", "pending:wu.gang", "pending:qian.jun", "approved", "draft", "pending:wu.gang"]
# Contracts of opportunities in 实施 (active), in turn.
CURRENT_CONTRACTS = ["signed", "in_review", "signed", "returned", "approved", "signed", "draft", "signed"]
# Actual costs of won projects against the planned cost: some end above plan, some below.
COST_FACTORS = [Decimal(f) for f in ("0.95", "1.05", "0.97", "1.06", "0.93", "1.03", "0.96", "1.04", "1.0")]
IT_SETS = {
    "public_security": [
        ("IPC-4MP", 400),
        ("PTZ-4MP", 60),
        ("LIC-VMS", 1),
        ("STO-DS100", 4),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 10),
        ("FW-NG2000", 2),
    ],
    "healthcare": [
        ("SRV-2288X", 8),
        ("STO-AF50", 2),
        ("LIC-HIS", 1),
        ("LIC-VIRT", 16),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 12),
        ("FW-NG2000", 2),
    ],
    "other": [
        ("SRV-KP920", 6),
        ("STO-DS100", 2),
        ("LIC-VIRT", 12),
        ("SW-CORE-S12", 2),
        ("SW-ACC-48", 8),
        ("FW-NG2000", 2),
    ],
}


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Commerce:
    def __init__(self, builder: DemoBuilder, *, seed: int) -> None:
        self.b = builder
        self.rng = random.Random(seed)
        self.products: dict[str, Product] = {}
        self.rules: dict[str, SystemRule] = {}
        self.quotes: dict[int, Quote] = {}
        self.margins = itertools.cycle(BID_MARGINS)
        self.current_bids = itertools.cycle(CURRENT_BIDS)
        self.current_contracts = itertools.cycle(CURRENT_CONTRACTS)
        self.cost_factors = itertools.cycle(COST_FACTORS)
        self.bid_rejected = False  # one bid is returned once and priced again
        self.contract_returned = False  # one signed contract was returned by the review first

    def u(self, username: str):
        return self.b.users[username]

    def decide(self, target, username: str, *, approve: bool = True, comment: str = "") -> None:
        approval = Approval.objects.for_target(target).pending().get()
        approval_decide(approval=approval, user=self.u(username), approve=approve, comment=comment)

    # -- the catalog ---------------------------------------------------------------------------
    def catalog(self) -> None:
        editor = self.u(data.CATALOG_EDITOR)
        categories: dict[str, ProductCategory] = {}
        for path, order, parameters in data.CATEGORIES:
            parent, _sep, name = path.rpartition("/")
            category = ProductCategory(name=name, parent=categories.get(parent), order=order)
            category._history_user = editor
            category.save()
            categories[path] = category
            ParameterDefinition.objects.bulk_create(
                ParameterDefinition(
                    category=category, key=key, label=label, unit=unit, value_type=kind, required=required, order=n
                )
                for n, (key, label, unit, kind, required) in enumerate(parameters)
            )
        for path, code, name, unit, price, cost, channel, lead, params in data.PRODUCTS:
            self.products[code] = catalog_services.product_create(
                user=editor,
                data={
                    "category": categories[path],
                    "model_code": code,
                    "name": name,
                    "unit": unit,
                    "list_price": Decimal(price),
                    "standard_cost": Decimal(cost),
                    "channel_price": Decimal(channel),
                    "lead_time_days": lead,
                    "params": params,
                },
            )
        self.components(editor)
        for family, pattern, path, description, order, fields in data.CODE_RULES:
            rule = ModelCodeRule(
                family=family, pattern=pattern, category=categories[path], description=description, order=order
            )
            rule._history_user = editor
            rule.save()
            CodeField.objects.bulk_create(
                CodeField(rule=rule, key=key, label=label, unit=unit, allowed_values=allowed, order=n)
                for n, (key, label, unit, allowed) in enumerate(fields)
            )
        rules = {r.family: r for r in ModelCodeRule.objects.all()}
        for family, name, module, rating, redundancy, cabinet, accessories in data.SYSTEM_RULES:
            system = SystemRule(
                code_rule=rules[family],
                name=name,
                module_product=self.products[module],
                module_rating_a=Decimal(rating),
                redundancy=redundancy,
                cabinet_product=self.products[cabinet],
            )
            system._history_user = editor
            system.save()
            SystemAccessory.objects.bulk_create(
                SystemAccessory(
                    system_rule=system, product=self.products[code], quantity=Decimal(qty), per_module=per, order=n
                )
                for n, (code, qty, per) in enumerate(accessories)
            )
            self.rules[name.split()[0]] = system

    def components(self, editor) -> None:
        """Brands, component categories with their default tender brand, and the components
        with 2–4 dated prices each: created by the price import (one row per component with
        its first price), later prices entered one by one."""
        brands = {name: Brand.objects.create(name=name, country=country) for name, country in data.BRANDS}
        for name, order, default in data.COMPONENT_CATEGORIES:
            category = ComponentCategory(name=name, order=order, default_brand=brands[default])
            category._history_user = editor
            category.save()
        items = []  # (category, spec, brand, model, name, current price)
        for spec, base in data.AC_BREAKER_SPECS:
            poles = spec.split()[0]
            for brand, prefix, factor in data.AC_BREAKER_BRANDS:
                model = f"{prefix}{poles}-{spec.split()[1]}" if brand != "ABB" else f"S20{poles[0]}-{spec.split()[1]}"
                items.append(
                    ("交流断路器", spec, brand, model, "交流微型断路器", money(Decimal(base) * Decimal(factor)))
                )
        for category, spec, rows in data.COMPONENTS:
            for brand, model, name, price in rows:
                items.append((category, spec, brand, model, name, Decimal(price)))
        first_rows, later = [], []
        for n, (category, spec, brand, model, name, price) in enumerate(items):
            history = data.PRICE_HISTORY[n % len(data.PRICE_HISTORY)]
            dated = [(money(price * Decimal(str(f))), self.b.today - timedelta(days=days)) for f, days in history]
            (first_price, first_day), rest = dated[0], dated[1:]
            first_rows.append(
                (
                    n + 2,
                    {
                        "brand": brand,
                        "category": category,
                        "model": model,
                        "name": name,
                        "spec": spec,
                        "unit": "只" if category == "蓄电池" else ("台" if category == "UPS/逆变器" else "个"),
                        "supplier": data.SUPPLIERS[brand],
                        "price": first_price,
                        "effective_on": first_day,
                        "source": "年度框架协议价",
                    },
                )
            )
            later.append(((brand, model), rest))
        report = catalog_services.component_prices_import(user=editor, rows=first_rows)
        assert report.ok, report.errors
        from presales.catalog.models import Component

        found = {(c.brand.name, c.model): c for c in Component.objects.select_related("brand")}
        for key, rest in later:
            for price, day in rest:
                catalog_services.component_price_add(
                    user=editor,
                    component=found[key],
                    price=price,
                    effective_on=day,
                    source=self.rng.choice(["供应商报价单", "询价记录", "采购合同价"]),
                )

    # -- quotes --------------------------------------------------------------------------------
    def quote_for(self, opportunity, plan: Plan) -> Quote:
        """The opportunity's quote list; version 1 configured by the presales engineer, the
        service lines and the prices by commercial."""
        quote = self.quotes.get(opportunity.pk)
        if quote is not None:
            return quote
        author = self.b.user(plan.lead) or self.u(plan.owner)
        quote = quote_services.quote_create(user=author, opportunity=opportunity, title=f"{plan.spec.name}报价清单")
        version = quote.versions.get()
        if plan.business == "power":
            self.power_lines(version, plan, author)
        else:
            self.it_lines(version, plan, author, opportunity.customer.industry)
        self.service_lines(version, plan)  # version 1 is at list price: discounts come in 跟踪
        self.quotes[opportunity.pk] = quote
        return quote

    def latest(self, quote: Quote) -> QuoteVersion:
        return quote.versions.order_by("-number").first()

    def power_lines(self, version: QuoteVersion, plan: Plan, author) -> None:
        spec = plan.spec
        text = f"{spec.name}{spec.description}"
        target = Decimal(spec.amount) * Decimal("0.85")
        if "一体化" in text:
            systems = [("ZHYT220", {"voltage": "220", "current": "250", "ups_kva": "3"}, 300)]
        elif "110V" in text or self.rng.random() < 0.25:
            systems = [("ZHDCS110", {"voltage": "110", "current": "60", "battery_ah": "200"}, 200)]
        else:
            current, ah = self.rng.choice([("100", 300), ("150", 300), ("100", 200), ("200", 500)])
            systems = [("ZHDCS220", {"voltage": "220", "current": current, "battery_ah": str(ah)}, ah)]
        if "IMPS" in text or "通信" in text or self.rng.random() < 0.3:
            systems.append(("IMPS48", {"voltage": "48", "current": "150"}, None))
        configurations = [configurator.configure(self.rules[name], values) for name, values, _ah in systems]
        one_set = Decimal(0)
        for (_name, values, ah), configuration in zip(systems, configurations, strict=True):
            one_set += sum((line.quantity * line.list_price for line in configuration.lines), Decimal(0))
            if ah:
                cells = 104 if values["voltage"] == "220" else 52
                one_set += 2 * cells * self.products[f"GFM-{ah}"].list_price + 2 * self.products["ZHXG-BC"].list_price
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
                    product=self.products[f"GFM-{ah}"],
                    quantity=2 * cells * sets,
                    section_name="蓄电池组（2组）",
                )
                quote_services.line_add_product(
                    version=version,
                    user=author,
                    product=self.products["ZHXG-BC"],
                    quantity=2 * sets,
                    section_name="蓄电池组（2组）",
                )

    def it_lines(self, version: QuoteVersion, plan: Plan, author, industry: str) -> None:
        items = IT_SETS.get(industry, IT_SETS["other"])
        base = sum(self.products[code].list_price * qty for code, qty in items)
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
                version=version, user=author, product=self.products[code], quantity=quantity, section_name="设备及软件"
            )
        days = max(10, int(plan.spec.amount / 40_000))
        quote_services.line_add_product(
            version=version, user=author, product=self.products["SVC-IMPL"], quantity=days, section_name="服务"
        )

    def service_lines(self, version: QuoteVersion, plan: Plan) -> None:
        """Free-text lines (安装调试, 培训) with their cost: commercial enters them."""
        commercial = self.u(data.COMMERCIAL)
        version.refresh_from_db()
        install = money(max(Decimal(8000), version.total_amount * Decimal("0.06")).quantize(Decimal("100")))
        training = Decimal(self.rng.choice([6000, 8000, 12000, 15000]))
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

    def set_discount(self, version: QuoteVersion, percent: Decimal, *, section: str | None = None) -> None:
        """Commercial gives `percent` discount on every line (or those of one section)."""
        commercial = self.u(data.COMMERCIAL)
        percent = min(max(percent, Decimal(0)), Decimal(60)).quantize(CENT)
        lines = version.lines.all()
        if section is not None:
            lines = lines.filter(section__name=section)
        for line in lines:
            if line.discount_percent != percent:
                quote_services.line_update(line=line, user=commercial, data={"discount_percent": percent})

    def price_for_margin(self, version: QuoteVersion, margin: Decimal) -> None:
        """One discount on every line so the margin comes out at about `margin` percent."""
        lines = list(version.lines.all())
        listed = sum((line.quantity * line.unit_price for line in lines), Decimal(0))
        cost = sum((line.quantity * (line.unit_cost or 0) for line in lines), Decimal(0))
        best = (1 - cost / listed) * 100
        margin = min(margin, best - Decimal("0.5"))
        total = cost / (1 - margin / 100)
        self.set_discount(version, (1 - total / listed) * 100)

    def new_round(self, opportunity, plan: Plan, reason: str, discount: Decimal | None = None) -> QuoteVersion:
        """The next version; a 跟踪 round re-prices the lines of one section."""
        quote = self.quote_for(opportunity, plan)
        author = self.b.user(plan.lead) or self.u(plan.owner)
        version = quote_services.version_create(quote=quote, user=author, note=reason)
        if discount is not None:
            sections = list(version.sections.values_list("name", flat=True))
            self.set_discount(version, discount, section=self.rng.choice(sections) if sections else None)
        return version

    def on_stage(self, opportunity, plan: Plan, stage, *, done: bool) -> None:
        """The quote work of a stage: version 1 in 咨询, one or two rounds in 跟踪."""
        if stage.role == "consulting":
            self.quote_for(opportunity, plan)
        elif stage.role == "tracking":
            self.quote_for(opportunity, plan)
            rounds = 2 if done and self.rng.random() < 0.4 else 1
            for reason in self.rng.sample(data.QUOTE_CHANGE_REASONS, rounds):
                self.new_round(opportunity, plan, reason, Decimal(self.rng.choice([3, 5, 6, 8, 10])))

    def submitter(self, plan: Plan):
        """The sales owner submits the price review; when he is the sales head (an approver
        of the review), commercial submits it."""
        return self.u(data.COMMERCIAL) if plan.owner == SALES_HEAD else self.u(plan.owner)

    def approvers(self, version: QuoteVersion) -> list[str]:
        margin = version.margin_percent or Decimal(0)
        return [MANAGER] + ([SALES_HEAD] if margin < 25 else []) + ([data.GENERAL_MANAGER] if margin < 15 else [])

    def submit(self, version: QuoteVersion, plan: Plan, purpose: str, note: str) -> QuoteVersion:
        return quote_services.submit_for_review(version=version, user=self.submitter(plan), purpose=purpose, note=note)

    def approve_all(self, version: QuoteVersion, names: list[str]) -> None:
        comments = ["同意", "价格合理，同意投标", "同意，注意控制外购件成本", ""]
        for name in names:
            self.decide(version, name, approve=True, comment=self.rng.choice(comments))

    def bid_review(self, opportunity, plan: Plan, *, state: str = "approved") -> QuoteVersion:
        """The bid version priced for a margin and sent to price review as the bid price
        ("draft": priced, not sent yet). The first bid priced below 15 % is returned by the
        general manager and priced again."""
        margin = next(self.margins)
        reject = state == "approved" and not self.bid_rejected and margin < 15
        version = self.new_round(opportunity, plan, "投标报价定稿：按招标文件报价格式整理，商务核算成本")
        self.price_for_margin(version, margin - (3 if reject else 0))
        if state == "draft":
            return version
        version = self.submit(version, plan, Purpose.BID, "投标报价，请评审")
        names = self.approvers(version)
        if reject:
            self.bid_rejected = True
            rejecter = names[-1]
            for name in names[:-1]:
                self.decide(version, name, comment="同意")
            self.decide(version, rejecter, approve=False, comment=data.BID_RETURN_COMMENTS[rejecter])
            version = self.new_round(opportunity, plan, f"PCST评审退回：{data.BID_RETURN_COMMENTS[rejecter]}")
            self.price_for_margin(version, Decimal(21))
            version = self.submit(version, plan, Purpose.BID, "已按评审意见调整折扣，请重新评审")
            names = self.approvers(version)
        self.approve_all(version, names)
        return version

    def current_bid(self, opportunity, plan: Plan) -> None:
        """An opportunity still in 投标: its bid price in review, approved or being redone."""
        state = next(self.current_bids)
        if state.startswith("pending:"):
            waiting = state.partition(":")[2]
            margin = {MANAGER: Decimal(30), SALES_HEAD: Decimal(20), data.GENERAL_MANAGER: Decimal(12)}[waiting]
            version = self.new_round(opportunity, plan, "投标报价定稿：按招标文件报价格式整理，商务核算成本")
            self.price_for_margin(version, margin)
            version = self.submit(version, plan, Purpose.BID, "投标报价，请评审")
            names = self.approvers(version)
            for name in names[: names.index(waiting)] if waiting in names else names[:-1]:
                self.decide(version, name, comment="同意")
        else:
            self.bid_review(opportunity, plan, state=state)

    # -- contracts -----------------------------------------------------------------------------
    def contract_version(self, opportunity, plan: Plan) -> QuoteVersion:
        """The approved quote the contract is based on: the bid for a tender, otherwise the
        contract price agreed with the customer and approved in price review."""
        quote = self.quote_for(opportunity, plan)
        approved = quote.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()
        if approved is not None:
            return approved
        version = self.new_round(opportunity, plan, "合同谈判：按客户确认的范围和价格定稿")
        self.price_for_margin(version, next(self.margins))
        version = self.submit(version, plan, Purpose.CONTRACT, "合同价格，请评审")
        self.approve_all(version, self.approvers(version))
        version.refresh_from_db()
        return version

    def contract(self, opportunity, plan: Plan, *, state: str = "signed", costs: bool = False):
        owner = self.u(plan.owner)
        version = self.contract_version(opportunity, plan)
        contract = contract_services.contract_create(
            user=owner,
            opportunity=opportunity,
            data={
                "quote_version": version,
                "payment_terms": self.rng.choice(data.PAYMENT_TERMS),
                "delivery_date": self.b.flows.day(0.3) + timedelta(days=45),
                "notes": "按批准的报价清单签订，供货范围见附件一。",
            },
        )
        name = f"{contract.document_name}（草稿）{contract.number}.docx"
        clear_orphan(ContractFile, "file", ContractFile(contract=contract), name)
        draft = docx_file(
            name,
            f"{contract.document_name} {contract.number}",
            [
                f"甲方：{contract.party_a}",
                f"乙方：{contract.party_b}",
                f"合同标的：{contract.title}",
                f"合同金额：¥{contract.amount:,}（含税）",
                f"付款方式：{contract.payment_terms}",
            ],
        )
        contract_services.contract_add_file(contract=contract, user=owner, file=draft)
        if state == "draft":
            return contract
        contract_services.contract_submit(contract=contract, user=owner, note="合同条款已与客户确认，请评审")
        if state == "in_review":
            self.decide(contract, data.COMMERCIAL, comment="商务条款无异议")
            return contract
        returned = state == "returned" or (state == "signed" and costs and not self.contract_returned)
        if returned:
            self.contract_returned = True
            self.decide(contract, data.COMMERCIAL, comment="同意")
            self.decide(contract, data.SERVICE_MANAGEMENT, approve=False, comment=data.CONTRACT_RETURN_COMMENT)
            contract.refresh_from_db()
            contract = contract_services.contract_update(
                contract=contract,
                user=owner,
                data={"payment_terms": data.PAYMENT_TERMS[0] + "质保期：验收合格之日起24个月。"},
                seen_version=contract.version,
            )
            contract_services.contract_submit(contract=contract, user=owner, note="已按服管部意见修改付款条件和质保期")
        for name in self.rng.sample([data.SERVICE_MANAGEMENT, data.COMMERCIAL, data.FINANCE], 3):
            self.decide(contract, name, comment=self.rng.choice(["同意", "审核通过", ""]))
        if state == "approved":
            return contract
        signed_name = f"{contract.document_name}（双方签章）{contract.number}.docx"
        clear_orphan(ContractFile, "file", ContractFile(contract=contract), signed_name)
        signed = docx_file(
            signed_name,
            f"{contract.document_name} {contract.number}（已签章）",
            [
                f"合同标的：{contract.title}",
                f"甲方：{contract.party_a}（盖章）",
                f"乙方：{contract.party_b}（盖章）",
                f"合同金额：¥{contract.amount:,}",
            ],
        )
        contract.refresh_from_db()
        contract = contract_services.contract_sign(
            contract=contract, user=owner, signed_on=self.b.flows.day(0.3), file=signed
        )
        if costs:
            self.actual_costs(contract, version)
        return contract

    def actual_costs(self, contract: Contract, version: QuoteVersion) -> None:
        """Costs as booked by finance: the planned cost split by category, some projects
        ending above the plan, some below."""
        planned = version.total_cost * next(self.cost_factors)
        shares = [
            ("equipment", "设备采购", "0.62"),
            ("outsourced", "外购件（断路器、蓄电池等）", "0.2"),
            ("construction", "安装施工分包", "0.12"),
            ("travel", "差旅及现场服务", "0.04"),
            ("other", "运输及保险", "0.02"),
        ]
        for n, (category, description, share) in enumerate(shares):
            contract_services.cost_add(
                contract=contract,
                user=self.u(data.FINANCE),
                data={
                    "category": category,
                    "description": description,
                    "amount": money(planned * Decimal(share)),
                    "incurred_on": self.b.flows.day(0.4 + 0.12 * n),
                },
            )

    # -- dates -----------------------------------------------------------------------------------
    def fix_dates(self) -> None:
        """After the back-dating: a contract is signed the day its signing was recorded, the
        delivery date follows it, costs fall between signing and the day they were entered."""
        local = timezone.localdate
        for event in Event.objects.filter(kind=contract_events.SIGNED):
            day = min(local(event.at), self.b.today)
            Contract.objects.filter(pk=event.subject_id).update(signed_on=day, delivery_date=day + timedelta(days=45))
            for cost in ActualCost.objects.filter(contract_id=event.subject_id):
                entered = min(local(cost.entered_at), self.b.today)
                ActualCost.objects.filter(pk=cost.pk).update(incurred_on=max(day, entered - timedelta(days=3)))
        for contract in Contract.objects.filter(signed_on__isnull=True):
            Contract.objects.filter(pk=contract.pk).update(
                delivery_date=local(contract.created_at) + timedelta(days=60)
            )
