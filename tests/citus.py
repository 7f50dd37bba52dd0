"""Citus readiness: every SQL statement the app sends during the tests must be routable to one shard.

Citus distributes the tenant tables by ``tenant_id`` (docs/scaling.md). It routes a statement to one shard, and
joins co-located shards there, only when every tenant table the statement reads or writes is pinned to one
``tenant_id``: ``t.tenant_id = <a value>``, or ``t.tenant_id = u.tenant_id`` with ``u`` pinned, in the WHERE or
a JOIN's ON, at the top level of the conditions (not under an OR), in every SELECT of the statement — its CTEs,
subqueries and UNION branches each on their own (a correlated subquery may take it from the enclosing query).
An INSERT names ``tenant_id`` among its columns. Row-level security filters the same rows in PostgreSQL, but
Citus plans before RLS applies: without the explicit equality the statement fans out to every shard.

The suite's conftest listens to every SQLAlchemy engine (``before_cursor_execute``), parses each statement with
sqlglot (cached per statement text, so a statement is parsed once per worker) and fails the test that ran a
statement breaking the rule, naming the statement, its tables and the line of the app that sent it. Each xdist
worker checks its own statements; statements sent by forked RQ work horses reach the test through a file.

The exceptions are the list ``EXCEPTIONS`` below, each with its reason (docs/scaling.md repeats them).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlglot
from sqlglot import exp

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = tuple(str(ROOT / d) + os.sep for d in ("webapp", "tenants", "worker"))
TESTS_DIR = str(ROOT / "tests") + os.sep

# Statements that may touch tenant tables without pinning every one of them, and why. Keys are where the
# statement comes from: "<module>:<function>" of the innermost app frame (webapp/, tenants/, worker/).
EXCEPTIONS: dict[str, str] = {
}
# Not checked at all (see docs/scaling.md, "Citus readiness"):
# - statements on a connection of any role but the app role (DATABASE_URL): migrations and seeds run as the
#   owner; Citus propagates DDL to every node and the migration of data runs once, coordinated;
# - statements the tests send themselves (no app frame on the stack, a tests/ frame instead): the suite
#   inspects the database, which the app never does that way;
# - statements with no tenant table: platform tables (tenants/catalogue.py GLOBAL_TABLES: user_forums has a
#   tenant_id only as a reference to the forum a user belongs to) (users, tenants, the platform outbox, login throttling)
#   become Citus reference tables, copied to every node, and join any shard locally.


@dataclass(frozen=True)
class Problem:
    statement: str
    tables: tuple[str, ...]
    where: str
    test: str

    def describe(self) -> str:
        sql = self.statement if len(self.statement) <= 800 else self.statement[:800] + " …"
        return (f"- test {self.test}\n  sent from {self.where}\n  tenant table(s) without tenant_id equality: "
                f"{', '.join(self.tables)}\n  statement: {sql}")


# --- the rule -------------------------------------------------------------------------------------------------

def _is_constant(node: exp.Expression) -> bool:
    """A value fixed for the statement: a parameter, a literal, a cast or function of those — no column, no
    subquery."""
    return not any(isinstance(n, exp.Column | exp.Select | exp.Star) for n in node.walk())


def _conjuncts(condition: exp.Expression | None) -> list[exp.Expression]:
    if condition is None:
        return []
    if isinstance(condition, exp.Where):
        condition = condition.this
    while isinstance(condition, exp.Paren):
        condition = condition.this
    if isinstance(condition, exp.And):
        return _conjuncts(condition.this) + _conjuncts(condition.expression)
    return [condition]


def _direct_tables(node: exp.Expression) -> list[exp.Table]:
    """The tables a SELECT/UPDATE/DELETE reads in its own FROM, JOINs, USING or target (not its subqueries)."""
    parts: list[exp.Expression | None] = []
    if isinstance(node, exp.Update | exp.Delete):
        parts.append(node.this)
        parts.append(node.args.get("from_") or node.args.get("from"))
        parts.extend(node.args.get("using") or [])
    else:
        parts.append(node.args.get("from_") or node.args.get("from"))
    parts.extend(j for j in node.args.get("joins") or [])
    tables = []
    for part in parts:
        if isinstance(part, exp.From | exp.Join):
            part = part.this
        if isinstance(part, exp.Table) and part.name:
            tables.append(part)
    return tables


def _conditions(node: exp.Expression) -> list[exp.Expression]:
    found = _conjuncts(node.args.get("where"))
    for join in node.args.get("joins") or []:
        found += _conjuncts(join.args.get("on"))
    return found


def _enclosing_aliases(node: exp.Expression) -> set[str]:
    names: set[str] = set()
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Select | exp.Update | exp.Delete):
            names |= {t.alias_or_name for t in _direct_tables(parent)}
        parent = parent.parent
    return names


def _unpinned(node: exp.Expression, tenant_tables: frozenset[str]) -> list[str]:
    tables = _direct_tables(node)
    tenant = {t.alias_or_name: t.name for t in tables if t.name in tenant_tables}
    if not tenant:
        return []
    names = {t.alias_or_name for t in tables}
    outer = _enclosing_aliases(node) - names
    parent = {name: name for name in tenant}
    parent["<value>"] = "<value>"

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    def node_of(col: exp.Column) -> str | None:
        if col.name != "tenant_id":
            return None
        qualifier = col.table
        if not qualifier:
            return next(iter(tenant)) if len(names) == 1 and tenant else None
        if qualifier in tenant:
            return qualifier
        if qualifier in outer:  # correlated: the enclosing query pins its own tables (checked on its own)
            return "<value>"
        return None

    for cond in _conditions(node):
        left, right = None, None
        if isinstance(cond, exp.EQ):
            left, right = cond.this, cond.expression
        elif isinstance(cond, exp.In) and len(cond.expressions) == 1:
            left, right = cond.this, cond.expressions[0]
        else:
            continue
        for a, b in ((left, right), (right, left)):
            if isinstance(a, exp.Column) and (na := node_of(a)) is not None:
                if isinstance(b, exp.Column):
                    nb = node_of(b)
                    if nb is not None:
                        parent[find(na)] = find(nb)
                elif _is_constant(b):
                    parent[find(na)] = find("<value>")
    return [tenant[alias] for alias in tenant if find(alias) != find("<value>")]


def _insert_problem(node: exp.Insert, tenant_tables: frozenset[str]) -> list[str]:
    target = node.this
    table = target.this if isinstance(target, exp.Schema) else target
    if not isinstance(table, exp.Table) or table.name not in tenant_tables:
        return []
    columns = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else []
    return [] if "tenant_id" in columns else [table.name]


@lru_cache(maxsize=20000)
def violations(statement: str, tenant_tables: frozenset[str]) -> tuple[str, ...]:
    """The tenant tables of ``statement`` not pinned to one tenant_id (empty: Citus can route it)."""
    lowered = statement.lower()
    if not any(t in lowered for t in tenant_tables):
        return ()
    try:
        trees = [t for t in sqlglot.parse(statement, read="postgres") if t is not None]
    except sqlglot.errors.SqlglotError:
        return ("(sqlglot could not parse the statement)",)
    bad: list[str] = []
    for tree in trees:
        for node in tree.walk():
            if isinstance(node, exp.Insert):
                bad += _insert_problem(node, tenant_tables)
            elif isinstance(node, exp.Select | exp.Update | exp.Delete):
                bad += _unpinned(node, tenant_tables)
    return tuple(dict.fromkeys(bad))


# --- recording ------------------------------------------------------------------------------------------------

def _app_frame() -> tuple[str | None, str]:
    """(exception key "<module>:<function>", "file:line in function") of the innermost app frame; key None when
    the statement comes from a test itself."""
    frames = traceback.extract_stack()
    for frame in reversed(frames):
        if frame.filename == __file__:
            continue
        if frame.filename.startswith(APP_DIRS):
            module = os.path.relpath(frame.filename, ROOT).removesuffix(".py").replace(os.sep, ".")
            return f"{module}:{frame.name}", f"{os.path.relpath(frame.filename, ROOT)}:{frame.lineno} in {frame.name}"
        if frame.filename.startswith(TESTS_DIR) and not frame.filename.endswith("conftest.py"):
            return None, f"{os.path.relpath(frame.filename, ROOT)}:{frame.lineno}"
    return "?", "(no app frame on the stack)"


class Recorder:
    """Checks the statements of the app role's connections; problems go to a file that the test reads."""

    def __init__(self, app_role: str, path: Path) -> None:
        self.tenant_tables: frozenset[str] = frozenset()
        self.app_role = app_role
        self.path = path

    def __call__(self, conn, _cursor, statement, _parameters, _context, _executemany) -> None:  # noqa: ANN001
        if conn.engine.url.username != self.app_role:
            return
        if not self.tenant_tables:  # the models are all mapped once an app exists (create_app imports them)
            from tenants.catalogue import GLOBAL_TABLES
            from webapp.extensions import db

            self.tenant_tables = frozenset(t.name for t in db.metadata.tables.values()
                                           if "tenant_id" in t.c and t.name not in GLOBAL_TABLES)
        bad = violations(statement, self.tenant_tables)
        if not bad:
            return
        key, where = _app_frame()
        if key is None or key in EXCEPTIONS:
            return
        problem = {"statement": " ".join(statement.split()), "tables": list(bad), "where": where,
                   "test": os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]}
        with open(self.path, "a", encoding="utf-8") as f:  # a forked work horse writes here too
            f.write(json.dumps(problem) + "\n")

    def take(self) -> list[Problem]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        self.path.unlink(missing_ok=True)
        return [Problem(p["statement"], tuple(p["tables"]), p["where"], p["test"]) for p in map(json.loads, lines)]


def recorder(app_role: str) -> Recorder:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "master")
    path = Path(tempfile.gettempdir()) / f"baraza-citus-{os.getpid()}-{worker}.jsonl"
    path.unlink(missing_ok=True)
    return Recorder(app_role, path)


def report(problems: list[Problem]) -> str:
    shown = list({(p.statement, p.where): p for p in problems}.values())
    return ("Citus readiness (tests/citus.py): statement(s) touching a tenant table without `tenant_id = …` for "
            "every tenant table in it. Add the equality (`Model.tenant_id == tid`, or join on tenant_id) or, if "
            "it cannot be routed to one forum, a reasoned entry in EXCEPTIONS (tests/citus.py) and "
            "docs/scaling.md.\n" + "\n".join(p.describe() for p in shown))


if __name__ == "__main__":  # python -m tests.citus "SELECT …" [tenant tables…]: check one statement by hand
    print(violations(sys.argv[1], frozenset(sys.argv[2:]) or frozenset({"meetings", "members"})))
