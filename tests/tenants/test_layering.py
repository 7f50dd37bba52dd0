"""Tenancy in one direction: context.py (state) <- rls.py (hooks) <- routing.py; tenants imports
only webapp.extensions from the web app (DESIGN.md, Layout), and webapp.binding (the typed-interface slot of
routing's AFTER_TENANT, which imports nothing)."""
from __future__ import annotations

import ast
from pathlib import Path

TENANTS = Path(__file__).resolve().parents[2] / "tenants"


def imports_of(module: str) -> set[str]:
    """Every module ``tenants/<module>.py`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse((TENANTS / f"{module}.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.split(".")[0] in {"tenants", "webapp", "worker"}}


def test_context_holds_state_only():
    # the tenant model only for type hints; no hooks, no database, no session
    assert imports_of("context") <= {"tenants.models", "tenants.models.Tenant"}


def test_each_tenants_module_imports_only_the_ones_below_it():
    order = ["models", "context", "rls", "routing"]
    for i, module in enumerate(order):
        below = {f"tenants.{m}" for m in order[:i]}
        for imported in imports_of(module):
            if imported.startswith("webapp"):
                assert imported.startswith(("webapp.extensions", "webapp.binding")), \
                    f"tenants/{module}.py imports {imported}"
            elif imported != "tenants":
                assert any(imported == b or imported.startswith(b + ".") for b in below), \
                    f"tenants/{module}.py imports {imported}"
