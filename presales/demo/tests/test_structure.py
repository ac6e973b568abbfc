"""The demo package's shape, read with `ast` from its source: no import cycle among its
modules, the build steps in one straight order, the data plain, and every demo person named
in presales/demo/data/people.py only."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import presales.demo
from presales.demo.data.people import USERS
from presales.lib.tests.test_import_graph import find_cycle

DEMO = Path(presales.demo.__file__).parent
# The build steps in the order of presales/demo/steps/__init__.py: each imports only those
# before it.
STEPS = [
    "plan",
    "approvals",
    "people",
    "catalog",
    "customers",
    "requests",
    "solutions",
    "handover",
    "quotes",
    "contracts",
    "tenders",
    "deliverables",
    "opportunities",
    "knowledge",
    "knowledge_cases",
    "answers",
    "responses",
    "backdate",
]


def _modules() -> dict[str, Path]:
    """presales.demo's modules (tests left out) by dotted name."""
    found = {}
    for path in DEMO.rglob("*.py"):
        parts = path.relative_to(DEMO.parent.parent).with_suffix("").parts
        if "tests" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Which demo modules each demo module imports (anywhere in it, type-checking blocks too)."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                # `from presales.demo.steps import quotes` imports the module quotes
                targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
                targets = targets or [base]
            else:
                continue
            graph[name] |= {target for target in targets if target in modules and target != name}
    return graph


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    assert "presales.demo.steps.quotes" in graph["presales.demo.steps.opportunities"]  # `from … import quotes`
    assert "presales.demo.context" in graph["presales.demo.steps.plan"]
    assert "presales.demo.data.people" in graph["presales.demo.data"]


def test_no_import_cycle_in_the_demo():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, " → ".join(cycle)


def test_the_steps_import_only_steps_before_them():
    graph = import_graph()
    prefix = "presales.demo.steps."
    assert sorted(n for n in _modules() if n.startswith(prefix)) == sorted(prefix + s for s in STEPS)
    wrong = {}
    for index, step in enumerate(STEPS):
        later = {prefix + s for s in STEPS[index:]}
        if found := graph[prefix + step] & later:
            wrong[step] = sorted(found)
    assert wrong == {}


def test_the_context_and_the_data_know_no_step():
    graph = import_graph()
    below = {n: graph[n] for n in _modules() if n.startswith(("presales.demo.data", "presales.demo.context"))}
    assert {n: sorted(i) for n, i in below.items() if any(".steps" in m or ".load" in m for m in i)} == {}
    # the data is plain: it imports nothing of the demo but other data
    assert {
        n: sorted(i)
        for n, i in below.items()
        if n.startswith("presales.demo.data") and not all(m.startswith("presales.demo.data") for m in i)
    } == {}


def _strings(path: Path):
    """The string literals of a module, docstrings left out (prose may speak of the admin)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_demo_people_are_named_in_one_place():
    """Logins and names of demo people appear as text in data/people.py only; everything else
    refers to them by its constants (or reads them from the user)."""
    people = DEMO / "data" / "people.py"
    logins = re.compile("|".join(rf"(?<![\w.]){re.escape(u.username)}(?![\w.])" for u in USERS))
    names = [u.full_name for u in USERS]
    # the check sees them where they are
    assert {u.username for u in USERS} <= {m.group() for _l, text in _strings(people) for m in logins.finditer(text)}
    found = []
    for path in DEMO.rglob("*.py"):
        if path == people or "tests" in path.parts:
            continue
        for line, text in _strings(path):
            if logins.search(text) or any(name in text for name in names):
                found.append(f"{path.relative_to(DEMO)}:{line}: {text[:60]}")
    assert found == []
