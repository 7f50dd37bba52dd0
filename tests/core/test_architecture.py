"""The dependency direction between packages (docs/architecture.md, "Feature layering").

Every module under webapp/ is parsed with ``ast``; every import counts, at module level or inside a
function (``import webapp.x.y``, ``from webapp.x import y``, ``from webapp import x``, relative imports).

Feature layering, lowest first (a package imports only packages listed before it):

    notices        outboxes and delivery: infrastructure below the features (plain addresses, no Member)
    auth           users, sign-in, invitations (sends through notices)
    members        the roll: organisations, constituencies, members, committees
    admin          platform administration (creates a forum's first members)
    meetings       meetings, agenda, invitations, minutes, decisions; the decision rules (meetings/rules.py)
    proposals      proposals between meetings, answered per seat, decided by a rule of meetings/rules.py
    actions        action plans and items (carried forward as matters arising of meetings)
    inclusion      balance checks over the roll, meetings and action plans
    webinars, reports, federation   pages and jobs that read the features below them (federation: affiliations,
                   shared objectives and snapshots, which read action progress and inclusion figures)
    public, home, forum_settings   pages that read the features below them (public never shows affiliate figures)

A lower package that must ask a higher one goes through a registry in webapp.core (core/hooks.py):
member erasure (each feature with personal data joins ``erase_member``), the balance panels that
inclusion shows on the roll, meeting and plan pages, and matters arising (actions answers one narrow
query for meetings); notices asks the roll through the directory members registers in
notices/recipients.py. Wiring modules (app.py, cli.py, demo*.py, tenant_data.py, ...) may import every
feature. webapp.core never imports a feature; tenants imports only webapp.extensions.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
BELOW_FEATURES = {"core"}
# the layering of the docstring, lowest first; packages in one tuple do not import each other
LAYERS: list[tuple[str, ...]] = [("notices",), ("auth",), ("members",), ("admin",), ("meetings",), ("proposals",), ("actions",),
                                 ("inclusion",), ("webinars", "reports", "federation"),
                                 ("public", "home", "forum_settings")]


def _features() -> set[str]:
    return {p.name for p in WEBAPP.iterdir() if p.is_dir() and (p / "__init__.py").exists()} - BELOW_FEATURES


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path) -> set[str]:
    """Every dotted name the module imports (``from a.b import c`` gives a.b and a.b.c)."""
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)
    return found


def _graph(source: str, targets: set[str]) -> dict[str, set[str]]:
    """package -> packages it imports, for modules under ``source`` (a top-level package or webapp)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / source).rglob("*.py")):
        name = _module_name(path)
        if source == "webapp":
            if len(name) < 3 or name[1] not in targets:  # webapp/*.py are wiring modules
                continue
            mine = name[1]
        else:
            mine = source
        for imported in _imports(path):
            parts = imported.split(".")
            if parts[0] == "webapp" and len(parts) > 1 and parts[1] != mine:
                edges[mine].add(parts[1])
    return edges


def feature_graph() -> dict[str, set[str]]:
    features = _features()
    return {a: {b for b in bs if b in features} for a, bs in _graph("webapp", features).items()}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


def describe(edges: dict[str, set[str]]) -> str:
    return "\n".join(f"{a} → {b}" for a in sorted(edges) for b in sorted(edges[a]))


def test_no_two_feature_packages_import_each_other():
    edges = feature_graph()
    pairs = sorted(f"{a}⇄{b}" for a in edges for b in edges[a] if a < b and a in edges.get(b, ()))
    assert pairs == [], f"feature packages importing each other: {pairs}\n{describe(edges)}"
    assert _cycles(edges) == [], f"import cycles between feature packages\n{describe(edges)}"


def test_features_import_only_lower_layers():
    rank = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    assert _features() - set(rank) == set(), "place every feature package in LAYERS (and in docs/architecture.md)"
    upward = sorted(f"{a} → {b}" for a, bs in feature_graph().items() for b in bs if rank[b] >= rank[a])
    assert upward == [], f"imports against the layering {LAYERS}: {upward}"


def test_core_imports_no_feature():
    edges = _graph("webapp/core", set())
    assert edges.get("webapp/core", set()) & _features() == set()


def test_tenants_imports_only_the_extensions():
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tenants").rglob("*.py")):
        bad = {i for i in _imports(path) if i.split(".")[0] == "webapp" and i not in ("webapp", "webapp.extensions")
               and not i.startswith("webapp.extensions.")}
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}


def test_the_cycle_finder_sees_pairs_and_longer_loops():
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []
