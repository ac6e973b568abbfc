"""Check the labelled matching corpus (library.json, clauses.json, README.md's distractor groups)
and the demo library (presales/demo/data/answers.json).

A plain script, not a test: run it from the repository root after editing the data,

    .venv/bin/python presales/answers/tests/eval/check_corpus.py

It exits 1 when the data is malformed or below the counts the issue asks for, and prints the
counts. When presales.lib.quantities is there it also compares each clause's expected deviation
with the one the stated values give (deviation_between, falling back to the entry's stated
deviation when nothing is comparable) and lists the disagreements; those are printed, not failed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEVIATIONS = {"none", "positive", "negative"}
EXPECTED_DEVIATIONS = DEVIATIONS | {"to_confirm"}
ENTRY_KEYS = {"code", "category", "requirement", "alternatives", "answer", "deviation", "products", "tags"}
CLAUSE_KEYS = {"id", "text", "expected", "expected_deviation", "note"}
MIN_ENTRIES, MIN_CLAUSES, MIN_NULL, MIN_NULL_SHARE, MIN_DISTRACTORS = 130, 170, 26, 0.15, 30
CATEGORY_MAX, TAG_MAX = 60, 30  # the answer library's column sizes
DEMO = HERE.parents[2] / "demo" / "data" / "answers.json"
DEMO_KEYS = ENTRY_KEYS | {"status", "owner", "review_due_days"}
DEMO_STATUSES = {"approved", "draft", "in_review"}
DEMO_OWNERS = {"zhang.wei", "huang.tao", "zhou.min"}
LEAD = re.compile(r"^[\s★▲]*(?:[（(]?\d+(?:\.\d+)*[)）]?|[①-⑳]|[a-z][)）])?[\s、.．]*")


def bare(text: str) -> str:
    """The text without a leading clause number, ★/▲ and final punctuation."""
    return LEAD.sub("", text).rstrip("。；;. ").strip()


def load(name: str):
    with open(HERE / name, encoding="utf-8") as f:
        return json.load(f)


def distractor_groups() -> list[list[str]]:
    """The code lists of README.md's "Distractor groups" section, one group a line."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    section = text.split("## Distractor groups", 1)[1].split("\n## ", 1)[0]
    return [re.findall(r"EV-\d{3}", line) for line in section.splitlines() if line.startswith("- ")]


def check_entries(entries, problems: list[str], code_pattern: str = r"EV-\d{3}", label: str = "") -> dict:
    by_code = {}
    for entry in entries:
        code = f"{label}{entry.get('code')}"
        if set(entry) != ENTRY_KEYS:
            problems.append(f"{code}: keys {sorted(set(entry) ^ ENTRY_KEYS)}")
        if not re.fullmatch(code_pattern, str(entry.get("code"))):
            problems.append(f"{code}: code does not match {code_pattern}")
        if entry.get("code") in by_code:
            problems.append(f"{code}: duplicate code")
        by_code[entry.get("code")] = entry
        if entry.get("deviation") not in DEVIATIONS:
            problems.append(f"{code}: deviation {entry.get('deviation')!r}")
        if not (0 <= len(entry.get("alternatives", [])) <= 2):
            problems.append(f"{code}: {len(entry['alternatives'])} alternatives (0-2)")
        for field in ("category", "requirement", "answer"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                problems.append(f"{code}: empty {field}")
        if len(entry.get("category", "")) > CATEGORY_MAX:
            problems.append(f"{code}: category longer than {CATEGORY_MAX}")
        for field in ("alternatives", "products", "tags"):
            if not all(isinstance(x, str) and x.strip() for x in entry.get(field, [None])):
                problems.append(f"{code}: {field} must be a list of texts")
        if any(len(tag) > TAG_MAX for tag in entry.get("tags", [])):
            problems.append(f"{code}: a tag longer than {TAG_MAX}")
    return by_code


def check_clauses(clauses, by_code: dict, problems: list[str]) -> None:
    ids = [c.get("id") for c in clauses]
    if ids != list(range(1, len(clauses) + 1)):
        problems.append("clause ids are not 1..n in order")
    texts = Counter(bare(c.get("text", "")) for c in clauses)
    problems.extend(f"clause text twice: {t}" for t, n in texts.items() if n > 1)
    for clause in clauses:
        cid, expected, deviation = clause.get("id"), clause.get("expected"), clause.get("expected_deviation")
        if set(clause) != CLAUSE_KEYS:
            problems.append(f"clause {cid}: keys {sorted(set(clause) ^ CLAUSE_KEYS)}")
        if deviation not in EXPECTED_DEVIATIONS:
            problems.append(f"clause {cid}: expected_deviation {deviation!r}")
        if (expected is None) != (deviation == "to_confirm"):
            problems.append(f"clause {cid}: to_confirm goes with expected null, and only with it")
        if expected is not None and expected not in by_code:
            problems.append(f"clause {cid}: expected {expected} is not in the library")
        if not clause.get("note", "").strip():
            problems.append(f"clause {cid}: no note")
        if expected in by_code:  # a paraphrase, never the entry's own wording
            entry = by_code[expected]
            if bare(clause["text"]) in {bare(t) for t in [entry["requirement"], *entry["alternatives"]]}:
                problems.append(f"clause {cid}: copies the wording of {expected}")


def demo_products() -> set[str] | None:
    """The model codes of the demo catalogue (None when it cannot be read)."""
    try:
        sys.path.insert(0, str(HERE.parents[3]))
        from presales.demo.data.products_it import IT_PRODUCTS
        from presales.demo.data.products_power import POWER_PRODUCTS
    except Exception:  # noqa: BLE001 - the check is optional
        return None
    return {row[1] for row in [*POWER_PRODUCTS, *IT_PRODUCTS]}


def check_demo(eval_entries, problems: list[str]) -> list:
    """presales/demo/data/answers.json: the eval format plus status, owner, review_due_days;
    its own codes and texts (not the eval set's)."""
    entries = json.loads(DEMO.read_text(encoding="utf-8"))
    plain = [{k: v for k, v in e.items() if k in ENTRY_KEYS} for e in entries]
    by_code = check_entries(plain, problems, code_pattern=r"(DY|JC|ZZ)-\d{3}", label="demo ")
    eval_texts = {e["answer"] for e in eval_entries} | {e["requirement"] for e in eval_entries}
    products = demo_products()
    for entry in entries:
        code = entry.get("code")
        if set(entry) != DEMO_KEYS:
            problems.append(f"demo {code}: keys {sorted(set(entry) ^ DEMO_KEYS)}")
        if entry.get("status") not in DEMO_STATUSES:
            problems.append(f"demo {code}: status {entry.get('status')!r}")
        if entry.get("owner") not in DEMO_OWNERS:
            problems.append(f"demo {code}: owner {entry.get('owner')!r}")
        if not isinstance(entry.get("review_due_days"), int):
            problems.append(f"demo {code}: review_due_days is not a whole number")
        if entry.get("answer") in eval_texts:
            problems.append(f"demo {code}: the answer is the eval set's")
        unknown = set(entry.get("products", [])) - products if products is not None else set()
        if unknown:
            problems.append(f"demo {code}: products not in the demo catalogue: {sorted(unknown)}")
    if set(by_code) & {e["code"] for e in eval_entries}:
        problems.append("demo codes overlap the eval set's")
    return entries


def value_check(clauses, by_code: dict) -> list[str] | None:
    """Disagreements between expected deviations and the quantities' verdict (None: no module)."""
    try:
        import django

        sys.path.insert(0, str(HERE.parents[3]))
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "presales.settings")
        django.setup()
        from presales.lib.quantities import deviation_between
    except Exception:  # noqa: BLE001 - the check is optional
        return None
    found = []
    for clause in clauses:
        entry = by_code.get(clause["expected"])
        if entry is None:
            continue
        result = deviation_between(clause["text"], entry["answer"]).result
        got = entry["deviation"] if result == "unknown" else result
        if got != clause["expected_deviation"]:
            found.append(
                f"clause {clause['id']} → {entry['code']}: expected {clause['expected_deviation']}, "
                f"values give {got} ({result})"
            )
    return found


def main() -> int:
    problems: list[str] = []
    entries, clauses = load("library.json"), load("clauses.json")
    by_code = check_entries(entries, problems)
    check_clauses(clauses, by_code, problems)
    groups = distractor_groups()
    unknown = sorted({code for group in groups for code in group} - set(by_code))
    if unknown:
        problems.append(f"distractor groups name unknown codes: {unknown}")
    distractors = sum(len(group) - 1 for group in groups)
    nulls = sum(1 for c in clauses if c["expected"] is None)
    share = nulls / len(clauses) if clauses else 0
    for what, have, need in [
        ("entries", len(entries), MIN_ENTRIES),
        ("clauses", len(clauses), MIN_CLAUSES),
        ("no-answer clauses", nulls, MIN_NULL),
        ("distractors", distractors, MIN_DISTRACTORS),
    ]:
        if have < need:
            problems.append(f"{what}: {have} < {need}")
    if share < MIN_NULL_SHARE:
        problems.append(f"no-answer share {share:.1%} < {MIN_NULL_SHARE:.0%}")
    catalogue = demo_products()
    if catalogue is not None:
        unknown = sorted({p for e in entries for p in e["products"]} - catalogue)
        if unknown:
            problems.append(f"products not in the demo catalogue: {unknown}")
    demo = check_demo(entries, problems)
    used = Counter(c["expected"] for c in clauses if c["expected"])
    print(f"entries {len(entries)} ({len(set(used))} targeted by a clause), ", end="")
    print(f"distractors {distractors} in {len(groups)} groups")
    print(f"clauses {len(clauses)}, no answer {nulls} ({share:.1%})")
    print("expected deviations:", dict(Counter(c["expected_deviation"] for c in clauses)))
    print("entries by category:", dict(Counter(e["category"] for e in entries)))
    print(
        f"demo library {len(demo)}:",
        dict(Counter(e["status"] for e in demo)),
        dict(Counter(e["owner"] for e in demo)),
        f"review overdue {sum(1 for e in demo if e['review_due_days'] < 0)}",
    )
    disagreements = value_check(clauses, by_code)
    if disagreements is None:
        print("value check: presales.lib.quantities not available, skipped")
    else:
        print(f"value check: {len(disagreements)} disagreements")
        for line in disagreements:
            print("  " + line)
    for line in problems:
        print("PROBLEM: " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
