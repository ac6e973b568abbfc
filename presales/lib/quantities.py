"""Stated values in requirement and answer texts, and whether an offer meets a requirement.

A tender clause such as "稳压精度 ≤±0.5 %" or "红外距离应不小于 80 m" states a value with a
comparator and a unit; so does a library answer ("效率 ≥ 95 %"). `find_quantities` reads them
(full-width characters, Chinese comparator words, ranges, tolerances), `compare` decides one
pair and `deviation_between` pairs the values of a requirement with those of an answer:

| result     | 偏离   | when                                                              |
| ---------- | ------ | ----------------------------------------------------------------- |
| "positive" | 正偏离 | the offer is better than asked in the requirement's direction       |
| "none"     | 无偏离 | the offer just meets it                                             |
| "negative" | 负偏离 | the offer fails it (50 m where ≥ 80 m is asked)                     |
| "unknown"  | —      | nothing comparable (no values, other units, no direction)           |

Values are kept in the base unit of their dimension (30 天 → 2,592,000 s, 2 kW → 2000 W,
1 TB → 2**40 B), so "≥ 72 小时" compares with "3 天". Rules, and why:
- A range requirement ("-5℃~+40℃", "85~285 V") is an operating range: an offered range must
  cover it (wider is better); a single offered value must lie in it.
- A tolerance ("±0.5 %") compares magnitudes: ±0.2 % and "≤ 0.3 %" are better than ±0.5 %.
- "优于" (better than) takes its direction from the parameter name: lower is better for
  精度/误差/纹波/噪声/损耗/时间…, higher otherwise.
- Two plain values that differ ("48 V" asked, "60 V" offered) are "unknown": without a
  comparator nothing says which way is better, so a person decides.
- Numbers inside model codes (IMPS48/150), clause numbers (5.1.1) and years (2014年) are not
  values: a number needs a unit or a comparator, and one glued to letters is part of a code
  (except DC/AC: "DC48V").
This module knows no model and imports no app (presales.lib).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

__all__ = ["Comparison", "Quantity", "compare", "deviation_between", "find_quantities"]

COMPARATORS = ("<=", ">=", "<", ">", "=", "±", "range")
RESULTS = ("positive", "none", "negative", "unknown")
MAX_DIGITS = 18


@dataclass(frozen=True)
class Quantity:
    name: str
    comparator: str
    value: Decimal
    high: Decimal | None
    unit: str
    text: str


@dataclass(frozen=True)
class Comparison:
    result: str
    reason: str
    required: Quantity | None
    offered: Quantity | None


# Units ------------------------------------------------------------------------------------

_K = Decimal(1024)
# written form → (canonical unit, factor to it)
UNITS: dict[str, tuple[str, Decimal]] = {
    "%": ("%", Decimal(1)),
    "‰": ("%", Decimal("0.1")),
    # voltage
    "kV": ("V", Decimal(1000)),
    "KV": ("V", Decimal(1000)),
    "kv": ("V", Decimal(1000)),
    "千伏": ("V", Decimal(1000)),
    "V": ("V", Decimal(1)),
    "v": ("V", Decimal(1)),
    "Vdc": ("V", Decimal(1)),
    "VDC": ("V", Decimal(1)),
    "Vac": ("V", Decimal(1)),
    "VAC": ("V", Decimal(1)),
    "伏": ("V", Decimal(1)),
    "mV": ("V", Decimal("0.001")),
    "毫伏": ("V", Decimal("0.001")),
    # current
    "kA": ("A", Decimal(1000)),
    "KA": ("A", Decimal(1000)),
    "A": ("A", Decimal(1)),
    "安培": ("A", Decimal(1)),
    "mA": ("A", Decimal("0.001")),
    # power
    "MW": ("W", Decimal(1_000_000)),
    "kW": ("W", Decimal(1000)),
    "KW": ("W", Decimal(1000)),
    "kw": ("W", Decimal(1000)),
    "千瓦": ("W", Decimal(1000)),
    "W": ("W", Decimal(1)),
    "w": ("W", Decimal(1)),
    "瓦": ("W", Decimal(1)),
    "mW": ("W", Decimal("0.001")),
    "MVA": ("VA", Decimal(1_000_000)),
    "kVA": ("VA", Decimal(1000)),
    "KVA": ("VA", Decimal(1000)),
    "kva": ("VA", Decimal(1000)),
    "VA": ("VA", Decimal(1)),
    "kWh": ("Wh", Decimal(1000)),
    "KWh": ("Wh", Decimal(1000)),
    "Wh": ("Wh", Decimal(1)),
    # battery capacity
    "Ah": ("Ah", Decimal(1)),
    "AH": ("Ah", Decimal(1)),
    "ah": ("Ah", Decimal(1)),
    "安时": ("Ah", Decimal(1)),
    "mAh": ("Ah", Decimal("0.001")),
    # length, area, volume, speed
    "km": ("m", Decimal(1000)),
    "公里": ("m", Decimal(1000)),
    "千米": ("m", Decimal(1000)),
    "m": ("m", Decimal(1)),
    "米": ("m", Decimal(1)),
    "cm": ("m", Decimal("0.01")),
    "厘米": ("m", Decimal("0.01")),
    "mm": ("m", Decimal("0.001")),
    "毫米": ("m", Decimal("0.001")),
    "m²": ("m²", Decimal(1)),
    "m2": ("m²", Decimal(1)),
    "平方米": ("m²", Decimal(1)),
    "mm²": ("m²", Decimal("0.000001")),
    "mm2": ("m²", Decimal("0.000001")),
    "m³": ("m³", Decimal(1)),
    "m3": ("m³", Decimal(1)),
    "立方米": ("m³", Decimal(1)),
    "m/s": ("m/s", Decimal(1)),
    "英寸": ("in", Decimal(1)),
    "寸": ("in", Decimal(1)),
    # time (years are their own dimension: a warranty is counted in years, not seconds)
    "ms": ("s", Decimal("0.001")),
    "毫秒": ("s", Decimal("0.001")),
    "s": ("s", Decimal(1)),
    "秒": ("s", Decimal(1)),
    "min": ("s", Decimal(60)),
    "分钟": ("s", Decimal(60)),
    "h": ("s", Decimal(3600)),
    "小时": ("s", Decimal(3600)),
    "天": ("s", Decimal(86400)),
    "周": ("s", Decimal(604800)),
    "星期": ("s", Decimal(604800)),
    "个星期": ("s", Decimal(604800)),
    "工作日": ("s", Decimal(86400)),
    "个工作日": ("s", Decimal(86400)),
    "个小时": ("s", Decimal(3600)),
    "年": ("year", Decimal(1)),
    "个月": ("year", Decimal(1) / Decimal(12)),
    # data and bandwidth (binary multiples for storage)
    "PB": ("B", _K**5),
    "TB": ("B", _K**4),
    "GB": ("B", _K**3),
    "MB": ("B", _K**2),
    "KB": ("B", _K),
    "kB": ("B", _K),
    "Byte": ("B", Decimal(1)),
    "Gbps": ("bit/s", Decimal(1_000_000_000)),
    "Gb/s": ("bit/s", Decimal(1_000_000_000)),
    "Mbps": ("bit/s", Decimal(1_000_000)),
    "Mb/s": ("bit/s", Decimal(1_000_000)),
    "Kbps": ("bit/s", Decimal(1000)),
    "kbps": ("bit/s", Decimal(1000)),
    "kb/s": ("bit/s", Decimal(1000)),
    "bps": ("bit/s", Decimal(1)),
    # sound, frequency, mass, temperature, resistance, light
    "dB(A)": ("dB", Decimal(1)),
    "dBA": ("dB", Decimal(1)),
    "dB": ("dB", Decimal(1)),
    "DB": ("dB", Decimal(1)),
    "db": ("dB", Decimal(1)),
    "分贝": ("dB", Decimal(1)),
    "dBm": ("dBm", Decimal(1)),
    "GHz": ("Hz", Decimal(1_000_000_000)),
    "MHz": ("Hz", Decimal(1_000_000)),
    "kHz": ("Hz", Decimal(1000)),
    "KHz": ("Hz", Decimal(1000)),
    "Hz": ("Hz", Decimal(1)),
    "HZ": ("Hz", Decimal(1)),
    "hz": ("Hz", Decimal(1)),
    "赫兹": ("Hz", Decimal(1)),
    "t": ("kg", Decimal(1000)),
    "吨": ("kg", Decimal(1000)),
    "kg": ("kg", Decimal(1)),
    "KG": ("kg", Decimal(1)),
    "Kg": ("kg", Decimal(1)),
    "公斤": ("kg", Decimal(1)),
    "千克": ("kg", Decimal(1)),
    "g": ("kg", Decimal("0.001")),
    "克": ("kg", Decimal("0.001")),
    "°C": ("°C", Decimal(1)),
    "度": ("°C", Decimal(1)),
    "MΩ": ("Ω", Decimal(1_000_000)),
    "kΩ": ("Ω", Decimal(1000)),
    "Ω": ("Ω", Decimal(1)),
    "mΩ": ("Ω", Decimal("0.001")),
    "欧": ("Ω", Decimal(1)),
    "lux": ("lx", Decimal(1)),
    "lx": ("lx", Decimal(1)),
    "Lux": ("lx", Decimal(1)),
    "fps": ("fps", Decimal(1)),
    "帧/秒": ("fps", Decimal(1)),
    "帧": ("fps", Decimal(1)),
    "像素": ("像素", Decimal(1)),
    "U": ("U", Decimal(1)),
    # counts: each its own unit ("≥ 64 路" compares with "128 路")
    **{
        word: (word, Decimal(1))
        for word in ("路", "个", "台", "块", "只", "套", "组", "芯", "口", "次", "颗", "根", "核", "线程")
    },
    "通道": ("路", Decimal(1)),
}
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def _unit_pattern() -> str:
    parts = []
    for unit in sorted(UNITS, key=len, reverse=True):
        escaped = re.escape(unit)
        # an ASCII unit ends where the letters end: "5 m" is metres, "5 mins" is not "m"
        parts.append(escaped + r"(?![A-Za-z])" if unit[-1].isascii() and unit[-1].isalpha() else escaped)
    return "|".join(parts)


# Comparators ------------------------------------------------------------------------------

_WORDS_PREFIX = {
    # words → comparator; a leading 不/不得/不应 flips a strict one (不低于 = at least)
    "大于或等于": ">=",
    "大于等于": ">=",
    "小于或等于": "<=",
    "小于等于": "<=",
    "至少": ">=",
    "最少": ">=",
    "最多": "<=",
    "至多": "<=",
    "达到": ">=",
    "可达": ">=",
    "高达": ">=",
    "大于": ">",
    "高于": ">",
    "多于": ">",
    "长于": ">",
    "超过": ">",
    "超出": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "短于": "<",
    "优于": "better",
    "劣于": "worse",
    "等于": "=",
}
_NEGATIONS = ("不得", "不应", "不能", "不可", "不宜", "不")
_SYMBOLS = {"<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "<": "<", ">": ">", "=": "=", "==": "="}
_FLIP = {">": "<=", "<": ">=", ">=": "<", "<=": ">", "better": "worse", "worse": "better", "=": "="}
_SUFFIXES = {
    "及以上": ">=",
    "或以上": ">=",
    "以上": ">=",
    "或更高": ">=",
    "或更大": ">=",
    "或更多": ">=",
    "或更长": ">=",
    "及以下": "<=",
    "或以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "或更低": "<=",
    "或更小": "<=",
    "或更少": "<=",
    "或更短": "<=",
}
# "优于" points down for these parameters (smaller is better), up for the others
LOWER_IS_BETTER = (
    "精度",
    "误差",
    "偏差",
    "纹波",
    "噪声",
    "噪音",
    "杂音",
    "损耗",
    "功耗",
    "时间",
    "延时",
    "延迟",
    "时延",
    "漂移",
    "失真",
    "谐波",
    "畸变",
    "不平衡",
    "温升",
    "丢包",
    "误码",
    "重量",
    "体积",
    "能耗",
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CMP = (
    r"(?P<cmp>(?:(?:" + _alternation(_NEGATIONS) + r")?(?:" + _alternation(_WORDS_PREFIX) + r"))"
    r"|<=|>=|≤|≥|==|<|>|=)"
)
# Atomic, and never starting inside another number: a long digit run costs its length once
# (with backtracking, or a start at every digit, "99…9." would cost its length squared).
_NUMBER = r"(?<![\d.])(?>[-+]?\d+(?:,\d{3})*(?:\.\d+)?)"
_PLUS_MINUS = r"(?:±|\+/-|\+-)"
_UNIT = _unit_pattern()
_QUANTITY = re.compile(
    r"(?:" + _CMP + r"\s*)?"
    r"(?P<pm>" + _PLUS_MINUS + r"\s*)?"
    r"(?P<n1>" + _NUMBER + r")(?![.\d])\s*(?P<m1>[万亿])?\s*(?P<u1>" + _UNIT + r")?"
    r"(?:\s*(?P<sep>~|～|〜|至|到|—|–|-)\s*(?:(?:AC|DC|ac|dc)\s*)?(?:" + _PLUS_MINUS + r")?"
    r"(?P<n2>" + _NUMBER + r")(?![.\d])\s*(?P<m2>[万亿])?\s*(?P<u2>" + _UNIT + r")?)?"
    r"(?:\s*(?P<suffix>" + _alternation(_SUFFIXES) + r"))?"
)
_IP = re.compile(
    r"(?:" + _CMP + r"\s*)?(?<![A-Za-z])IP\s*(?P<d>[0-9X]{2})(?![0-9])(?:\s*(?P<suffix>及以上|或以上|以上))?"
)

_NAME_STOP = re.compile(r"[，,；;。、\n\t（）()【】\[\]:：/]")
_NAME_LEAD = re.compile(r"^(?:[★▲☆△*\s]|\d+(?:\.\d+)*[.、)）]?|[(（]\d+[)）]|[a-z][.)）])+")
_NAME_TRAIL = (
    "必须",
    "应当",
    "应能",
    "要求",
    "需要",
    "达到",
    "可达",
    "应",
    "须",
    "需",
    "为",
    "均",
    "都",
    "也",
    "不",
    "可",
    "能",
    "宜",
    "达",
    "在",
    "是",
    "约",
    "DC",
    "AC",
    "dc",
    "ac",
    "≤",
    "≥",
    "=",
)
_NAME_MAX = 30

# full-width and look-alike characters that NFKC leaves alone (or turns into something else)
_CHAR_MAP = {
    "≦": "≤",
    "≧": "≥",
    "〜": "~",
    "～": "~",
    "－": "-",
    "−": "-",
    "—": "—",
    "–": "–",
    "℃": "°C",
    "㎜": "mm",
    "㎞": "km",
    "㎏": "kg",
}


def _normalize(text: str) -> tuple[str, list[int]]:
    """Half-width text and, for each of its characters, the index of the source character it
    came from (so a quantity's `text` is the span as the user wrote it)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _CHAR_MAP:
            piece = _CHAR_MAP[char]
        elif "CIRCLED" in unicodedata.name(char, "") or "PARENTHESIZED" in unicodedata.name(char, ""):
            piece = " "  # ① is a list mark, not the number 1
        else:
            piece = unicodedata.normalize("NFKC", char)
            if piece == "°C":
                piece = "°C"
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def _decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _comparator(word: str | None) -> str | None:
    if not word:
        return None
    if word in _SYMBOLS:
        return _SYMBOLS[word]
    for negation in _NEGATIONS:
        if word.startswith(negation) and word[len(negation) :] in _WORDS_PREFIX:
            return _FLIP[_WORDS_PREFIX[word[len(negation) :]]]
    return _WORDS_PREFIX.get(word)


def _glued_to_code(normalized: str, start: int) -> bool:
    """A number right after letters or digits belongs to a code (IMPS48, GB/T 5044.2),
    except after DC/AC ("DC48V")."""
    if start == 0:
        return False
    before = normalized[start - 1]
    if before.isdigit() or before == ".":
        return True
    if before.isascii() and before.isalpha():
        letters = re.search(r"[A-Za-z]+$", normalized[max(0, start - 3) : start]).group(0)
        return letters.upper() not in ("DC", "AC")
    return False


def _name_before(normalized: str, start: int, floor: int) -> str:
    # a name is a few words: the window before the value is bounded (a long text without
    # separators would otherwise be read again for every number in it)
    prefix = normalized[max(floor, start - 4 * _NAME_MAX) : start].rstrip(" \t:：=")
    prefix = re.sub(r"\d+\s*[×xX*]\s*$", "", prefix).rstrip(" \t:：=")  # 2×500Ah: the count is no name
    prefix = re.sub(r"(?:AC|DC|ac|dc)$", "", prefix).rstrip(" \t:：=")  # 输入电压：AC 220V
    pieces = _NAME_STOP.split(prefix)
    name = pieces[-1] if pieces else ""
    name = _NAME_LEAD.sub("", name).strip()
    changed = True
    while changed and name:
        changed = False
        for word in _NAME_TRAIL:
            if name.endswith(word):
                name = name[: -len(word)].rstrip()
                changed = True
    return name[-_NAME_MAX:].strip()


def _source(text: str, origin: list[int], start: int, end: int) -> str:
    while end > start and origin and text[origin[end - 1]].isspace():
        end -= 1
    if start >= end:
        return ""
    return text[origin[start] : origin[end - 1] + 1]


def _direction(comparator: str, name: str) -> str:
    lower = any(word in name for word in LOWER_IS_BETTER)
    if comparator == "better":
        return "<=" if lower else ">="
    return ">=" if lower else "<="  # "worse than" / "不优于": the other way


def find_quantities(text: str) -> list[Quantity]:
    """The stated values of `text` in order: "效率≥93%，稳压精度≤±0.5%" → two quantities."""
    if not text:
        return []
    return [quantity for quantity, _context in _find(text)]


@functools.lru_cache(maxsize=4096)  # a clause is compared with several candidate answers
def _find(text: str) -> tuple[tuple[Quantity, str], ...]:
    """Each quantity with its context for pairing: its name and the words right after it
    ("≤2小时响应": the parameter may follow the value)."""
    normalized, origin = _normalize(text)
    found: list[tuple[int, int, Quantity]] = []
    for match in _IP.finditer(normalized):
        comparator = _comparator(match.group("cmp")) or ">="  # an IP grade is a minimum
        if match.group("suffix"):
            comparator = ">="
        digits = match.group("d").replace("X", "0")
        name = _name_before(normalized, match.start(), 0)
        found.append(
            (
                match.start(),
                match.end(),
                Quantity(name, comparator, Decimal(digits), None, "IP", _source(text, origin, *match.span())),
            )
        )
    taken = [(s, e) for s, e, _q in found]
    position = 0
    floor = 0
    while True:
        match = _QUANTITY.search(normalized, position)
        if match is None:
            break
        # a rejected number is skipped whole: no value starts inside a number, and restarting
        # one digit on would make a long digit run cost its length squared
        position = max(match.start() + 1, match.end("n1"))
        quantity = _quantity(text, normalized, origin, match, floor)
        if quantity is None or any(s < match.end() and match.start() < e for s, e in taken):
            continue
        found.append((match.start(), match.end(), quantity))
        position = floor = match.end()
    found.sort(key=lambda item: item[0])
    found = _tolerances(text, normalized, origin, found)
    contexts = []
    for index, (_start, end, quantity) in enumerate(found):
        limit = found[index + 1][0] if index + 1 < len(found) else len(normalized)
        after = _NAME_STOP.split(normalized[end:limit], 1)[0][:_NAME_MAX]
        contexts.append((quantity, quantity.name + " " + after))
    return tuple(contexts)


def _tolerances(text, normalized, origin, found):
    """A value followed by a tolerance is the range it allows: 380V±15% → 323 V..437 V,
    22℃±2℃ → 20..24 ℃ (a tolerance in % is relative, one in the value's unit absolute)."""
    merged: list[tuple[int, int, Quantity]] = []
    for start, end, quantity in found:
        if merged:
            last_start, last_end, last = merged[-1]
            if (
                last.comparator == "="
                and last.unit not in ("", "%", "IP")
                and quantity.comparator == "±"
                and quantity.unit in ("%", last.unit)
                and not normalized[last_end:start].strip()
            ):
                spread = last.value * quantity.value / 100 if quantity.unit == "%" else quantity.value
                low, high = sorted((last.value - abs(spread), last.value + abs(spread)))
                span = _source(text, origin, last_start, end)
                merged[-1] = (last_start, end, Quantity(last.name, "range", low, high, last.unit, span))
                continue
        merged.append((start, end, quantity))
    return merged


def _quantity(text, normalized, origin, match, floor) -> Quantity | None:
    word, plus_minus = match.group("cmp"), match.group("pm")
    if not word and not plus_minus and _glued_to_code(normalized, match.start("n1")):
        return None
    low = _decimal(match.group("n1"))
    high = _decimal(match.group("n2")) if match.group("n2") else None
    written_unit = match.group("u2") or match.group("u1") if high is not None else match.group("u1")
    if low is None or (match.group("n2") and high is None):
        return None
    if max(len(match.group("n1")), len(match.group("n2") or "")) > MAX_DIGITS:
        return None  # a serial number or garbage, not a stated value
    comparator = _comparator(word)
    suffix = _SUFFIXES.get(match.group("suffix") or "")
    name = _name_before(normalized, match.start(), floor)
    if not written_unit and comparator is None and suffix is None and not plus_minus:
        # a bare number is a clause number, a code or a count, unless it is a named decimal
        # ("功率因数 0.99")
        if high is not None or not re.search(r"[\u4e00-\u9fff]", name) or "." not in match.group("n1"):
            return None
    if high is not None and match.group("sep") == "-" and not written_unit:
        return None  # "17626.2-2018": a standard's number and year, not a range
    if written_unit == "年" and high is None and low >= 1900 and low == low.to_integral() and comparator is None:
        return None  # a date (2014年), not a duration
    unit, factor = UNITS[written_unit] if written_unit else ("", Decimal(1))
    first_factor = factor
    if high is not None and match.group("u1") and match.group("u2"):
        first_factor = UNITS[match.group("u1")][1]
    low = low * first_factor * _MULTIPLIERS.get(match.group("m1") or "", Decimal(1))
    span = _source(text, origin, match.start(), match.end())
    if high is not None:
        high = high * factor * _MULTIPLIERS.get(match.group("m2") or "", Decimal(1))
        if high < low:
            low, high = high, low
        return Quantity(name, "range", low, high, unit, span)
    if plus_minus:
        return Quantity(name, "±", abs(low), None, unit, span)
    if comparator in ("better", "worse"):
        comparator = _direction(comparator, name)
    return Quantity(name, comparator or suffix or "=", low, None, unit, span)


# Comparing --------------------------------------------------------------------------------


def _reason(result: str, required: Quantity, offered: Quantity, *, units: bool = False) -> str:
    values = {"required": required.text, "offered": offered.text}
    if result == "positive":
        return _("Required %(required)s, offered %(offered)s: better than required (positive deviation).") % values
    if result == "none":
        return _("Required %(required)s, offered %(offered)s: meets the requirement (no deviation).") % values
    if result == "negative":
        return (
            _("Required %(required)s, offered %(offered)s: does not meet the requirement (negative deviation).")
            % values
        )
    if units:
        return _("Required %(required)s, offered %(offered)s: different units, not comparable.") % values
    return _("Required %(required)s, offered %(offered)s: the values cannot be compared, to be confirmed.") % values


def _lower_bound(q: Quantity) -> tuple[Decimal, bool] | None:
    """The least value the offer guarantees, and whether it is exceeded strictly."""
    if q.comparator in ("=", ">=", "range"):
        return q.value, False
    if q.comparator == ">":
        return q.value, True
    return None


def _upper_bound(q: Quantity) -> tuple[Decimal, bool] | None:
    if q.comparator in ("=", "<="):
        return q.value, False
    if q.comparator == "<":
        return q.value, True
    if q.comparator == "range":
        return q.high, False
    return None


def _magnitude(q: Quantity) -> tuple[Decimal, bool] | None:
    """The largest deviation from zero a tolerance-like value allows (±0.5 %, ≤ 0.5 %, 0.5 %)."""
    if q.comparator in ("±", "<=", "="):
        return abs(q.value), False
    if q.comparator == "<":
        return abs(q.value), True
    if q.comparator == "range":
        return max(abs(q.value), abs(q.high)), False
    return None


def _at_least(limit: tuple[Decimal, bool], got: tuple[Decimal, bool] | None) -> str:
    if got is None:
        return "unknown"
    (wanted, strict), (value, value_strict) = limit, got
    if value > wanted:
        return "positive"
    if value == wanted and (value_strict or not strict):
        return "none"
    return "negative"


def _at_most(limit: tuple[Decimal, bool], got: tuple[Decimal, bool] | None) -> str:
    if got is None:
        return "unknown"
    (wanted, strict), (value, value_strict) = limit, got
    if value < wanted:
        return "positive"
    if value == wanted and (value_strict or not strict):
        return "none"
    return "negative"


def _ip_grade(required: Quantity, offered: Quantity) -> str:
    wanted, got = f"{int(required.value):02d}", f"{int(offered.value):02d}"
    if offered.comparator not in ("=", ">="):
        return "unknown"
    if any(g < w for w, g in zip(wanted, got, strict=True)):
        return "negative"
    return "none" if got == wanted else "positive"


def _result(required: Quantity, offered: Quantity) -> str:
    wanted = required.comparator
    if required.unit == "IP":
        return _ip_grade(required, offered)
    if wanted == "±" or (offered.comparator == "±" and wanted in ("<=", "<", "=")):
        limit = _magnitude(required)
        return _at_most(limit, _magnitude(offered)) if limit else "unknown"
    if wanted in (">=", ">"):
        return _at_least((required.value, wanted == ">"), _lower_bound(offered))
    if wanted in ("<=", "<"):
        return _at_most((required.value, wanted == "<"), _upper_bound(offered))
    if wanted == "range":
        if offered.comparator == "range":  # an operating range: the offer must cover it
            if offered.value <= required.value and offered.high >= required.high:
                return "none" if (offered.value, offered.high) == (required.value, required.high) else "positive"
            return "negative"
        if offered.comparator == "=":
            return "none" if required.value <= offered.value <= required.high else "negative"
        return "unknown"
    if offered.comparator == "=" and offered.value == required.value:
        return "none"
    return "unknown"  # two plain values that differ: no comparator says which way is better


def compare(required: Quantity, offered: Quantity) -> Comparison:
    """Whether `offered` meets `required` (see the module docstring for the rules)."""
    if required.unit != offered.unit:
        return Comparison("unknown", _reason("unknown", required, offered, units=True), required, offered)
    result = _result(required, offered)
    return Comparison(result, _reason(result, required, offered), required, offered)


# Pairing ----------------------------------------------------------------------------------

# A pair that fails decides; then one that cannot be decided; then one better than asked (the
# others meeting it exactly: 12 V = 12 V and 100 Ah ≥ 65 Ah is a positive deviation).
_SEVERITY = {"negative": 3, "unknown": 2, "positive": 1, "none": 0}
# generic characters that say nothing of the parameter (效率 and 负载率 share only 率)
_NAME_NOISE = set("的之和与及或其在为应须需不可能我方本公司满足要求均时间率度量值性数后内以上下")


def _meaningful(context: str) -> bool:
    return any(c not in _NAME_NOISE and not c.isspace() for c in context)


def _name_overlap(a: str, b: str) -> float:
    left = {c for c in a if c not in _NAME_NOISE and not c.isspace()}
    right = {c for c in b if c not in _NAME_NOISE and not c.isspace()}
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def deviation_between(requirement_text: str, answer_text: str) -> Comparison:
    """The deviation of an answer from a requirement, from the values both state.

    Each stated value of the requirement is paired with the answer's value of the same unit
    whose words (the parameter name before it and the words right after it) share most
    characters; a value without such words pairs with any of its unit, two with nothing in
    common never pair. Several pairs: negative if any is, else unknown if any is, else positive
    if any is, else none; the reason lists each pair. Nothing paired: "unknown"."""
    required_values = _find(requirement_text) if requirement_text else ()
    offered_values = _find(answer_text) if answer_text else ()
    used: set[int] = set()
    pairs: list[Comparison] = []
    missing: list[Quantity] = []
    for required, required_context in required_values:
        best, best_score = None, -1.0
        for index, (offered, offered_context) in enumerate(offered_values):
            if index in used or offered.unit != required.unit:
                continue
            score = _name_overlap(required_context, offered_context)
            if _meaningful(required_context) and _meaningful(offered_context) and score == 0:
                continue
            if score > best_score:
                best, best_score = index, score
        if best is None:
            missing.append(required)
            continue
        used.add(best)
        pairs.append(compare(required, offered_values[best][0]))
    if not pairs:
        return Comparison("unknown", _("No comparable values in the requirement and the answer."), None, None)
    worst = max(pairs, key=lambda c: _SEVERITY[c.result])  # first of the worst
    reasons = [c.reason for c in pairs]
    reasons += [_("The answer states no value for %(required)s.") % {"required": q.text} for q in missing]
    return Comparison(worst.result, " ".join(reasons), worst.required, worst.offered)
