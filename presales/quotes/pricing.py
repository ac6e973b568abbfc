"""Quote arithmetic: pure functions over Decimal (no ORM, no float).

Rules (documented once, used by the pages, the exports and the approval routing):

* line amount (含税金额) = quantity × unit price × (1 − discount/100), rounded to the fen
  (0.01 yuan) with ROUND_HALF_UP;
* line cost = quantity × unit cost, rounded the same way (None when the line has no cost);
* a section subtotal is the sum of its (already rounded) line amounts, and the total is the sum
  of the line amounts — so the total always equals the sum of the lines exactly: rounding
  happens once per line and never loses or invents a fen afterwards;
* net of tax per line = amount / (1 + tax rate/100), rounded per line; tax = amount − net;
* gross margin amount = total amount − total cost; margin percent = margin / total × 100
  rounded to 0.01 (None when the total is 0). Lines without a cost count as cost 0 and are
  reported in `missing_cost` so the page can warn that the margin is overstated;
* a version's total and total cost stay within TOTAL_MAX (presales.lib.bounds): each line is
  bounded by its fields' validators, but many lines could still outgrow the column, so the
  services refuse the change that would take a total beyond it (`over_limit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from presales.lib.bounds import TOTAL_MAX, show
from presales.lib.numbers import CENT, money  # noqa: F401 (CENT re-exported: the quote arithmetic's fen)

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def line_amount(quantity, unit_price, discount_percent=ZERO) -> Decimal:
    factor = Decimal(1) - Decimal(discount_percent or 0) / HUNDRED
    return money(Decimal(quantity) * Decimal(unit_price) * factor)


def line_cost(quantity, unit_cost) -> Decimal | None:
    if unit_cost is None:
        return None
    return money(Decimal(quantity) * Decimal(unit_cost))


def line_net(amount, tax_rate) -> Decimal:
    return money(Decimal(amount) / (Decimal(1) + Decimal(tax_rate or 0) / HUNDRED))


def margin_percent(total, cost) -> Decimal | None:
    total = Decimal(total)
    if total == 0:
        return None
    return money((total - Decimal(cost)) / total * HUNDRED)


@dataclass
class LineFigures:
    amount: Decimal
    cost: Decimal | None
    net: Decimal
    tax: Decimal


@dataclass
class SectionTotal:
    key: object
    amount: Decimal = ZERO
    cost: Decimal = ZERO
    lines: int = 0


@dataclass
class Totals:
    sections: list[SectionTotal] = field(default_factory=list)
    total: Decimal = ZERO
    cost: Decimal = ZERO
    net: Decimal = ZERO
    tax: Decimal = ZERO
    missing_cost: int = 0
    lines: int = 0

    @property
    def margin(self) -> Decimal:
        return self.total - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        return margin_percent(self.total, self.cost)


def figures(line) -> LineFigures:
    """The figures of one line: any object with quantity, unit_price, discount_percent,
    unit_cost and tax_rate attributes."""
    amount = line_amount(line.quantity, line.unit_price, line.discount_percent)
    net = line_net(amount, line.tax_rate)
    return LineFigures(amount=amount, cost=line_cost(line.quantity, line.unit_cost), net=net, tax=amount - net)


def summarize(lines: Iterable, section_key=lambda line: getattr(line, "section_id", None)) -> Totals:
    """Totals of a quote version; sections in the order their first line appears."""
    totals = Totals()
    by_key: dict = {}
    for line in lines:
        f = figures(line)
        key = section_key(line)
        section = by_key.get(key)
        if section is None:
            section = by_key[key] = SectionTotal(key=key)
            totals.sections.append(section)
        section.amount += f.amount
        section.lines += 1
        totals.total += f.amount
        totals.net += f.net
        totals.tax += f.tax
        totals.lines += 1
        if f.cost is None:
            totals.missing_cost += 1
        else:
            section.cost += f.cost
            totals.cost += f.cost
    return totals


def over_limit(after: Totals, before: Totals | None = None) -> list[str]:
    """Why a change that takes the version's total or cost above TOTAL_MAX is refused. A change
    that lowers a figure already above it (a version from before the bounds) goes through, so
    such a version can be mended line by line."""
    problems = []
    if after.total > TOTAL_MAX and (before is None or after.total > before.total):
        problems.append(
            _(
                "The quote total would be %(total)s, more than the %(limit)s a quote version can hold: "
                "lower a quantity or a price, or split the quote."
            )
            % {"total": show(after.total, money=True), "limit": show(TOTAL_MAX, money=True)}
        )
    if after.cost > TOTAL_MAX and (before is None or after.cost > before.cost):
        problems.append(
            _(
                "The total cost would be %(total)s, more than the %(limit)s a quote version can hold: "
                "lower a quantity or a unit cost."
            )
            % {"total": show(after.cost, money=True), "limit": show(TOTAL_MAX, money=True)}
        )
    return problems
