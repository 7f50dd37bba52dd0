"""The dependency direction between packages (docs/architecture.md, "Feature layering").

Every module under webapp/ is parsed with ``ast``; every import counts, at module level or inside a
function (``import webapp.x.y``, ``from webapp.x import y``, ``from webapp import x``, relative imports).

Feature layering, lowest first (a package imports only packages listed before it):

    notices        outboxes and delivery: infrastructure below the features (plain addresses, no Member)
    auth           users, sign-in, invitations (sends through notices)
    members        the roll: organisations, constituencies, members, committees
    meetings       meetings, agenda, invitations, minutes, decisions; the decision rules (meetings/rules.py)
    proposals      proposals between meetings, answered per seat, decided by a rule of meetings/rules.py
    actions        action plans and items (carried forward as matters arising of meetings)
    inclusion      balance checks over the roll, meetings and action plans
    comments, polls   comments on drafts (minutes, proposals); date polls that become meetings (read inclusion's checks)
    registrations  registration for open public sessions without an account (its own pages and e-mails)
    webinars, reports, federation, recordings   pages and jobs that read the features below them (federation:
                   affiliations, shared objectives and snapshots, which read action progress and inclusion figures;
                   recordings: a meeting's notice and outcome read aloud)
    public, home, forum_settings   pages that read the features below them (public never shows affiliate figures)
    admin          platform administration (creates a forum's first members; lists every affiliation)
    opendata       the read-only public API and CSV of a forum's public record (reads the public pages' rules)

A lower package asks a higher one through the two joints of DESIGN.md only: a signal declared once in
webapp/core/signals.py (member erasure, the uses counted before a deletion), or a typed interface declared in the
asking package and bound exactly once in webapp/wiring.py (the balance panels, matters arising, the roll as notices
see it, what an SMS reply means ...). No other registry: the tests at the end parse every module for one, and are
each shown to catch a violating fixture module. Wiring modules (app.py, wiring.py, cli.py, demo*.py,
tenant_data.py, ...) may import every feature. webapp.core never imports a feature; tenants imports only
webapp.extensions and webapp.binding (the Interface slot, which imports nothing).
"""
from __future__ import annotations

import ast
import importlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
BELOW_FEATURES = {"core"}
# the layering of the docstring, lowest first; packages in one tuple do not import each other
LAYERS: list[tuple[str, ...]] = [("notices",), ("auth",), ("members",), ("meetings",), ("proposals",), ("actions",),
                                 ("inclusion",), ("comments", "polls"), ("live",), ("registrations",), ("consultations",),
                                 ("webinars", "reports", "federation", "recordings", "suggestions"),
                                 ("public", "home", "forum_settings"), ("admin", "opendata")]


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


ALLOWED_IN_TENANTS = ("webapp", "webapp.extensions", "webapp.binding")  # binding: the Interface slot, imports nothing


def test_tenants_imports_only_the_extensions():
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tenants").rglob("*.py")):
        bad = {i for i in _imports(path) if i.split(".")[0] == "webapp" and i not in ALLOWED_IN_TENANTS
               and not i.startswith(("webapp.extensions.", "webapp.binding."))}
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}


def test_the_cycle_finder_sees_pairs_and_longer_loops():
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []


# --- extension points (issue 34): signals and typed interfaces only ---------------------------------------------

MUTATORS = {"append", "add", "insert", "update", "extend", "setdefault", "__setitem__"}
ALLOWED_REGISTRIES = {"webapp/core/signals.py", "webapp/wiring.py"}


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    a = fn.args
    return {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)} - {"self", "cls"}


def _registers(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Named register*, or hands back one of its parameters (a registering decorator)."""
    if fn.name.lstrip("_").startswith("register"):
        return True
    params = _params(fn)
    return any(isinstance(n, ast.Return) and isinstance(n.value, ast.Name) and n.value.id in params
               for n in ast.walk(fn))


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def registries(source: str, filename: str = "<fixture>") -> list[str]:
    """The module-level names a registering function of ``source`` keeps what it is given in."""
    tree = ast.parse(source, filename)
    module = _module_names(tree)
    found: set[str] = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or not _registers(fn):
            continue
        declared_global = {n for node in ast.walk(fn) if isinstance(node, ast.Global) for n in node.names}
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    for sub in (t.elts if isinstance(t, ast.Tuple) else [t]):
                        if isinstance(sub, ast.Name) and sub.id in declared_global & module:
                            found.add(sub.id)
                        elif isinstance(sub, ast.Subscript) and _root_name(sub) in module:
                            found.add(_root_name(sub) or "")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in MUTATORS and _root_name(node.func.value) in module:
                found.add(_root_name(node.func.value) or "")
    return sorted(found)


def signal_imports(source: str, filename: str = "<fixture>") -> list[str]:
    """Imports of blinker or flask.signals: signals are declared in webapp/core/signals.py only."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        found += [n for n in names if n.split(".")[0] == "blinker" or n.startswith("flask.signals")]
    return found


def signal_problems(signals: Mapping[str, object], tests_text: str) -> list[str]:
    """Signals without a docstring, or with neither a listener nor a test that names them."""
    problems = []
    for name, sig in signals.items():
        if not (vars(sig).get("__doc__") or "").strip():  # its own, not the class's
            problems.append(f"{name}: no docstring")
        if not getattr(sig, "receivers", None) and name not in tests_text:
            problems.append(f"{name}: no listener and no test")
    return problems


def declared_interfaces(files: Iterable[tuple[str, str]]) -> set[str]:
    """``module.NAME`` of every module-level ``NAME = Interface(...)`` in (module name, source) pairs."""
    found = set()
    for module, source in files:
        for node in ast.parse(source).body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "Interface":
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[union-attr]
                found.update(f"{module}.{t.id}" for t in targets if isinstance(t, ast.Name))
    return found


def bindings(source: str) -> list[str]:
    """``module.NAME`` of every ``alias.NAME.bind(...)`` (NAME in capitals) in ``source``, aliases resolved through its
    imports."""
    tree = ast.parse(source)
    alias: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            alias.update({(a.asname or a.name): f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            alias.update({(a.asname or a.name): a.name for a in node.names})
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "bind" \
                and isinstance(node.func.value, ast.Attribute) and isinstance(node.func.value.value, ast.Name) \
                and node.func.value.attr.isupper():  # an Interface slot is a constant: NAME.bind(...)
            owner = node.func.value.value.id
            found.append(f"{alias.get(owner, owner)}.{node.func.value.attr}")
    return found


def binding_problems(declared: set[str], bound: list[str]) -> list[str]:
    """Interfaces bound never, or more than once, and bindings of something not declared."""
    problems = [f"{name}: bound {bound.count(name)} times" for name in sorted(declared) if bound.count(name) != 1]
    problems += [f"{name}: bound but not declared" for name in sorted(set(bound) - declared)]
    return problems


def _sources(*tops: str) -> Iterator[tuple[str, str, str]]:
    """(path from the root, dotted module name, source) of every module under ``tops``."""
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            yield str(path.relative_to(ROOT)), ".".join(_module_name(path)), path.read_text()


def test_no_registry_outside_the_signals_and_the_wiring():
    found = {rel: names for rel, _m, src in _sources("webapp", "tenants")
             if rel not in ALLOWED_REGISTRIES and (names := registries(src, rel))}
    assert found == {}, f"registries outside webapp/core/signals.py and webapp/wiring.py: {found}"


def test_the_registry_rule_catches_every_way_of_registering():
    fixture = """
_texts = {}
_loader = None
_erasers = []
_counters = {}
_cache = {}


def register_text(kind, hook):  # a module-level call from a feature
    _texts[kind] = hook


def member_loader(fn):  # a decorator that keeps one
    global _loader
    _loader = fn
    return fn


def answers(question):  # a decorator factory
    def register(fn):
        _erasers.append(fn)
        return fn
    return register


def uses_counter(kind):
    def keep(fn):
        _counters.setdefault(kind, []).append(fn)
        return fn
    return keep


def cached(key, value):  # a cache is no registry
    _cache[key] = value
    return value if key else None
"""
    assert registries(fixture) == ["_counters", "_erasers", "_loader", "_texts"]


def test_signals_are_declared_in_core_signals_only():
    found = {rel: names for rel, _m, src in _sources("webapp", "tenants", "worker")
             if rel != "webapp/core/signals.py" and (names := signal_imports(src, rel))}
    assert found == {}, f"signals declared outside webapp/core/signals.py: {found}"
    assert signal_imports("from blinker import Namespace\nimport flask.signals\n") == ["blinker", "flask.signals"]


def test_every_signal_has_a_docstring_and_a_listener_or_a_test(app):
    from blinker import Namespace

    from webapp.core import signals

    tests_text = "".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py") if p.name != "test_architecture.py")
    assert signals.declared(), "no signal declared"
    assert signal_problems(signals.declared(), tests_text) == []
    bare = Namespace().signal("nobody-listens")
    assert signal_problems({"nobody-listens": bare}, tests_text) == ["nobody-listens: no docstring",
                                                                     "nobody-listens: no listener and no test"]


def _declared() -> set[str]:
    return declared_interfaces((m, src) for _rel, m, src in _sources("webapp", "tenants"))


def test_every_interface_is_bound_exactly_once_in_the_wiring(app):
    declared = _declared()
    assert len(declared) >= 16, declared
    assert binding_problems(declared, bindings((WEBAPP / "wiring.py").read_text())) == []
    elsewhere = {rel: b for rel, _m, src in _sources("webapp", "tenants", "worker")
                 if rel != "webapp/wiring.py" and (b := bindings(src))}
    assert elsewhere == {}, f"interfaces bound outside webapp/wiring.py: {elsewhere}"
    for name in declared:  # and at run time: the app (create_app) is wired
        module, attr = name.rsplit(".", 1)
        slot = getattr(importlib.import_module(module), attr)
        assert slot.bound and slot.name == f"{module.removeprefix('webapp.')}.{attr}", name
    fixture = ("from webapp.x import asks\nfrom webapp.y import asks as other\n"
               "asks.A.bind(f)\nasks.A.bind(g)\nother.C.bind(h)\n")
    assert binding_problems({"webapp.x.asks.A", "webapp.x.asks.B"}, bindings(fixture)) == [
        "webapp.x.asks.A: bound 2 times", "webapp.x.asks.B: bound 0 times", "webapp.y.asks.C: bound but not declared"]


def test_an_unwired_question_fails_loudly():
    from webapp.binding import Interface, NotWired

    question: Interface[object] = Interface("fixture.QUESTION", "a question nobody answered")
    try:
        question()
    except NotWired as e:
        assert "fixture.QUESTION" in str(e)
    else:
        raise AssertionError("an unbound interface answered")


def test_the_docs_name_every_signal_and_interface(app):
    from webapp.core import signals

    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text[text.index("## Signals and interfaces"):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    named = set(re.findall(r"^- `([\w.-]+)`", section, re.M))
    in_code = set(signals.declared()) | {n.removeprefix("webapp.") for n in _declared()}
    assert named == in_code, f"docs/architecture.md lists {sorted(named - in_code)} too many, {sorted(in_code - named)} missing"


# --- every SMS text comes from the builder (issue 32, DESIGN.md "SMS") -----------------------------------------------

SMS_BUILDER = "webapp/notices/sms/builder.py"
SMS_OUTBOX_WRITER = "webapp/notices/sms/services.py"


def _python_files() -> list[Path]:
    return sorted(p for top in ("webapp", "worker", "scripts") for p in (ROOT / top).rglob("*.py"))


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def sms_built_elsewhere(path: Path) -> list[str]:
    """What in ``path`` writes an SMS text outside the builder: a ``Sms(...)`` made by hand, a row handed to the
    outbox whose "sms" is not a builder result (a call to build/compose, or a name holding one), an outbox row
    written past ``queue_sms``."""
    rel = str(path.relative_to(ROOT))
    found = []
    for node in ast.walk(ast.parse(path.read_text(), rel)):
        if isinstance(node, ast.Call) and _called(node) == "Sms" and rel != SMS_BUILDER:
            found.append(f"{rel}:{node.lineno} makes an Sms by hand")
        if isinstance(node, ast.Call) and _called(node) == "queue_sms":
            for row in (d for arg in node.args for d in ast.walk(arg) if isinstance(d, ast.Dict)):
                for key, value in zip(row.keys, row.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value in ("sms", "body", "text", "fitted") and not (
                            key.value == "sms" and (isinstance(value, ast.Name) or (
                                isinstance(value, ast.Call) and _called(value) in ("build", "compose")))):
                        found.append(f"{rel}:{value.lineno} hands the outbox an SMS not built by the builder")
        if rel != SMS_OUTBOX_WRITER and (
                (isinstance(node, ast.Call) and _called(node) == "SmsMessage")
                or (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and "insert into sms_outbox" in node.value.lower())
                or (isinstance(node, ast.Attribute) and node.attr == "__table__"
                    and isinstance(node.value, ast.Name) and node.value.id == "SmsMessage")):
            found.append(f"{rel}:{node.lineno} writes the SMS outbox past queue_sms")
    return found


def test_every_sms_text_comes_from_the_builder():
    found = [f for path in _python_files() for f in sms_built_elsewhere(path)]
    assert found == [], "every SMS is written by webapp/notices/sms/builder.py:\n" + "\n".join(found)


def test_the_sms_check_sees_a_text_built_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    bad = tmp_path / "webapp" / "meetings" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text('from webapp.notices.sms import builder, services\n'
                   'services.queue_sms([{"phone": "+1", "kind": "x", "sms": "Meeting at 10:00"}])\n'
                   'services.queue_sms([{"phone": "+1", "kind": "x", "sms": builder.Sms("x", "en", "t", "gsm7", 1, 0)}])\n'
                   'services.queue_sms([{"phone": "+1", "kind": "x", "sms": services.build(d, c, t)}])\n')
    found = sms_built_elsewhere(bad)
    assert [f.split(" ", 1)[0] for f in found] == ["webapp/meetings/bad.py:2", "webapp/meetings/bad.py:3",
                                                   "webapp/meetings/bad.py:3"], found


# --- one permission vocabulary (issue 35): views name a predicate, never a role -------------------------------

PREDICATES_MODULE = "webapp/core/permissions.py"


def role_literals(source: str, filename: str = "<fixture>") -> list[str]:
    """``line: what`` for each role name written where a permission is asked: an argument of ``require(...)``, or
    a string compared with a ``.role`` (``member.role == "chair"``, ``role in ("chair", ...)``) in a view module."""
    from webapp.core.permissions import COMMITTEE_CHAIRS, ROLES

    roles = set(ROLES) | set(COMMITTEE_CHAIRS)
    view_module = filename == "<fixture>" or Path(filename).name.endswith(("views.py", "page.py"))

    def literals(node: ast.AST) -> list[str]:
        return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in roles]

    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "require":
            found += [f"{node.lineno}: require({r!r})" for r in literals(node)]
        elif view_module and isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "role" or getattr(s, "id", None) == "role"
                   for s in sides):
                found += [f"{node.lineno}: compares {r!r}" for s in sides for r in literals(s)]
    return found


def test_no_role_literal_outside_the_predicates():
    found = {rel: lines for rel, _m, src in _sources("webapp") if rel != PREDICATES_MODULE
             and (lines := role_literals(src, rel))}
    assert found == {}, f"role names outside {PREDICATES_MODULE} (use a named predicate): {found}"


def test_the_role_literal_rule_catches_a_violating_module():
    fixture = """
from webapp.core.permissions import may_manage, require


@require("secretariat")
def edit(): ...


@require("chair", "vice_chair")
def approve(): ...


@require(may_manage)
def fine(): ...


def shown(member):
    return member.role == "chair" or member.role in ("secretariat", "vice_chair") or member.name == "chair"
"""
    assert role_literals(fixture) == ["5: require('secretariat')", "9: require('chair')", "9: require('vice_chair')",
                                      "18: compares 'chair'", "18: compares 'secretariat'", "18: compares 'vice_chair'"]


def roles_asked_by_hand(source: str, filename: str = "<fixture>") -> list[str]:
    """``line: what`` for each permission asked with roles rather than a named predicate: ``require(*SOME_ROLES)``
    (a tuple of role names spread into it, which the literal rule above cannot see) or ``has_role(...)``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name == "require" and any(isinstance(a, ast.Starred) for a in node.args):
            found.append(f"{node.lineno}: require(*...)")
        elif name == "has_role":
            found.append(f"{node.lineno}: has_role(...)")
    return found


def test_no_permission_asked_with_roles_outside_the_predicates():
    """Issue 35: a feature names its permission in webapp/core/permissions.py (proposals' openers were
    ``OPENERS = ("secretariat", "chair", "vice_chair")`` spread into ``require`` and ``has_role``)."""
    found = {rel: lines for rel, _m, src in _sources("webapp") if rel != PREDICATES_MODULE
             and (lines := roles_asked_by_hand(src, rel))}
    assert found == {}, f"roles asked outside {PREDICATES_MODULE} (use a named predicate): {found}"


def test_the_roles_by_hand_rule_catches_a_violating_module():
    fixture = """
from webapp.core.permissions import has_role, may_manage, require

OPENERS = ("secretariat", "chair", "vice_chair")


@require(*OPENERS)
def new(): ...


@require(may_manage)
def fine(): ...


def may_open():
    return has_role(*OPENERS) or has_role("chair")
"""
    assert roles_asked_by_hand(fixture) == ["7: require(*...)", "16: has_role(...)", "16: has_role(...)"]


def test_the_meeting_page_reads_from_queries_only():
    """meetings/page.py builds a page: it asks the read modules (queries), never the write ones (services)."""
    writes = {name for name in _imports(WEBAPP / "meetings" / "page.py") if name.split(".")[-1] == "services"}
    assert writes == set(), f"meetings/page.py imports write modules: {sorted(writes)}"
