"""The bounds of the numbers people type, in one place.

Each limit is a business limit, chosen so that every figure derived from it fits its column:
money columns are Decimal(14, 2) (up to 999,999,999,999.99), quantities Decimal(14, 3). A
quote line's amount is at most QUANTITY_MAX × PRICE_MAX, which a column could not hold, so
the quotes service also refuses the line that would take a version's total above TOTAL_MAX
(presales.quotes.services). SQLite does not enforce a column's precision: a value beyond it is
stored and then cannot be read back (Django's converter raises), so these checks are the only
guard there. TOTAL_MAX keeps 13 significant digits, within the 15 SQLite keeps exactly.

The form fields use the validators (`AtMost`), the services `out_of_range`: both name the
limit as people write it, ¥1,000,000,000.00 or 1,000,000.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from presales.lib.money import yuan

# Money (CNY)
PRICE_MAX = Decimal("1000000000.00")  # one unit price, unit cost or channel price; a list or component price
TOTAL_MAX = Decimal("10000000000.00")  # a quote version's total or cost; a contract, a budget, one actual cost
MONEY_COLUMN_MAX = Decimal("999999999999.99")  # what a Decimal(14, 2) column holds
# Quantities and counts
QUANTITY_MAX = Decimal("1000000")  # units on one quote line (3 decimals)
LEAD_TIME_DAYS_MAX = 3650  # a product's lead time: ten years
HOURS_MAX = Decimal("2000")  # the estimate of one service request: a working year
CURRENT_MAX = Decimal("100000")  # the output current (A) of one configured power system
PARAMETER_MAX = Decimal("1000000000000")  # a typed product parameter (±)
PARAMETER_PLACES = 6  # its decimal places


def show(value, *, money: bool = False) -> str:
    """A limit as people write it: ¥1,000,000,000.00 (money, presales.lib.money) or 1,000,000."""
    if money:
        return yuan(value)
    value = Decimal(value)
    return f"{value.normalize():,f}" if value == value.to_integral_value() else f"{value:,f}"


@deconstructible
class AtMost(MaxValueValidator):
    """MaxValueValidator whose message names the limit as people write it."""

    message = gettext_lazy("Enter a value of at most %(limit)s.")

    def __init__(self, limit_value, money: bool = False):
        super().__init__(limit_value)
        self.money = money

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            raise ValidationError(
                self.message, code=self.code, params={"limit": show(self.limit_value, money=self.money), "value": value}
            )

    def __eq__(self, other):
        if not isinstance(other, AtMost):
            return NotImplemented
        return (self.limit_value, self.money, self.code) == (other.limit_value, other.money, other.code)


def out_of_range(label, value, maximum, *, minimum=Decimal("0"), money: bool = False) -> str | None:
    """The service's message for a value outside [minimum, maximum] ("单价不能超过 ¥1,000,000,000.00"),
    or None. `label` is the field's name as the user reads it."""
    if value is None:
        return None
    params = {"field": capfirst(str(label))}
    if value > maximum:
        return _("%(field)s cannot be more than %(limit)s.") % {**params, "limit": show(maximum, money=money)}
    if minimum is not None and value < minimum:
        return _("%(field)s cannot be less than %(limit)s.") % {**params, "limit": show(minimum, money=money)}
    return None
