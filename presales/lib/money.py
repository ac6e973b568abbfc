"""Money and percentages written one way, everywhere (pages, e-mails, event sentences,
Word exports; Excel writes numbers with `EXCEL_YUAN` / `EXCEL_PERCENT` as number formats).

- `yuan(x)`: the detail form, "¥415,329.40": thousands separators, two decimals rounded half
  up to the cent, a minus before the sign ("-¥1,234.00"), "—" for no value.
- `wan(x)`: the summary form for boards, column totals, the pipeline and charts. In Chinese
  "41.53万元" (two decimals, as Chinese business users read them: 68.00万元; an amount below
  ¥10,000 stays in 万元, 0.42万元, so one column reads in one unit). 万 is a unit of the
  Chinese reading, not a word: in every other language the same summary reads in thousands
  or millions, "¥415.33k", "¥4.15M", which is what an English reader expects.
- `percent(x)`: "39.00%" (two decimals, half up); `x` is already in percent (39 means 39 %),
  as every margin in the product is stored.

Everything is computed in Decimal (a float is read through its shortest repr, never through
binary arithmetic), independent of the locale and of USE_THOUSAND_SEPARATOR. Inputs (form
fields) keep plain numbers; only what is read is formatted.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

from presales.lib.numbers import CENT

NONE = "—"
WAN = Decimal(10000)
THOUSAND = Decimal(1000)
MILLION = Decimal(1000000)

# openpyxl number formats: the cell keeps the number, the sheet shows it like the page.
EXCEL_YUAN = '"¥"#,##0.00;-"¥"#,##0.00'
EXCEL_PERCENT = '0.00"%"'


def to_decimal(value) -> Decimal | None:
    """`value` as a Decimal, or None for no value (None, "", or text that is not a number)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def _grouped(number: Decimal) -> str:
    """|number| rounded half up to the cent, grouped by thousands: 415,329.40."""
    return f"{abs(number).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def _signed(number: Decimal, text: str) -> str:
    # A value that rounds to zero has no sign: -0.004 reads ¥0.00, not -¥0.00.
    return "-" + text if number.quantize(CENT, rounding=ROUND_HALF_UP) < 0 else text


def yuan(value) -> str:
    """¥415,329.40 (see the module docstring); "—" for no value."""
    number = to_decimal(value)
    if number is None:
        return NONE
    return _signed(number, "¥" + _grouped(number))


def _reads_wan() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def wan(value) -> str:
    """41.53万元 in Chinese, ¥415.33k / ¥4.15M in other languages; "—" for no value."""
    number = to_decimal(value)
    if number is None:
        return NONE
    if _reads_wan():
        scaled = number / WAN
        return _signed(scaled, _grouped(scaled) + "万元")
    if abs(number) >= MILLION:
        scaled, unit = number / MILLION, "M"
    else:
        scaled, unit = number / THOUSAND, "k"
    return _signed(scaled, "¥" + _grouped(scaled) + unit)


def percent(value) -> str:
    """39.00% (value already in percent); "—" for no value."""
    number = to_decimal(value)
    if number is None:
        return NONE
    return _signed(number, _grouped(number) + "%")
