"""The configurator (配置): model-code rules as data, and system configurations as a BOM.

A ModelCodeRule's pattern (e.g. ``IMPS{voltage}/{current}``) both parses a model code into
its named fields and builds a code from chosen values; every value is checked against the
field's allowed values. A SystemRule turns the values (and a required output current) into
a bill of materials: the system/cabinet, the rectifier modules with N+x redundancy and the
accessories. The quotes app calls ``configure(...)`` and turns ``Configuration.lines`` into
quote lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from presales.lib.bounds import CURRENT_MAX, QUANTITY_MAX, show
from presales.lib.numbers import plain
from presales.lib.services import ServiceError

if TYPE_CHECKING:
    from presales.catalog.models import Product, SystemRule

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# A field's value in a code: letters, digits and dots, as short as the following literal allows.
VALUE_RE = r"[0-9A-Za-z.]+?"
RANGE_RE = re.compile(r"^\s*(-?\d+)\s*-\s*(-?\d+)\s*$")
MAX_CHOICES = 400  # ranges longer than this are checked, not listed


class CodeError(ServiceError, ValueError):
    """A model code that does not fit its rule, or a value that is not allowed."""


# ---------------------------------------------------------------------------
# Allowed values
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Allowed:
    """The parsed allowed_values of a CodeField: listed values and integer ranges."""

    values: tuple[str, ...] = ()
    ranges: tuple[tuple[int, int], ...] = ()

    @property
    def any(self) -> bool:
        return not self.values and not self.ranges

    def contains(self, value: str) -> bool:
        if self.any:
            return bool(value)
        if value in self.values:
            return True
        if self.ranges and re.fullmatch(r"-?\d+", value) and str(int(value)) == value:
            number = int(value)
            return any(low <= number <= high for low, high in self.ranges)
        return False

    def choices(self) -> list[str] | None:
        """Every allowed value in order, or None when they are not a short finite list."""
        if self.any:
            return None
        result = list(self.values)
        for low, high in self.ranges:
            if len(result) + (high - low + 1) > MAX_CHOICES:
                return None
            result.extend(str(n) for n in range(low, high + 1))
        return result

    def describe(self) -> str:
        parts = list(self.values) + [f"{low}–{high}" for low, high in self.ranges]
        return ", ".join(parts) if parts else _("any")


def parse_allowed(text: str) -> Allowed:
    values, ranges = [], []
    for item in (text or "").replace("，", ",").split(","):
        item = item.strip()
        if not item:
            continue
        match = RANGE_RE.match(item)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            ranges.append((min(low, high), max(low, high)))
        else:
            values.append(item)
    return Allowed(tuple(values), tuple(ranges))


# ---------------------------------------------------------------------------
# Parsing and building codes
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    unit: str
    allowed: Allowed


def rule_fields(rule) -> list[FieldSpec]:
    """The fields of the rule's pattern in pattern order, with their definitions.

    Reads ``rule.fields.all()`` (prefetch it for lists). A placeholder without a CodeField row
    accepts any value and is labelled by its key.
    """
    defined = {f.key: f for f in rule.fields.all()}
    specs = []
    for key in pattern_keys(rule.pattern):
        row = defined.get(key)
        if row is None:
            specs.append(FieldSpec(key, key, "", Allowed()))
        else:
            specs.append(FieldSpec(key, row.label, row.unit, parse_allowed(row.allowed_values)))
    return specs


def pattern_keys(pattern: str) -> list[str]:
    keys = []
    for key in PLACEHOLDER.findall(pattern):
        if key not in keys:
            keys.append(key)
    return keys


def pattern_regex(pattern: str) -> re.Pattern:
    parts, seen, position = [], set(), 0
    for match in PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        key = match.group(1)
        parts.append(f"(?P={key})" if key in seen else f"(?P<{key}>{VALUE_RE})")
        seen.add(key)
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("".join(parts), re.IGNORECASE)


def _check_value(rule, spec: FieldSpec, value: str) -> str | None:
    if not value:
        return _("%(label)s is required.") % {"label": spec.label}
    if not spec.allowed.contains(value):
        return _("%(label)s “%(value)s”%(unit)s is not allowed for %(family)s (allowed: %(allowed)s).") % {
            "label": spec.label,
            "value": value,
            "unit": f" {spec.unit}" if spec.unit else "",
            "family": rule.family,
            "allowed": spec.allowed.describe(),
        }
    return None


def parse_code(rule, code: str) -> dict[str, str]:
    """Split ``code`` into the rule's named fields; raise CodeError saying what is wrong."""
    text = (code or "").strip()
    if not text:
        raise CodeError(_("Enter a model code."))
    match = pattern_regex(rule.pattern).fullmatch(text)
    if match is None:
        raise CodeError(
            _("“%(code)s” does not match the model-code pattern %(pattern)s of %(family)s.")
            % {"code": text, "pattern": rule.pattern_in_words, "family": rule.family}
        )
    values = {key: match.group(key) for key in pattern_keys(rule.pattern)}
    errors = [e for spec in rule_fields(rule) if (e := _check_value(rule, spec, values[spec.key]))]
    if errors:
        raise CodeError(errors)
    return values


def value_error(rule, spec: FieldSpec, value: str) -> str | None:
    """Why `value` cannot be the rule's field `spec` in a model code (missing, a character a
    code cannot hold, not allowed), or None when it can."""
    if value and not re.fullmatch(r"[0-9A-Za-z.]+", value):
        return _("%(label)s “%(value)s” may only contain letters, digits and dots.") % {
            "label": spec.label,
            "value": value,
        }
    return _check_value(rule, spec, value)


def build_code(rule, values: dict) -> str:
    """The model code for the chosen values; raise CodeError listing missing or refused values."""
    cleaned, errors = {}, []
    for spec in rule_fields(rule):
        value = str(values.get(spec.key) if values.get(spec.key) is not None else "").strip()
        error = value_error(rule, spec, value)
        if error:
            errors.append(error)
        cleaned[spec.key] = value
    if errors:
        raise CodeError(errors)
    return PLACEHOLDER.sub(lambda m: cleaned[m.group(1)], rule.pattern)


def describe(rule, values: dict) -> list[tuple[str, str, str]]:
    """(label, value, unit) for each field, e.g. ("标称电压", "48", "V")."""
    return [(spec.label, values.get(spec.key, ""), spec.unit) for spec in rule_fields(rule)]


def _rules():
    from presales.catalog.models import ModelCodeRule

    return ModelCodeRule.objects.prefetch_related("fields").order_by("order", "family")


def match_rule(code: str):
    """(rule, values) of the first rule the code fits, or None."""
    for rule in _rules():
        try:
            return rule, parse_code(rule, code)
        except CodeError:
            continue
    return None


def parse_any(code: str):
    """Like match_rule, but raise CodeError with the most useful reason when no rule fits:
    the refused values of a rule whose pattern matched, otherwise "no rule"."""
    text = (code or "").strip()
    if not text:
        raise CodeError(_("Enter a model code."))
    best = None
    for rule in _rules():
        try:
            return rule, parse_code(rule, text)
        except CodeError as exc:
            if best is None and pattern_regex(rule.pattern).fullmatch(text):
                best = exc
    if best is not None:
        raise best
    raise CodeError(_("“%(code)s” does not match any model-code rule.") % {"code": text})


# ---------------------------------------------------------------------------
# System configuration → bill of materials
# ---------------------------------------------------------------------------
@dataclass
class BomLine:
    product: Product | None
    model_code: str
    name: str
    unit: str
    quantity: Decimal
    note: str = ""

    @property
    def list_price(self) -> Decimal:
        return self.product.list_price


@dataclass
class Configuration:
    system_rule: SystemRule
    code: str
    values: dict[str, str]
    fields: list[tuple[str, str, str]]
    required_current: Decimal
    working_modules: int
    redundant_modules: int
    lines: list[BomLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def module_count(self) -> int:
        return self.working_modules + self.redundant_modules


def _decimal(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise CodeError(_("%(label)s “%(value)s” is not a number.") % {"label": label, "value": value}) from exc
    if not number.is_finite():
        raise CodeError(_("%(label)s “%(value)s” is not a number.") % {"label": label, "value": value})
    return number


def module_count(required_current: Decimal, rating: Decimal, redundancy: int) -> tuple[int, int]:
    """(working, redundant): working = ceil(current / rating); redundant = the N+x margin."""
    working = int((Decimal(required_current) / Decimal(rating)).to_integral_value(rounding=ROUND_CEILING))
    return working, int(redundancy)


def configure(system_rule, values: dict, required_current: Decimal | None = None) -> Configuration:
    """The model code, its described fields and the BOM for a system of ``system_rule``.

    ``required_current`` defaults to the code's current field. Raises CodeError (a
    ServiceError) when a value is missing or not allowed, or the current is not positive.
    """
    rule = system_rule.code_rule
    code = build_code(rule, values)
    cleaned = {key: str(values[key]).strip() for key in pattern_keys(rule.pattern)}
    if required_current in (None, ""):
        if system_rule.current_field not in cleaned:
            raise CodeError(_("Enter the required output current."))
        required_current = _decimal(cleaned[system_rule.current_field], _("Output current"))
    else:
        required_current = _decimal(required_current, _("Required output current"))
    if required_current <= 0:
        raise CodeError(_("The required output current must be greater than zero."))
    if required_current > CURRENT_MAX:  # before dividing: 1e999999999 would overflow
        raise CodeError(_("The required output current can be at most %(limit)s A.") % {"limit": show(CURRENT_MAX)})
    working, redundant = module_count(required_current, system_rule.module_rating_a, system_rule.redundancy)
    modules = working + redundant
    lines = []
    cabinet = system_rule.cabinet_product
    if cabinet is not None:
        lines.append(BomLine(cabinet, cabinet.model_code, cabinet.name, cabinet.unit, Decimal("1"), code))
    module = system_rule.module_product
    rating = plain(system_rule.module_rating_a)
    lines.append(
        BomLine(
            module,
            module.model_code,
            module.name,
            module.unit,
            Decimal(modules),
            _("%(current)s A ÷ %(rating)s A → %(n)d + %(r)d redundant")
            % {"current": plain(required_current), "rating": rating, "n": working, "r": redundant},
        )
    )
    for accessory in system_rule.accessories.all():
        product = accessory.product
        quantity = accessory.quantity * modules if accessory.per_module else accessory.quantity
        note = _("%(q)s per module") % {"q": plain(accessory.quantity)} if accessory.per_module else ""
        lines.append(BomLine(product, product.model_code, product.name, product.unit, quantity, note))
    too_many = [
        _("%(code)s: %(quantity)s is more than the %(limit)s units a quote line can hold.")
        % {"code": line.model_code, "quantity": show(line.quantity), "limit": show(QUANTITY_MAX)}
        for line in lines
        if line.quantity > QUANTITY_MAX
    ]
    if too_many:
        raise CodeError(too_many)
    warnings = [
        _("%(code)s is discontinued.") % {"code": line.model_code}
        for line in lines
        if getattr(line.product, "status", "active") != "active"
    ]
    return Configuration(
        system_rule=system_rule,
        code=code,
        values=cleaned,
        fields=describe(rule, cleaned),
        required_current=required_current,
        working_modules=working,
        redundant_modules=redundant,
        lines=lines,
        warnings=warnings,
    )


def system_rules():
    """Active system rules with everything configure() reads, for forms and lists."""
    from presales.catalog.models import SystemRule

    return (
        SystemRule.objects.filter(is_active=True)
        .select_related("code_rule", "module_product", "cabinet_product")
        .prefetch_related("code_rule__fields", "accessories__product")
    )
