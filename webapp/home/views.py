from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response

from webapp.actions.queries import due_items
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
    me, staff, now, day = current_member._get_current_object(), may_see_restricted(), datetime.now(UTC), forum_today()
    return render("home/index.html", member=me, staff=staff, today=day, mine=queries.mine(me, current_reader(), now),
                  actions=due_items(me, day + DUE_WITHIN), todos=queries.staff_todos(now, day) if staff else None)
