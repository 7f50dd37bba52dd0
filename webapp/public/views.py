from __future__ import annotations

from flask import Blueprint, Response, make_response

from webapp.meetings import calendars

bp = Blueprint("public", __name__, url_prefix="/public")


@bp.get("/calendar.ics")
def calendar() -> Response:
    """The forum's public meetings as a calendar anyone can subscribe to."""
    response = make_response(calendars.public_feed())
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
