"""The contracts (购销合同/采购合同) of the demo's opportunities, through the contracts'
services and the approvals engine: drawn up on the approved quote (the bid, or a contract
price sent to price review), the contract review (合同评审), signing, and the actual costs
finance books against a won project (最终项目利润).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from presales.contracts import services as contract_services
from presales.contracts.models import Contract, ContractFile
from presales.demo.context import DemoContext
from presales.demo.data.contracts import CONTRACT_RETURN_COMMENT, COST_SHARES, OUR_COMPANY, PAYMENT_TERMS
from presales.demo.data.people import COMMERCIAL, FINANCE, SERVICE_MANAGEMENT
from presales.demo.files import docx_attachment
from presales.demo.steps.approvals import decide
from presales.demo.steps.plan import Plan
from presales.demo.steps.quotes import approve_all, approvers, new_round, price_for_margin, quote_for, submit
from presales.lib.money import yuan
from presales.quotes.models import Purpose, QuoteVersion, VersionStatus
from presales.quotes.pricing import money


def contract_version(ctx: DemoContext, opportunity, plan: Plan) -> QuoteVersion:
    """The approved quote the contract is based on: the bid for a tender, otherwise the
    contract price agreed with the customer and approved in price review."""
    quote = quote_for(ctx, opportunity, plan)
    approved = quote.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()
    if approved is not None:
        return approved
    version = new_round(ctx, opportunity, plan, "合同谈判：按客户确认的范围和价格定稿")
    price_for_margin(ctx, version, next(ctx.turns.bid_margins))
    version = submit(ctx, version, plan, Purpose.CONTRACT, "合同价格，请评审")
    approve_all(ctx, version, approvers(version))
    version.refresh_from_db()
    return version


def build_contract(
    ctx: DemoContext, opportunity, plan: Plan, *, state: str = "signed", costs: bool = False
) -> Contract:
    """The contract on the approved quote, as far as `state` ("draft", "in_review",
    "returned", "approved", "signed"); `costs`: a won project, whose costs finance books."""
    owner = ctx.users[plan.owner]
    version = contract_version(ctx, opportunity, plan)
    contract = contract_services.contract_create(
        user=owner,
        opportunity=opportunity,
        data={
            "quote_version": version,
            "party_b": OUR_COMPANY,
            "payment_terms": ctx.commerce_rng.choice(PAYMENT_TERMS),
            "delivery_date": ctx.day(0.3) + timedelta(days=45),
            "notes": "按批准的报价清单签订，供货范围见附件一。",
        },
    )
    draft = docx_attachment(
        ContractFile,
        "file",
        ContractFile(contract=contract),
        f"{contract.document_name}（草稿）{contract.number}.docx",
        f"{contract.document_name} {contract.number}",
        [
            f"甲方：{contract.party_a}",
            f"乙方：{contract.party_b}",
            f"合同标的：{contract.title}",
            f"合同金额：{yuan(contract.amount)}（含税）",
            f"付款方式：{contract.payment_terms}",
        ],
    )
    contract_services.contract_add_file(contract=contract, user=owner, file=draft)
    if state == "draft":
        return contract
    contract_services.contract_submit(contract=contract, user=owner, note="合同条款已与客户确认，请评审")
    if state == "in_review":
        decide(ctx, contract, COMMERCIAL, comment="商务条款无异议")
        return contract
    returned = state == "returned" or (state == "signed" and costs and not ctx.turns.contract_returned)
    if returned:
        ctx.turns.contract_returned = True
        decide(ctx, contract, COMMERCIAL, comment="同意")
        decide(ctx, contract, SERVICE_MANAGEMENT, approve=False, comment=CONTRACT_RETURN_COMMENT)
        contract.refresh_from_db()
        contract = contract_services.contract_update(
            contract=contract,
            user=owner,
            data={"payment_terms": PAYMENT_TERMS[0] + "质保期：验收合格之日起24个月。"},
            seen_version=contract.version,
        )
        contract_services.contract_submit(contract=contract, user=owner, note="已按服管部意见修改付款条件和质保期")
    for name in ctx.commerce_rng.sample([SERVICE_MANAGEMENT, COMMERCIAL, FINANCE], 3):
        decide(ctx, contract, name, comment=ctx.commerce_rng.choice(["同意", "审核通过", ""]))
    if state == "approved":
        return contract
    signed = docx_attachment(
        ContractFile,
        "file",
        ContractFile(contract=contract),
        f"{contract.document_name}（双方签章）{contract.number}.docx",
        f"{contract.document_name} {contract.number}（已签章）",
        [
            f"合同标的：{contract.title}",
            f"甲方：{contract.party_a}（盖章）",
            f"乙方：{contract.party_b}（盖章）",
            f"合同金额：{yuan(contract.amount)}",
        ],
    )
    contract.refresh_from_db()
    contract = contract_services.contract_sign(contract=contract, user=owner, signed_on=ctx.day(0.3), file=signed)
    if costs:
        actual_costs(ctx, contract, version)
    return contract


def actual_costs(ctx: DemoContext, contract: Contract, version: QuoteVersion) -> None:
    """Costs as booked by finance: the planned cost split by category, some projects
    ending above the plan, some below."""
    factor = next(ctx.turns.cost_factors)
    planned = version.total_cost * factor
    for n, (category, description, share) in enumerate(COST_SHARES):
        contract_services.cost_add(
            contract=contract,
            user=ctx.users[FINANCE],
            data={
                "category": category,
                "description": description,
                "amount": money(planned * Decimal(share)),
                "incurred_on": ctx.day(0.4 + 0.12 * n),
            },
        )
    if factor >= 1:  # booked up to the plan or beyond: finance confirms the cost entry, the profit is final
        contract_services.contract_costs_complete(contract=contract, user=ctx.users[FINANCE])
