"""Views stay thin (DESIGN.md: ~20 lines — load → authorise → call a service → render or redirect; issue 18).

Every function under webapp/ decorated with a blueprint route (``@bp.get``, ``@bp.post``, ``@bp.route`` …) is
read with ``ast``; its body, without the docstring, blank lines and comment-only lines, must fit in MAX_LINES.
Rules found in a longer view belong in the package's services.py or queries.py.
"""
from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
MEETINGS = WEBAPP / "meetings"
MAX_LINES = 20
_ROUTES = {"get", "post", "put", "patch", "delete", "route"}


def _is_route(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in _ROUTES


def _code_lines(source: str) -> set[int]:
    """Line numbers holding code (not blank, not only a comment)."""
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                            tokenize.ENDMARKER):
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines


def view_lengths(paths: list[Path]) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in paths:
        source = path.read_text(encoding="utf-8")
        code = _code_lines(source)
        for node in ast.walk(ast.parse(source, str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not any(map(_is_route, node.decorator_list)):
                continue
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str) and len(body) > 1:
                body = body[1:]
            span = range(body[0].lineno, (body[-1].end_lineno or body[-1].lineno) + 1)
            name = path.relative_to(ROOT) if ROOT in path.parents else path.name
            found[f"{name}::{node.name}"] = len(code.intersection(span))
    return found


def _long(paths: list[Path]) -> list[str]:
    return sorted(f"{name}: {n} lines" for name, n in view_lengths(paths).items() if n > MAX_LINES)


def test_the_counter_skips_the_docstring_blank_and_comment_lines(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text('@bp.get("/")\ndef index():\n    """Doc."""\n\n    # a comment\n    a = 1\n    return (a,\n'
                      '            2)\n\n\ndef helper():\n' + "    x = 1\n" * 30)
    assert list(view_lengths([sample]).values()) == [3]


def test_views_outside_meetings_are_thin():
    paths = [p for p in sorted(WEBAPP.rglob("*.py")) if MEETINGS not in p.parents]
    assert len(view_lengths(paths)) > 50, "no views found"
    long = _long(paths)
    assert long == [], f"views over {MAX_LINES} lines (move the rules to services.py or queries.py):\n" + "\n".join(long)


def test_meetings_views_are_thin():
    assert _long(sorted(MEETINGS.rglob("*.py"))) == []
