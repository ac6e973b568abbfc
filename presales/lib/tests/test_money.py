"""Money and percentages are written one way (presales.lib.money), in Decimal, the same in
every locale but for the unit of the summary form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from presales.lib.money import percent, to_decimal, wan, yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("415329.400000000"), "¥415,329.40"),  # an annotated Sum on SQLite
        ("415329.400000000", "¥415,329.40"),
        (Decimal("579026"), "¥579,026.00"),
        (680000, "¥680,000.00"),
        ("2320440.18", "¥2,320,440.18"),
        (Decimal("42000.00"), "¥42,000.00"),
        (Decimal("0.005"), "¥0.01"),  # half up to the cent, not to even
        (Decimal("0.015"), "¥0.02"),
        (Decimal("2.675"), "¥2.68"),  # a float would give 2.67
        (Decimal("1234.994"), "¥1,234.99"),
        (Decimal("-1234"), "-¥1,234.00"),
        (Decimal("-0.005"), "-¥0.01"),
        (Decimal("-0.004"), "¥0.00"),  # rounds to zero: no sign
        (0, "¥0.00"),
        (Decimal("10000000000.00"), "¥10,000,000,000.00"),
        (Decimal("9999999999.995"), "¥10,000,000,000.00"),
        (Decimal("1000000000.01"), "¥1,000,000,000.01"),
        (None, "—"),
        ("", "—"),
        ("not a number", "—"),
    ],
)
def test_yuan(value, shown):
    assert yuan(value) == shown


def test_yuan_is_exact_for_values_beyond_float_precision():
    assert yuan(Decimal("9999999999999.995")) == "¥10,000,000,000,000.00"
    assert yuan(Decimal("1234567890123.455")) == "¥1,234,567,890,123.46"


def test_a_float_is_read_by_its_shortest_repr():
    assert yuan(2.675) == "¥2.68"
    assert yuan(0.1 + 0.2) == "¥0.30"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("415329.40"), "41.53万元"),
        (Decimal("680000"), "68.00万元"),
        (Decimal("4200"), "0.42万元"),  # below 1万 still in 万元
        (Decimal("49"), "0.00万元"),
        (Decimal("50"), "0.01万元"),  # half up
        (Decimal("-12345"), "-1.23万元"),
        (Decimal("10000000000"), "1,000,000.00万元"),
        ("415329.400000000", "41.53万元"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_wan_in_chinese(value, shown):
    with translation.override("zh-hans"):
        assert wan(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("415329.40"), "¥415.33k"),
        (Decimal("4200"), "¥4.20k"),
        (Decimal("4150000"), "¥4.15M"),
        (Decimal("-1234567"), "-¥1.23M"),
        (Decimal("10000000000"), "¥10,000.00M"),
        (None, "—"),
    ],
)
def test_wan_in_english_reads_thousands_and_millions(value, shown):
    with translation.override("en"):
        assert wan(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("39"), "39.00%"),
        (Decimal("39.005"), "39.01%"),
        (Decimal("-5.5"), "-5.50%"),
        ("12.3456", "12.35%"),
        (Decimal("0"), "0.00%"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_percent(value, shown):
    assert percent(value) == shown


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_detail_and_percent_are_the_same_in_every_language(language, settings):
    settings.USE_THOUSAND_SEPARATOR = False
    with translation.override(language):
        assert yuan("1234567.891") == "¥1,234,567.89"
        assert percent("39") == "39.00%"


def test_to_decimal_refuses_what_is_no_amount():
    assert to_decimal(True) is None
    assert to_decimal("NaN") is None
    assert to_decimal("Infinity") is None
    assert to_decimal("1,234.5") == Decimal("1234.5")


def test_filters_are_available_in_every_template():
    template = Template("{{ a|money }} {{ a|money_wan }} {{ p|percent }} {{ n|money }}")
    with translation.override("zh-hans"):
        shown = template.render(Context({"a": Decimal("415329.400000000"), "p": Decimal("39"), "n": None}))
    assert shown == "¥415,329.40 41.53万元 39.00% —"


def test_excel_keeps_amounts_as_numbers_shown_like_the_pages():
    from io import BytesIO

    from openpyxl import load_workbook

    from presales.lib.excel import build_workbook, money
    from presales.lib.excel import percent as excel_percent
    from presales.lib.money import EXCEL_PERCENT, EXCEL_YUAN

    row = [money("415329.40"), excel_percent("39"), money(None)]
    content = build_workbook("t", ["amount", "margin", "none"], [row])
    sheet = load_workbook(BytesIO(content)).active
    amount, margin, empty = sheet["A2"], sheet["B2"], sheet["C2"]
    assert amount.value == 415329.4 and amount.number_format == EXCEL_YUAN == '"¥"#,##0.00;-"¥"#,##0.00'
    assert margin.value == 39 and margin.number_format == EXCEL_PERCENT
    assert empty.value is None
