"""Auto-fill: the answers of a list of requirement clauses, from the answer library and the
catalog — the one function the deviation-table service, the API and `manage.py
tender_autofill` share (the command has no tender: it fills a file).

Rules (issue 13):
- every clause is matched in one call of the library matcher (presales.answers.matching);
- the deviation is computed where both the requirement and the answer state a value with a
  comparator and unit (presales.lib.quantities, through `deviation_for`), else the entry's
  stated one;
- below the matcher's confidence threshold, or with no match, the row is 需人工确认: nothing
  is ever written as 无偏离 without a matching answer;
- the 投标人保证值 of a 标准技术参数表 row comes from the named product's typed parameter
  when the row's parameter name is one of the catalog's parameter labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from presales.answers.matching import CONFIDENT, Match, deviation_for, match_clauses
from presales.catalog.models import ParameterDefinition, Product, ProductCategory
from presales.lib.quantities import deviation_between
from presales.responses.models import ClauseStatus, Deviation

SUGGESTIONS = 3  # answers offered per clause, best first


@dataclass
class Filled:
    """What auto-fill proposes for one clause."""

    status: str = ClauseStatus.TO_CONFIRM
    response: str = ""
    deviation: str = Deviation.TO_CONFIRM
    deviation_note: str = ""
    guarantee: str = ""
    entry_id: int | None = None
    entry_code: str = ""
    confidence: float | None = None
    reasons: list[str] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def _categories_up(category_ids: set[int]) -> dict[int, list[int]]:
    """Each category with its ancestors (a parameter of a parent category applies below it):
    the whole tree is small (admin data), read once."""
    parents = dict(ProductCategory.objects.values_list("pk", "parent_id"))
    chains = {}
    for start in category_ids:
        chain, current = [], start
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        chains[start] = chain
    return chains


def product_parameters(products: Sequence[Product]) -> list[tuple[str, str]]:
    """(label, "value unit") of every typed parameter the products state, first product first:
    the values a 投标人保证值 column is filled from."""
    if not products:
        return []
    chains = _categories_up({p.category_id for p in products})
    wanted = {c for chain in chains.values() for c in chain}
    definitions: dict[int, list[ParameterDefinition]] = {}
    for definition in ParameterDefinition.objects.filter(category_id__in=wanted).order_by("order", "key"):
        definitions.setdefault(definition.category_id, []).append(definition)
    values = []
    for product in products:
        for category_id in chains[product.category_id]:
            for definition in definitions.get(category_id, []):
                value = (product.params or {}).get(definition.key)
                if value in (None, ""):
                    continue
                values.append((definition.label, f"{_plain(value)}{definition.unit}"))
    return values


def _plain(value) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"


def guarantee_for(parameter: str, text: str, parameters: list[tuple[str, str]]) -> tuple[str, str]:
    """The product's value for a row whose parameter name (else its text) names a catalog
    parameter: (label, value), or ("", "")."""
    name = _squash(parameter)
    for label, value in parameters:
        key = _squash(label)
        if key and (key == name or (name and key in name) or (not name and key in _squash(text))):
            return label, value
    return "", ""


def _suggestion(match: Match) -> dict:
    return {
        "entry_id": match.entry_id,
        "code": match.code,
        "score": round(float(match.score), 3),
        "answer": match.answer[:2000],
        "requirement": match.requirement[:500],
        "deviation": match.deviation,
        "reasons": [str(r) for r in match.reasons][:6],
    }


def fill(
    clauses: Iterable,
    *,
    user,
    products: Sequence[Product] = (),
) -> list[Filled]:
    """The proposed answer of each clause (objects with `text`, `parameter`, `required_value`:
    Clause rows or extracted clauses), in order. One matcher call for them all."""
    clauses = list(clauses)
    if not clauses:
        return []
    texts = [_requirement_text(c) for c in clauses]
    matches = match_clauses(texts, user=user, products=[p.pk for p in products], limit=SUGGESTIONS)
    parameters = product_parameters(products)
    filled = []
    for clause, text, ranked in zip(clauses, texts, matches, strict=True):
        best = ranked[0] if ranked else None
        confident = best is not None and best.score >= CONFIDENT
        code, reason = deviation_for(text, best if confident else None)
        result = Filled(suggestions=[_suggestion(m) for m in ranked])
        if best is not None:
            result.confidence = round(float(best.score), 3)
            result.reasons = [str(r) for r in best.reasons][:6]
        if confident:
            result.status = ClauseStatus.OPEN
            result.response = best.answer
            result.entry_id, result.entry_code = best.entry_id, best.code
        result.deviation = code if code in Deviation.values else Deviation.TO_CONFIRM
        if not confident:
            result.deviation = Deviation.TO_CONFIRM
        result.deviation_note = str(reason or "")[:2000]
        label, value = guarantee_for(clause.parameter or "", clause.text, parameters)
        if value:
            result.guarantee = value
            comparison = deviation_between(clause.required_value or clause.text, f"{label} {value}")
            if comparison.result != "unknown":
                if not confident:  # the catalog's typed value answers the row
                    result.deviation = comparison.result
                    result.response = result.response or _("%(label)s: %(value)s") % {"label": label, "value": value}
                    result.status = ClauseStatus.OPEN
                result.deviation_note = str(comparison.reason)[:2000]
                result.reasons = [*result.reasons, str(comparison.reason)][:6]
        filled.append(result)
    return filled


def _requirement_text(clause) -> str:
    """The words matched: a table row's parameter and value when the row has them."""
    text = clause.text or ""
    if clause.parameter and clause.parameter not in text:
        text = f"{clause.parameter} {text}"
    if clause.required_value and clause.required_value not in text:
        text = f"{text} {clause.required_value}"
    return text.strip()
