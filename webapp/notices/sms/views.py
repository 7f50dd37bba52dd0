"""Messages: every SMS the forum sent or is sending (the secretariat and chairs), beside Notices, with the month's
allowance: a warning at 80 %, and at 100 % a message that sending has stopped."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core.permissions import may_see_restricted, require
from webapp.core.rendering import render
from webapp.notices.sms import queries, services
from webapp.notices.sms.forms import DevReplyForm

bp = Blueprint("messages", __name__, url_prefix="/messages", template_folder="templates")


@bp.get("/")
@require(may_see_restricted)
def index() -> Response:
    return page(DevReplyForm() if services.dev_phones() else None)


def page(reply_form: DevReplyForm | None, status: int = 200) -> Response:
    selected = request.args.get("status")
    return render("messages/index.html", messages=queries.messages(selected), counts=queries.status_counts(),
                  selected=selected, allowance=services.allowance_state(current_tenant()),
                  gateway=bool(current_app.config.get("SMS_GATEWAY_URL")), page_title=_("Messages"),
                  reply_form=reply_form, busiest=queries.busiest_numbers(), status=status,
                  reply_caps=(current_app.config["SMS_AUTO_REPLIES_PER_HOUR"],
                              current_app.config["SMS_AUTO_REPLIES_PER_DAY"]))


@bp.post("/reply")
@require(may_see_restricted)
def dev_reply() -> Response | WzResponse:
    """Development only: a member's reply goes in through fakesmsc and Kannel, the real inbound path."""
    if not services.dev_phones():
        abort(404)
    form = DevReplyForm()
    if form.validate_on_submit():
        try:
            number = services.dev_reply(form.phone.data, form.text.data)
        except services.SmsError:
            form.phone.errors = [*form.phone.errors, _("This is not a valid phone number.")]
        else:
            flash(_("The reply from %(phone)s went to Kannel; reload in a moment.", phone=number))
            return redirect(url_for(".index"), 303)
    return page(form, 422)
