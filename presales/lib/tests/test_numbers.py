from decimal import Decimal

import pytest
from django.template import Context, Template

from presales.lib.numbers import plain


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("150.000"), "150"),
        (Decimal("10"), "10"),
        (Decimal("1000.0"), "1000"),
        (Decimal("2.500"), "2.5"),
        (Decimal("0.001"), "0.001"),
        (None, ""),
    ],
)
def test_plain_never_uses_scientific_notation(value, shown):
    assert plain(value) == shown


def test_plain_filter_is_available_in_every_template():
    assert Template("{{ q|plain }} A").render(Context({"q": Decimal("150.000")})) == "150 A"
