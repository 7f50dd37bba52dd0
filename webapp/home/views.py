from __future__ import annotations

from flask import Blueprint, Response

from webapp.core.permissions import current_member, require
from webapp.core.rendering import render
from webapp.home import queries

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
@require()
def index() -> Response:
    return render("home/index.html", member=current_member, roles=queries.roll_summary())
