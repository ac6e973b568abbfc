"""Typed parameters of a product (the category's definitions): checked, parsed and written back."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from presales.catalog.models import ParameterDefinition, ProductCategory, ValueType
from presales.catalog.selectors import parameter_definitions
from presales.lib.bounds import PARAMETER_MAX, PARAMETER_PLACES, show
from presales.lib.numbers import plain


def clean_params(
    category: ProductCategory, raw: dict[str, Any], definitions: list[ParameterDefinition] | None = None
) -> tuple[dict[str, int | str], list[str]]:
    """Check parameters against the category's definitions (and its ancestors').

    Keys may be given by key or by label. Returns (typed values, errors): int → int,
    decimal → normalized string (JSON has no decimals; never a float), text → str.
    """
    definitions = parameter_definitions(category) if definitions is None else definitions
    by_name: dict[str, ParameterDefinition] = {}
    for known in definitions:
        by_name[known.key.casefold()] = known
        by_name.setdefault(known.label.casefold(), known)
    cleaned: dict[str, int | str] = {}
    errors: list[str] = []
    for name, value in (raw or {}).items():
        definition = by_name.get(str(name).strip().casefold())
        if definition is None:
            errors.append(
                _("Parameter “%(name)s” is not defined for category %(category)s.")
                % {"name": name, "category": category.name}
            )
            continue
        text = "" if value is None else str(value).strip()
        if text == "":
            continue
        if definition.value_type in (ValueType.INT, ValueType.DECIMAL):
            number = _parameter_number(definition, text)
            if isinstance(number, str):  # why not
                errors.append(number)
            else:
                cleaned[definition.key] = int(number) if definition.value_type == ValueType.INT else plain(number)
        else:
            cleaned[definition.key] = text
    for definition in definitions:
        if definition.required and definition.key not in cleaned:
            errors.append(_("%(label)s is required.") % {"label": definition.label})
    return cleaned, errors


def _parameter_number(definition: ParameterDefinition, text: str) -> Decimal | str:
    """A typed parameter's number, or (a string) why not: a whole number for int, at most
    PARAMETER_PLACES decimals for decimal, and within ±PARAMETER_MAX either way (so 1e400 or
    1e-999 never reach the JSON as a 400-digit string)."""
    params = {"label": definition.label, "value": text[:40]}
    whole = definition.value_type == ValueType.INT
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or (whole and number != number.to_integral_value()):
        if whole:
            return _("%(label)s: “%(value)s” is not a whole number.") % params
        return _("%(label)s: “%(value)s” is not a number.") % params
    if abs(number) > PARAMETER_MAX:
        return _("%(label)s: “%(value)s” is outside ±%(limit)s.") % {**params, "limit": show(PARAMETER_MAX)}
    exponent = number.as_tuple().exponent  # an int: the number is finite
    if not whole and isinstance(exponent, int) and exponent < -PARAMETER_PLACES:
        return _("%(label)s: “%(value)s” has more than %(places)s decimal places.") % {
            **params,
            "places": PARAMETER_PLACES,
        }
    return number


def parse_params_text(text: str) -> tuple[dict[str, str], list[str]]:
    """ "key=value" per line or separated by ";" (the form and the spreadsheet)."""
    raw: dict[str, str] = {}
    errors: list[str] = []
    for part in (text or "").replace("；", ";").replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        separator = "=" if "=" in part else ("：" if "：" in part else ":")
        if separator not in part:
            errors.append(_("“%(part)s” is not in the form name=value.") % {"part": part})
            continue
        name, value = part.split(separator, 1)
        raw[name.strip()] = value.strip()
    return raw, errors


def params_text(params: dict[str, Any]) -> str:
    return "; ".join(f"{key}={value}" for key, value in (params or {}).items())
