"""One macro for the one-button forms (issue 18): macros.html's button_form writes the POST form, its CSRF token,
hidden fields and htmx attributes; no template writes such a form by hand."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
MEETINGS = WEBAPP / "meetings" / "templates"

# a POST form holding only its CSRF token, hidden fields and one button
HAND_WRITTEN = re.compile(
    r"<form method=\"post\"[^>]*>\s*(?:(?:\{\{\s*\w+\.csrf_token\s*\}\}|<input type=\"hidden\"[^>]*>)\s*)+"
    r"<button[^>]*>(?:(?!</button>).)*</button>\s*</form>", re.S)


def _offenders(paths: list[Path]) -> list[str]:
    return [f"{p.relative_to(ROOT)}:{p.read_text(encoding='utf-8')[:m.start()].count(chr(10)) + 1}"
            for p in paths for m in HAND_WRITTEN.finditer(p.read_text(encoding="utf-8"))]


def _templates() -> list[Path]:
    return sorted(p for p in WEBAPP.rglob("*.html") if "templates" in p.parts)


def test_the_macro_writes_the_form(app):
    with app.test_request_context("/"):
        macro = app.jinja_env.get_template("macros.html").module.button_form
        html = str(macro("/t/x/things/1/remove", "Remove", "small", hidden={"direction": "up"},
                         hx_target="#thing-1", confirm="Sure?"))
    assert '<form method="post" action="/t/x/things/1/remove" class="inline"' in html
    assert 'hx-post="/t/x/things/1/remove" hx-target="#thing-1" hx-swap="outerHTML"' in html
    assert 'hx-confirm="Sure?"' in html
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', html)
    assert '<input type="hidden" name="direction" value="up">' in html
    assert '<button type="submit" class="small">Remove</button>' in html
    assert len(HAND_WRITTEN.findall(html)) == 1  # what it writes is what the scan looks for


def test_no_hand_written_one_button_form_outside_meetings():
    found = _offenders([p for p in _templates() if MEETINGS not in p.parents])
    assert found == [], "one-button forms written by hand (use button_form from macros.html):\n" + "\n".join(found)


def test_no_hand_written_one_button_form_in_meetings():
    found = _offenders([p for p in _templates() if MEETINGS in p.parents])
    assert found == [], "one-button forms written by hand (use button_form from macros.html):\n" + "\n".join(found)
