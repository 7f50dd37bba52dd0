"""A forum's public pages: no sign-in, no cookie, language from ?lang= or Accept-Language."""
from __future__ import annotations

from flask import Blueprint, Response, make_response
from flask_babel import get_locale
from flask_babel import gettext as _

from webapp.actions import queries as actions
from webapp.core.rendering import render
from webapp.meetings import calendars, outcome_queries, queries
from webapp.members.services import today

bp = Blueprint("public", __name__, url_prefix="/public", template_folder="templates")


@bp.get("/")
def index() -> Response:
    """Published outcomes: summaries, public decisions and approved public minutes."""
    locale = str(get_locale())
    published = outcome_queries.published()
    ids = [m.id for m, _n in published]
    meeting_text = queries.translations("meeting", ids, locale)
    decisions = outcome_queries.public_decisions(ids)
    decision_text = queries.translations("decision", [d.id for ds in decisions.values() for d in ds], locale)
    upcoming = [m for m, c, _i, _y in queries.meetings(staff=False, upcoming=True) if m.visibility == "public"]
    plans = actions.plans(("public",), today())
    items = {p.id: actions.plan_items(p.id, ("public",)) for p, _r in plans[:5]}
    return render("public/index.html", published=published, meeting_text=meeting_text, decisions=decisions,
                  decision_text=decision_text, upcoming=upcoming, locale=locale, plans=plans, plan_items=items,
                  page_title=_("Public page"))


@bp.get("/calendar.ics")
def calendar() -> Response:
    """The forum's public meetings as a calendar anyone can subscribe to."""
    response = make_response(calendars.public_feed())
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
