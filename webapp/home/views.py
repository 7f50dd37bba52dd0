from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response

from webapp.core import parts as shared
from webapp.core.permissions import current_member, may_see_restricted, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader
from webapp.core.zones import forum_today
from webapp.home import queries

bp = Blueprint("home", __name__, template_folder="templates")
DUE_WITHIN = timedelta(days=14)  # "due soon": what the member should see coming


@bp.get("/")
@require()
def index() -> Response:
    """The latest outcomes read alike by every reader of a visibility class: a shared part (webapp/core/parts.py),
    not read again while it is cached; the rest is the reader's own (their meetings, answers, actions, to-dos)."""
    me, staff, now, day = current_member._get_current_object(), may_see_restricted(), datetime.now(UTC), forum_today()
    reader = current_reader()
    kept = shared.for_reader("home", 0, reader)
    response = render("home/index.html", member=me, staff=staff, today=day, parts=kept,
                      mine=queries.mine(me, reader, now, day + DUE_WITHIN, outcomes=not kept.hit),
                      todos=queries.staff_todos(now, day) if staff else None)
    kept.store()
    return response
