"""The secretariat's consultation pages: put a draft out for public comment, the moderation queue (publish, or
decline with a reason from the list), and the close with "what we heard" and the final text."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.comments import queries as comment_queries
from webapp.consultations import queries, services, verification
from webapp.consultations.forms import CloseForm, DeclineForm, OpenForm, reason_labels
from webapp.consultations.models import Consultation
from webapp.core import handlers
from webapp.core.permissions import may_manage, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader

bp = Blueprint("consultations", __name__, url_prefix="/consultations", template_folder="templates")


def refusal(e: verification.VerificationError) -> str:
    return {"required": _("Please fill in this field."), "before_opening": _("The closing date is in the past."),
            "closed": _("This consultation is closed."), "too_many": _("Too many attempts. Please try again later."),
            "sms_cap": _("No more codes by SMS today for this forum. Please use an e-mail address."),
            "invalid_email": _("This email address does not look right."),
            "invalid_phone": _("This phone number does not look right."),
            "wrong": _("This code is not right."), "expired": _("This code has expired. Please ask for a new one."),
            "too_long": _("This comment is too long.")}.get(e.code, _("Please check this field."))


def _mine(consultation_id: int) -> Consultation:
    return queries.consultation(consultation_id) or abort(404)


@bp.get("/")
@require(may_manage)
def index() -> Response:
    return render("consultations/index.html", consultations=queries.every_one(), page_title=_("Public consultations"))


@bp.route("/new/<any(minutes, proposal):kind>/<int:target_id>", methods=["GET", "POST"])
@require(may_manage)
def new(kind: str, target_id: int) -> Response | WzResponse:
    d = comment_queries.draft(kind, target_id, current_reader()) or abort(404)
    form = OpenForm()
    done = handlers.submit(form, lambda: services.open_consultation(
        d, form.question_1.data, form.question_2.data, form.closes_on.data), services.ConsultationError,
        lambda e: handlers.under(form, e.field, refusal(e)))
    if done:
        flash(_("The draft is out for public comment."))
        return redirect(url_for(".show", consultation_id=done.result.id), 303)
    return render("consultations/new.html", d=d, form=form, status=handlers.status(form),
                  page_title=_("Put out for public comment"))


@bp.get("/<int:consultation_id>")
@require(may_manage)
def show(consultation_id: int) -> Response:
    c = _mine(consultation_id)
    return render("consultations/show.html", c=c, queue=queries.queue(c), decline_form=DeclineForm(),
                  reasons=reason_labels(), is_open=services.is_open(c), page_title=c.title)


@bp.post("/<int:consultation_id>/comments/<int:comment_id>/publish")
@require(may_manage)
def publish(consultation_id: int, comment_id: int) -> WzResponse:
    c = _mine(consultation_id)
    services.publish(c, queries.comment(c, comment_id) or abort(404))
    flash(_("The comment is published."))
    return redirect(url_for(".show", consultation_id=c.id), 303)


@bp.post("/<int:consultation_id>/comments/<int:comment_id>/decline")
@require(may_manage)
def decline(consultation_id: int, comment_id: int) -> WzResponse:
    c = _mine(consultation_id)
    comment, form = queries.comment(c, comment_id) or abort(404), DeclineForm()
    if form.validate_on_submit():
        services.decline(c, comment, form.reason.data)
        flash(_("The comment is declined."))
    return redirect(url_for(".show", consultation_id=c.id), 303)


@bp.post("/<int:consultation_id>/comments/<int:comment_id>/erase")
@require(may_manage)
def erase(consultation_id: int, comment_id: int) -> WzResponse:
    """Erasure on request: the person's contact, their names and texts on every consultation, their code e-mails."""
    c = _mine(consultation_id)
    comment = queries.comment(c, comment_id) or abort(404)
    services.erase_contact(queries.contact(comment.author_contact_id) or abort(404))
    flash(_("This person's details are erased."))
    return redirect(url_for(".show", consultation_id=c.id), 303)


@bp.route("/<int:consultation_id>/close", methods=["GET", "POST"])
@require(may_manage)
def close(consultation_id: int) -> Response | WzResponse:
    c = _mine(consultation_id)
    form = CloseForm(data={"heard": c.heard, "final_text": c.final_text or c.text})
    done = handlers.submit(form, lambda: services.close(c, form.heard.data, form.final_text.data),
                           services.ConsultationError, lambda e: handlers.under(form, e.field, refusal(e)))
    if done:
        flash(_("What we heard is published with the final text."))
        return redirect(url_for(".show", consultation_id=c.id), 303)
    return render("consultations/close.html", c=c, form=form, status=handlers.status(form),
                  page_title=_("What we heard"))
