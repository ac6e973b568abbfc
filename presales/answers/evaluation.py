"""The matcher's quality on a labelled set (presales/answers/tests/eval: library.json,
clauses.json): load the library through the services, run the clauses, count.

Used by the quality test (presales/answers/tests/test_matching_quality.py) and by
`manage.py answers_evaluate`, which prints the figures (docs/answers.md quotes them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from presales.answers import matching, services
from presales.answers.models import AnswerCategory, AnswerEntry

EVAL_DIR = Path(__file__).resolve().parent / "tests" / "eval"


def read_set(directory: Path = EVAL_DIR) -> tuple[list[dict], list[dict]]:
    library = json.loads((directory / "library.json").read_text(encoding="utf-8"))
    clauses = json.loads((directory / "clauses.json").read_text(encoding="utf-8"))
    return library, clauses


def load_library(library: list[dict], *, author, approver) -> dict[str, AnswerEntry]:
    """Create and approve every entry (its categories and products made as needed), through
    the services: the index is what the services keep."""

    from presales.search.services import indexing_paused

    with indexing_paused():  # the matcher's own index is what counts here, not the search's
        return _load(library, author=author, approver=approver)


def _load(library: list[dict], *, author, approver) -> dict[str, AnswerEntry]:
    from presales.catalog.models import Product, ProductCategory

    categories: dict[str, AnswerCategory] = {}
    products: dict[str, Product] = {p.model_code: p for p in Product.objects.all()}
    product_category = None
    entries = {}
    for item in library:
        name = item["category"]
        if name not in categories:
            categories[name], _created = AnswerCategory.objects.get_or_create(
                name=name, parent=None, defaults={"owner": approver}
            )
        ids = []
        for code in item.get("products") or ():
            if code not in products:
                if product_category is None:
                    product_category, _created = ProductCategory.objects.get_or_create(name="评测产品")
                products[code] = Product.objects.create(
                    model_code=code, name=code, category=product_category, list_price=Decimal("1")
                )
            ids.append(products[code].pk)
        entry = services.entry_create(
            user=author,
            data={
                "code": item["code"],
                "category": categories[name],
                "requirement": item["requirement"],
                "answer": item["answer"],
                "deviation": item["deviation"],
                "tags": item.get("tags") or [],
                "products": ids,
                "wordings": item.get("alternatives") or [],
            },
        )
        entries[item["code"]] = services.entry_approve(user=approver, entry=entry)
    return entries


@dataclass
class Figures:
    answerable: int = 0
    unanswerable: int = 0
    top1: int = 0
    top3: int = 0
    confident_top1: int = 0
    deviation_right: int = 0  # of the clauses whose first match is the expected entry
    end_to_end_right: int = 0  # of all clauses: deviation_for(first match) as labelled
    filled: int = 0  # clauses the auto-fill gives a deviation (a confident first match) …
    filled_right: int = 0  # … and of those, the deviation as labelled
    false_confident: int = 0  # no-answer clauses given a confident match
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.answerable + self.unanswerable

    def share(self, name: str) -> float:
        value = getattr(self, name)
        if name in ("top1", "top3", "confident_top1"):
            return value / max(self.answerable, 1)
        if name == "false_confident":
            return value / max(self.unanswerable, 1)
        if name == "deviation_right":
            return value / max(self.top1, 1)
        if name == "filled_right":
            return value / max(self.filled, 1)
        return value / max(self.total, 1)

    def summary(self, label: str = "") -> str:
        return (
            f"{label}clauses {self.total} ({self.answerable} answerable, {self.unanswerable} without an answer): "
            f"top-1 {self.share('top1'):.1%}, top-3 {self.share('top3'):.1%}, "
            f"confident top-1 {self.share('confident_top1'):.1%}, "
            f"deviation correct (right first match) {self.share('deviation_right'):.1%}, "
            f"deviation right where the auto-fill gives one {self.share('filled_right'):.1%} "
            f"({self.filled_right}/{self.filled}), "
            f"deviation as labelled end to end {self.share('end_to_end_right'):.1%}, "
            f"no-answer clauses given a confident match {self.share('false_confident'):.1%}"
        )


def evaluate(clauses: list[dict], *, user, rerank: bool = True, threshold: float | None = None) -> Figures:
    threshold = matching.CONFIDENT if threshold is None else threshold
    results = matching.match_clauses_with([c["text"] for c in clauses], user=user, limit=3, rerank=rerank)
    figures = Figures()
    for clause, matches in zip(clauses, results, strict=True):
        expected = clause["expected"]
        codes = [m.code for m in matches]
        best = matches[0] if matches else None
        confident = best is not None and best.score >= threshold
        if expected is None:
            figures.unanswerable += 1
            if confident:
                figures.false_confident += 1
                figures.misses.append(f"#{clause['id']} no answer, given {best.code} ({best.score:.2f})")
        else:
            figures.answerable += 1
            if codes[:1] == [expected]:
                figures.top1 += 1
                if confident:
                    figures.confident_top1 += 1
                code, _reason = matching.deviation_of(clause["text"], best)
                if code == clause["expected_deviation"]:
                    figures.deviation_right += 1
                else:
                    figures.misses.append(f"#{clause['id']} deviation {code}, expected {clause['expected_deviation']}")
            else:
                got = f"{best.code} ({best.score:.2f})" if best else "nothing"
                figures.misses.append(f"#{clause['id']} expected {expected}, got {got}")
            if expected in codes[:3]:
                figures.top3 += 1
        code, _reason = matching.deviation_for(clause["text"], best if confident else None)
        if code == clause["expected_deviation"]:
            figures.end_to_end_right += 1
        if confident:
            figures.filled += 1
            figures.filled_right += code == clause["expected_deviation"]
    return figures
