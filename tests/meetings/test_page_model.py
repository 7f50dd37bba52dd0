"""Issue 18: the meeting page is one view model; its fragments render from their own small contexts; the meetings
templates name no role (the view model and meetings/permissions.py decide)."""
from __future__ import annotations

import re
from pathlib import Path

from flask import render_template_string  # noqa: F401  (the app's Jinja environment, below)
from jinja2 import StrictUndefined
from jinja2_fragments import render_block

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings import page
from webapp.meetings.models import Meeting

TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "meetings" / "templates"
ROLE = r"(secretariat|chair|vice_chair|member|observer|alternate)"


def test_no_meetings_template_names_a_role():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for pattern in (r"has_role\(", rf"""role\s*(==|!=|in)\s*[("'\[]*["']{ROLE}["']""",
                        rf"""["']{ROLE}["']\s*(==|!=|in)\s*\S*role"""):
            offenders += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []


def _strict(app):
    env = app.jinja_env.overlay(undefined=StrictUndefined)
    return env


def test_fragments_render_from_their_own_context_only(app, factory, two_forums):
    """Each block sees only its fragment's names: a name missing from the fragment fails here, not in a swap."""
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]),
                        notify=True)
    env = _strict(app)
    with app.test_request_context("/t/forum-a/meetings/"), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        app.preprocess_request()
        agenda = page.agenda_fragment(meeting)
        html = render_block(env, "meetings/show.html", "agenda", **_globals(app), **agenda.context())
        assert "Opening" in html
        whole = page.meeting_page(meeting.id, _Viewer(two_forums["a_member"]["id"]))
        html = render_block(env, "meetings/show.html", "invitees", **_globals(app),
                            **whole.invitees_fragment().context())
        assert "Amadou Member" in html and "Yes: 0" in html
        attendance = page.attendance_fragment(meeting)
        html = render_block(env, "meetings/attendance.html", "live", **_globals(app), **attendance.context())
        assert "Amadou Member" in html


class _Viewer:
    def __init__(self, member_id: int) -> None:
        self.id = member_id
        self.role = "member"


def _globals(app) -> dict:
    """What every template gets from the app (context processors), as render_block would add it."""
    context: dict = {}
    app.update_template_context(context)
    return context
