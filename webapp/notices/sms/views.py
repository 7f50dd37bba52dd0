"""Messages: every SMS the forum sent or is sending (the secretariat and chairs), beside Notices, with the month's
allowance: a warning at 80 %, and at 100 % a message that sending has stopped."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _

from tenants.context import current_tenant
from webapp.core.permissions import may_see_restricted, require
from webapp.core.rendering import render
from webapp.notices.sms import queries, services

bp = Blueprint("messages", __name__, url_prefix="/messages", template_folder="templates")


@bp.get("/")
@require(may_see_restricted)
def index() -> Response:
    selected = request.args.get("status")
    return render("messages/index.html", messages=queries.messages(selected), counts=queries.status_counts(),
                  selected=selected, allowance=services.allowance_state(current_tenant()),
                  gateway=bool(current_app.config.get("SMS_GATEWAY_URL")), page_title=_("Messages"))
