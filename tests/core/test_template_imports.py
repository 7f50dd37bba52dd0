"""A page rendered as its block alone (an htmx request: webapp/core/rendering.py) runs only that block, so a macro
imported at the top of an extending template is undefined there (a 500 found by the hostile-query-string fuzz on
the registrations list). Imports go inside the block that uses them."""
from __future__ import annotations

import re
from pathlib import Path

import webapp

TAG = re.compile(r"\{%-?\s*(block|endblock|from|import)\b")


def _top_level_imports(text: str) -> list[str]:
    depth, found = 0, []
    for m in TAG.finditer(text):
        kind = m.group(1)
        if kind == "block":
            depth += 1
        elif kind == "endblock":
            depth -= 1
        elif depth == 0:
            found.append(text[m.start():text.index("%}", m.start()) + 2])
    return found


def test_the_rule_sees_an_import_outside_the_blocks() -> None:
    bad = '{% extends "base.html" %}\n{% from "macros.html" import field %}\n{% block content %}{% endblock %}'
    good = '{% extends "base.html" %}\n{% block content %}{% from "macros.html" import field %}{% endblock %}'
    assert _top_level_imports(bad) and not _top_level_imports(good)


def test_extending_templates_import_macros_inside_their_blocks() -> None:
    root = Path(webapp.__file__).parent
    offenders = {}
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if "{% extends" in text and (found := _top_level_imports(text)):
            offenders[str(path.relative_to(root))] = found
    assert offenders == {}
