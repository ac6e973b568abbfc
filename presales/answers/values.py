"""The values an answer states, through presales.lib.quantities (kept on the entry as JSON)."""

from __future__ import annotations


def quantities_module():
    try:
        from presales.lib import quantities
    except ImportError:  # pragma: no cover - the module lands with the specification work
        return None
    return quantities


def stated_values(answer: str) -> list[dict]:
    quantities = quantities_module()
    if quantities is None or not answer:
        return []
    return [
        {
            "name": q.name,
            "comparator": q.comparator,
            "value": str(q.value),
            "high": None if q.high is None else str(q.high),
            "unit": q.unit,
            "text": q.text,
        }
        for q in quantities.find_quantities(answer)
    ]
