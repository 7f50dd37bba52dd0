"""Every action code and kind of object the code base writes to the audit log has a translated label
(webapp/core/labels.py), so the change log reads in the reader's language (issue 21)."""
from __future__ import annotations

import ast
from pathlib import Path

from webapp.core.labels import audit_action_labels, audit_object_labels

ROOT = Path(__file__).resolve().parents[2]


def _strings(node: ast.AST) -> set[str]:
    """The string constants an argument may evaluate to (a literal, either branch of ``a if c else b``,
    or any value of a literal dict looked up)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):  # {"a": "code_a", ...}[key]
        return set().union(*(_strings(v) for v in node.value.values))
    return set()


def _written() -> tuple[set[str], set[str], list[str]]:
    actions, objects, dynamic = set(), set(), []
    for path in sorted((ROOT / "webapp").rglob("*.py")) + sorted((ROOT / "worker").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"):
                continue
            found = _strings(node.args[0])
            actions |= found
            objects |= _strings(node.args[1])
            if not found:
                dynamic.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return actions, objects, dynamic


def test_the_scan_finds_the_audit_writes():
    actions, objects, _dynamic = _written()
    assert {"created", "deleted", "notified", "erased"} <= actions and {"meeting", "member"} <= objects


def test_every_action_code_written_has_a_label():
    actions, _objects, dynamic = _written()
    assert not dynamic, f"an audit action code that is not a literal: {dynamic}"
    assert not actions - set(audit_action_labels()), "no label in webapp/core/labels.py for: " + ", ".join(
        sorted(actions - set(audit_action_labels())))


def test_every_kind_of_object_written_has_a_label():
    _actions, objects, _dynamic = _written()
    objects |= {"organisation", "committee"}  # members/services.py writes these through a variable
    assert not objects - set(audit_object_labels()), "no label in webapp/core/labels.py for: " + ", ".join(
        sorted(objects - set(audit_object_labels())))
