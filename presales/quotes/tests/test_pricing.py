"""Property-based tests of the quote arithmetic (presales.quotes.pricing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from presales.quotes import pricing


@dataclass
class L:
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    unit_cost: Decimal | None
    tax_rate: Decimal
    section_id: int


quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3)
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
lines = st.lists(
    st.builds(
        L,
        quantity=quantities,
        unit_price=prices,
        discount_percent=percents,
        unit_cost=st.one_of(st.none(), prices),
        tax_rate=st.sampled_from([Decimal("0"), Decimal("6"), Decimal("9"), Decimal("13")]),
        section_id=st.integers(min_value=1, max_value=4),
    ),
    max_size=30,
)


@given(lines)
def test_total_is_exactly_the_sum_of_lines_and_of_sections(rows):
    totals = pricing.summarize(rows)
    amounts = [pricing.line_amount(r.quantity, r.unit_price, r.discount_percent) for r in rows]
    assert totals.total == sum(amounts, Decimal("0"))
    assert totals.total == sum((s.amount for s in totals.sections), Decimal("0"))
    assert totals.total.as_tuple().exponent == -2
    assert totals.net + totals.tax == totals.total
    assert totals.lines == len(rows)
    assert totals.missing_cost == sum(1 for r in rows if r.unit_cost is None)


@given(quantities, prices, percents)
def test_line_rounding_never_loses_or_invents_a_fen(quantity, price, discount):
    exact = quantity * price * (1 - discount / 100)
    amount = pricing.line_amount(quantity, price, discount)
    assert amount.as_tuple().exponent == -2
    assert abs(amount - exact) <= Decimal("0.005")  # at most half a fen, once per line


@given(prices, prices)
def test_margin_percent(total, cost):
    percent = pricing.margin_percent(total, cost)
    if total == 0:
        assert percent is None
    else:
        assert abs(percent - (total - cost) / total * 100) <= Decimal("0.005")


def test_known_values_and_half_up():
    assert pricing.line_amount(Decimal("3"), Decimal("0.005"), 0) == Decimal("0.02")  # 0.015 → 0.02
    assert pricing.line_amount(Decimal("1"), Decimal("0.125"), 0) == Decimal("0.13")
    assert pricing.line_amount(Decimal("12"), Decimal("9800"), Decimal("5")) == Decimal("111720.00")
    assert pricing.line_net(Decimal("113.00"), Decimal("13")) == Decimal("100.00")
    assert pricing.margin_percent(Decimal("100"), Decimal("75")) == Decimal("25.00")
    assert pricing.margin_percent(Decimal("0"), Decimal("0")) is None
    assert pricing.line_cost(Decimal("2"), None) is None
