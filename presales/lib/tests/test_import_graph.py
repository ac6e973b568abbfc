"""The import graph between the apps, read with `ast` from the source (tests, migrations and
the demo left out): the core apps import nothing built on them, the catalog nothing of the
quotes, and no two apps import each other, directly or round a circle."""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import presales

ROOT = Path(presales.__file__).parent
SKIPPED_DIRS = {"tests", "migrations", "demo", "tests_browser", "static", "templates", "locale"}

CORE = {"opportunities", "customers", "accounts"}
# The apps built on the core ones (and those to come): the core pages show their cards
# through presales.lib.sections instead of importing them.
BUILT_ON_CORE = {
    "solutions",
    "handover",
    "quotes",
    "contracts",
    "service_requests",
    "catalog",
    "knowledge",
    "answers",
    "tenders",
    "reports",
    "search",
    "api",
}


def _apps() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def _modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or SKIPPED_DIRS & set(parts):
            continue
        yield parts[0], path


def _imported_apps(path: Path, apps: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from presales import quotes` names the app in the imported names
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "presales" and len(parts) > 1 and parts[1] in apps:
                found.add(parts[1])
    return found


def import_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    apps = _apps()
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app, path in _modules():
        for other in _imported_apps(path, apps) - {app}:
            graph[app].add(other)
            where[(app, other)].append(str(path.relative_to(ROOT)))
    return graph, where


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as a list of apps (first == last), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read_from_the_source():
    graph, _ = import_graph()
    # a sanity check that the reader sees imports at all
    assert {"accounts", "opportunities", "approvals"} <= graph["quotes"]


def test_imports_inside_functions_and_of_an_app_by_name_are_read(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "def ready():\n    from presales.opportunities.access import opportunities_visible_to\n"
        "from presales import quotes\n",
        encoding="utf-8",
    )
    assert _imported_apps(module, {"opportunities", "quotes", "customers"}) == {"opportunities", "quotes"}


def test_core_apps_import_nothing_built_on_them():
    graph, where = import_graph()
    wrong = {(app, other): where[(app, other)] for app in CORE for other in graph[app] & BUILT_ON_CORE}
    assert wrong == {}


def test_accounts_imports_no_other_core_app():
    """Every app knows users and roles; the accounts app knows none of them."""
    graph, where = import_graph()
    assert {other: where[("accounts", other)] for other in graph["accounts"] - {"lib"}} == {}


def test_events_imports_only_lib_and_accounts():
    """The event stream sits below every app that writes it: it names their models by string
    and finds their kinds (<app>/events.py) when the apps are ready."""
    graph, where = import_graph()
    assert {other: where[("events", other)] for other in graph["events"] - {"lib", "accounts"}} == {}


def test_catalog_does_not_import_quotes():
    graph, where = import_graph()
    assert where.get(("catalog", "quotes"), []) == []


def test_lib_imports_no_app():
    graph, where = import_graph()
    assert {other: where[("lib", other)] for other in graph["lib"]} == {}


def test_customers_import_nothing_of_opportunities():
    """A user sees the customers of the opportunities he sees: the opportunities app adds that
    to the customers' rule (customers.access.register_seen_through), the customers app does
    not ask for it."""
    graph, where = import_graph()
    assert where.get(("customers", "opportunities"), []) == []


def test_solutions_do_not_import_the_handover():
    """The handover is built on the solutions (its forms, its status badge), not the reverse:
    the solutions' card on the opportunity page knows nothing of it."""
    graph, where = import_graph()
    assert where.get(("solutions", "handover"), []) == []


def test_no_import_cycle_between_apps():
    graph, where = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, " → ".join(cycle) + ": " + repr({(x, y): where[(x, y)] for x, y in pairwise(cycle)})


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None
