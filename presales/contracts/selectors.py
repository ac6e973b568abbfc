"""Reads of contracts and the final project profit, permission-scoped, in a fixed number of
queries. Cost, profit and margin figures are only computed for users who see cost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from presales.accounts.models import User
from presales.accounts.roles import sees_cost
from presales.approvals.selectors import panel
from presales.contracts import access, quoting
from presales.contracts.models import ActualCost, Contract, ContractStatus
from presales.events import selectors as event_selectors
from presales.opportunities.models import StageRole

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from presales.opportunities.models import Opportunity

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0")


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if whole is None or Decimal(whole) == 0 or part is None:
        return None
    return _money(Decimal(part) / Decimal(whole) * HUNDRED)


def with_actual_cost(qs: QuerySet[Contract]) -> QuerySet[Contract]:
    return qs.annotate(
        actual_cost_total=Coalesce(
            Sum("actual_costs__amount"), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2)
        )
    )


@dataclass
class Profit:
    """The final project profit (最终项目利润) of one contract.

    reviewed price = the contract amount (the price that passed contract review), or the
    approved quote's total while the amount is still 0; planned cost = the approved quote's
    total cost; actual cost = the sum of the actual costs entered; profit = price − actual
    cost; margin % = profit / price × 100 (0.01); the planned margin is computed the same way
    from the planned cost, and the difference is actual − planned (percentage points).
    The profit is provisional (暂估) until finance marks the actual costs complete
    (`Contract.costs_complete`), final (最终) from then; while provisional, entered share =
    actual cost / planned cost × 100 says how much of the plan is entered.
    """

    reviewed_price: Decimal
    planned_cost: Decimal | None
    actual_cost: Decimal
    profit: Decimal
    margin: Decimal | None
    planned_profit: Decimal | None
    planned_margin: Decimal | None
    margin_difference: Decimal | None
    cost_difference: Decimal | None
    costs_complete: bool = False  # finance marked the cost entry complete: the profit is final
    entered_share: Decimal | None = None  # actual cost / planned cost × 100, while provisional

    @property
    def has_costs(self) -> bool:
        """Until actual costs are entered, profit and margin would read 100 %: shown as open."""
        return self.actual_cost != 0

    @property
    def profit_known(self) -> bool:
        """A profit worth adding up: costs marked complete, or some actual cost entered (with
        none, the profit would read as the whole price)."""
        return self.costs_complete or self.has_costs


def profit_of(contract: Contract, *, actual_cost: Decimal | None = None) -> Profit:
    version = contract.quote_version if contract.quote_version_id else None
    price = Decimal(contract.amount or 0)
    if price == 0 and version is not None:
        price = quoting.version_total(version) or ZERO
    price = _money(price)
    if actual_cost is None:
        actual_cost = getattr(contract, "actual_cost_total", None)
    if actual_cost is None:
        actual_cost = contract.actual_costs.aggregate(total=Sum("amount"))["total"] or ZERO
    actual_cost = _money(actual_cost)
    planned_cost = quoting.version_cost(version)
    planned_cost = _money(planned_cost) if planned_cost is not None else None
    profit = price - actual_cost
    margin = _percent(profit, price)
    planned_profit = price - planned_cost if planned_cost is not None else None
    planned_margin = _percent(planned_profit, price)
    return Profit(
        reviewed_price=price,
        planned_cost=planned_cost,
        actual_cost=actual_cost,
        profit=profit,
        margin=margin,
        planned_profit=planned_profit,
        planned_margin=planned_margin,
        margin_difference=(margin - planned_margin) if margin is not None and planned_margin is not None else None,
        cost_difference=(actual_cost - planned_cost) if planned_cost is not None else None,
        costs_complete=contract.costs_complete,
        entered_share=None if contract.costs_complete else _percent(actual_cost, planned_cost),
    )


def contract_list(user: User, *, status: str = "", opportunity: Opportunity | None = None) -> QuerySet[Contract]:
    qs = (
        access.contracts_visible_to(user)
        .select_related("opportunity", "opportunity__customer", "created_by")
        .order_by("-created_at", "-id")
    )
    if status in ContractStatus.values:
        qs = qs.filter(status=status)
    if opportunity:
        qs = qs.filter(opportunity=opportunity)
    return qs


def contract_detail(user: User, contract: Contract) -> dict:
    see_cost = sees_cost(user)
    files = list(contract.files.select_related("uploaded_by"))
    context = {
        "contract": contract,
        "opportunity": contract.opportunity,
        "files": files,
        # The latest 50; the actual-cost events only for who sees cost (their kinds say so).
        "events": event_selectors.for_subject(contract, user, limit=50),
        "panel": panel(user, contract),
        "can_edit": access.can_edit(user, contract),
        "can_upload": access.can_draft(user, contract.opportunity),
        "can_submit": access.can_submit(user, contract),
        "can_sign": access.can_sign(user, contract) and contract.status == ContractStatus.APPROVED,
        "can_enter_costs": access.can_enter_costs(user, contract) and not contract.costs_complete,
        "can_complete_costs": access.can_complete_costs(user, contract),
        "sees_cost": see_cost,
        "quote_version": contract.quote_version,
        "quote_label": quoting.version_label(contract.quote_version),
    }
    if see_cost:
        costs = list(contract.actual_costs.select_related("entered_by"))
        context["costs"] = costs
        context["profit"] = profit_of(contract, actual_cost=sum((c.amount for c in costs), ZERO))
    return context


def for_opportunity(opportunity: Opportunity, user: User) -> dict:
    """The contracts card of the opportunity page (with the final profit for cost roles)."""
    see_cost = sees_cost(user)
    contracts = list(
        with_actual_cost(Contract.objects.filter(opportunity=opportunity))
        .select_related("quote_version", "quote_version__quote")
        .order_by("created_at", "id")
    )
    rows = []
    for contract in contracts:
        rows.append({"contract": contract, "profit": profit_of(contract) if see_cost else None})
    in_implementation = opportunity.in_stage_role(StageRole.IMPLEMENTATION)
    return {
        "opportunity": opportunity,
        "rows": rows,
        "sees_cost": see_cost,
        "in_implementation": in_implementation,
        "can_create": opportunity.is_active and in_implementation and access.can_draft(user, opportunity),
    }


# --- The profit list across contracts (who sees cost only: the views check can_see_cost) ---

MONEY_SUM = DecimalField(max_digits=18, decimal_places=2)


def _actual_cost_subquery() -> Coalesce:
    """The contract's actual costs summed in a subquery (not a join), so that the totals can
    sum them across contracts without counting a contract amount once per cost."""
    per_contract = (
        ActualCost.objects.filter(contract=OuterRef("pk")).order_by().values("contract").annotate(s=Sum("amount"))
    )
    return Coalesce(Subquery(per_contract.values("s")[:1]), Value(ZERO), output_field=MONEY_SUM)


def profit_rows(qs: QuerySet[Contract]) -> QuerySet[Contract]:
    """The contracts of `qs` with what `profit_of` needs (the quote version, the actual cost
    total) and what the list shows, in one query per page."""
    return qs.select_related(
        "quote_version", "opportunity", "opportunity__customer", "opportunity__sales_owner"
    ).annotate(actual_cost_total=_actual_cost_subquery())


@dataclass
class ProfitTotals:
    count: int
    reviewed_price: Decimal
    planned_cost: Decimal | None  # None when no selected contract has a quote version (no plan)
    actual_cost: Decimal
    profit: Decimal
    margin: Decimal | None
    provisional: int  # how many of the contracts still have provisional costs
    without_costs: int = 0  # how many have no actual cost yet: left out of profit and margin


def profit_totals(qs: QuerySet[Contract]) -> ProfitTotals:
    """The totals row, in one aggregate query, with `profit_of`'s rules: the reviewed price is
    the contract amount, or the quote version's total while the amount is 0; profit = the price
    of the contracts whose profit is known (costs complete or some cost entered) − actual cost;
    margin = profit / that price × 100."""
    price = Case(
        When(Q(amount=0) & Q(quote_version__isnull=False), then=Coalesce(F(quoting.VERSION_TOTAL), Value(ZERO))),
        default=F("amount"),
        output_field=MONEY_SUM,
    )
    costed = ActualCost.objects.filter(contract=OuterRef("pk"))
    sums = qs.order_by().aggregate(
        count=Coalesce(Sum(Value(1)), 0),
        price=Coalesce(Sum(price), Value(ZERO), output_field=MONEY_SUM),
        planned=Sum(quoting.VERSION_COST, output_field=MONEY_SUM),
        actual=Coalesce(Sum(_actual_cost_subquery()), Value(ZERO), output_field=MONEY_SUM),
        provisional=Coalesce(Sum(Case(When(costs_complete=False, then=Value(1)), default=Value(0))), 0),
        # the price of the contracts whose profit is known (Profit.profit_known): profit and
        # margin add up only those, not a whole price as profit before any cost is entered
        costed=Coalesce(
            Sum(Case(When(Q(costs_complete=True) | Exists(costed), then=price), default=Value(ZERO))),
            Value(ZERO),
            output_field=MONEY_SUM,
        ),
        uncosted=Coalesce(Sum(Case(When(Q(costs_complete=True) | Exists(costed), then=Value(0)), default=Value(1))), 0),
    )
    price_total, actual_total = _money(sums["price"]), _money(sums["actual"])
    costed_price = _money(sums["costed"])
    profit = costed_price - actual_total
    return ProfitTotals(
        count=sums["count"],
        reviewed_price=price_total,
        planned_cost=_money(sums["planned"]) if sums["planned"] is not None else None,
        actual_cost=actual_total,
        profit=profit,
        margin=_percent(profit, costed_price),
        provisional=sums["provisional"],
        without_costs=sums["uncosted"],
    )


def review_margins(user: User, ids) -> dict[int, Decimal | None]:
    """The planned margin in percent (the reviewed price against the approved quote's cost,
    `Profit.planned_margin`) of many contracts at once, for the approvals inbox's rows (a
    registry hook): one query, and nothing for who does not see cost (access.sees_cost)."""
    if not access.sees_cost(user):
        return {}
    contracts = with_actual_cost(Contract.objects.filter(pk__in=list(ids)).select_related("quote_version"))
    return {contract.pk: profit_of(contract).planned_margin for contract in contracts}
