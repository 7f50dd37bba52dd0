"""Permissions live in webapp/core/permissions.py (issue 18): templates ask named predicates (``may_manage()``,
``may_see_restricted()`` …) and never name a role. Each test reads the template files and fails, naming the file
and line, when a template calls has_role() or compares something with a forum role written out."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.core.permissions import PREDICATES, ROLES, STAFF, Predicate, require

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
MEETINGS = WEBAPP / "meetings" / "templates"

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_ROLE = "|".join(ROLES)
_LIT = rf"[\"'](?:{_ROLE})[\"']"
_RULES = [
    re.compile(r"\bhas_role\s*\("),
    # role == "secretariat", m.role != 'chair', role in ("chair", …), "observer" == member.role
    re.compile(rf"\brole\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*[(\[]?\s*{_LIT}"),
    re.compile(rf"{_LIT}\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*[\w.]*\brole\b"),
    # a tuple or list of forum roles written out ("chair", "vice_chair", "secretariat")
    re.compile(rf"{_LIT}\s*,\s*{_LIT}"),
]


def _templates(under: Path) -> list[Path]:
    return sorted(p for p in under.rglob("*") if p.suffix in (".html", ".txt", ".xml", ".ics") and "templates" in p.parts)


def offenders(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for tag in _TAG.finditer(text):
            for rule in _RULES:
                for m in rule.finditer(tag.group(0)):
                    line = text[:tag.start() + m.start()].count("\n") + 1
                    found.append(f"{path.relative_to(ROOT)}:{line}: {m.group(0)}")
    return found


def test_the_scan_sees_role_literals():
    sample = ROOT / "tests" / "core" / "_sample_role_template.html"
    sample.write_text('{% if has_role("secretariat") %}x{% endif %}{{ m.role == "chair" }}'
                      '{% for r in ("observer", "alternate") %}{% endfor %}{% if "member" != m.role %}{% endif %}'
                      '{{ e.object_type == "member" }}{{ inv.part == "chair" }}<b class="chair">x</b>')
    try:
        assert len(offenders([sample])) == 4
    finally:
        sample.unlink()


def test_no_template_outside_meetings_names_a_role():
    paths = [p for p in _templates(WEBAPP) if MEETINGS not in p.parents]
    assert paths, "no template found"
    found = offenders(paths)
    assert found == [], "templates naming roles (ask a predicate of webapp/core/permissions.py):\n" + "\n".join(found)


def test_no_meetings_template_names_a_role():
    found = offenders(_templates(MEETINGS))
    assert found == [], "templates naming roles (ask a predicate of webapp/core/permissions.py):\n" + "\n".join(found)


def test_predicates_are_named_after_what_they_allow_and_hold_role_tuples():
    assert set(PREDICATES) >= {"may_read_forum", "may_see_restricted", "may_manage", "may_change_settings"}
    for name, predicate in PREDICATES.items():
        assert name.startswith("may_") and predicate.__name__ == name and predicate.__doc__
        assert set(predicate.roles) <= set(ROLES)
    assert PREDICATES["may_see_restricted"].roles == STAFF
    assert PREDICATES["may_manage"].roles == ("secretariat",)


def test_require_takes_a_predicate_or_role_names_only():
    assert callable(require(PREDICATES["may_manage"]))
    assert callable(require("secretariat"))
    with pytest.raises(TypeError):
        require(lambda: True)  # type: ignore[arg-type]
    assert isinstance(PREDICATES["may_manage"], Predicate)


def test_templates_see_the_predicates(app):
    for name in PREDICATES:
        assert app.jinja_env.globals[name] is PREDICATES[name]
