"""The public's forms of a consultation, on pages of their own: never cached, and the only pages of a consultation
that set a cookie (the session that keeps the CSRF token and, once a code is verified, the contact). The cached
public page (webapp/public/views.py) only links here and stays the same bytes for every visitor."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, has_request_context, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.consultations import queries, services, verification, visitor
from webapp.consultations.forms import CodeForm, ContactForm, PublicCommentForm
from webapp.consultations.models import Consultation
from webapp.consultations.views import refusal
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.i18n import LANGUAGES
from webapp.core.rendering import render

bp = Blueprint("consultation_forms", __name__, url_prefix="/public/consultations", template_folder="templates")


@bp.url_defaults
def keep_language(_endpoint: str, values: dict[str, Any]) -> None:
    """?lang= sticks from the public page to its forms (as registrations' forms do)."""
    if has_request_context() and "lang" not in values and request.args.get("lang") in LANGUAGES:
        values["lang"] = request.args["lang"]


def _open(consultation_id: int) -> Consultation:
    c = queries.public_consultation(consultation_id) or abort(404)
    return c if services.is_open(c) else abort(404)


def _page(c: Consultation, status: int = 200, **forms: Any) -> Response:
    contact = visitor.verified()
    lang = str(get_locale())
    comment = forms.get("comment") or PublicCommentForm(formdata=None, language=lang)
    comment.fill_choices(current_tenant().enabled_locales)
    return visitor.no_store(render(
        "consultations/take_part.html", status=status, c=c, contact=contact, comment_form=comment,
        contact_form=forms.get("contact") or ContactForm(formdata=None), position=_position(),
        code_form=forms.get("code") or (CodeForm(formdata=None) if visitor.pending_id() else None),
        page_title=_("Comment on %(title)s", title=c.title)))


def _position() -> int | None:
    raw = request.values.get("p", "")
    return int(raw) if raw.isdigit() else None


@bp.get("/<int:consultation_id>/take-part")
def take_part(consultation_id: int) -> Response:
    return _page(_open(consultation_id))


@bp.post("/<int:consultation_id>/code-request")
def code_request(consultation_id: int) -> Response:
    c, form = _open(consultation_id), ContactForm()
    done = handlers.submit(form, lambda: services.send_code(c, form.channel.data, form.address.data,
                                                            str(get_locale()), request.remote_addr),
                           verification.VerificationError, lambda e: handlers.under(form, "address", refusal(e)))
    if done:
        visitor.code_sent(done.result)
        return _page(c, code=CodeForm(formdata=None))
    return _page(c, handlers.status(form), contact=form)


@bp.post("/<int:consultation_id>/code")
def code(consultation_id: int) -> Response | WzResponse:
    c, form = _open(consultation_id), CodeForm()
    done = handlers.submit(form, lambda: verification.verify(visitor.pending_id() or 0, form.code.data),
                           verification.VerificationError, lambda e: handlers.under(form, "code", refusal(e)))
    if done:
        visitor.code_checked(done.result)
        return redirect(url_for(".take_part", consultation_id=c.id, p=request.args.get("p")) + "#comment", 303)
    return _page(c, handlers.status(form), code=form)


@bp.post("/<int:consultation_id>/comment")
def comment(consultation_id: int) -> Response:
    c = _open(consultation_id)
    contact = visitor.verified() or abort(403)
    form = PublicCommentForm().fill_choices(current_tenant().enabled_locales)
    done = handlers.submit(form, lambda: services.add_public_comment(
        c, contact, body=form.body.data, name=form.name.data, speaks_for=form.speaks_for.data,
        language=form.language.data, position=_position(), network=request.remote_addr),
        verification.VerificationError, lambda e: handlers.under(form, "body", refusal(e)))
    if done:
        return visitor.no_store(render("consultations/sent.html", c=c, page_title=_("Comment sent")))
    return _page(c, handlers.status(form), comment=form)


@bp.route("/<int:consultation_id>/comments/<int:comment_id>/report", methods=["GET", "POST"])
def report(consultation_id: int, comment_id: int) -> Response:
    """The report button of a published comment: a confirmation page whose POST counts the report."""
    c = queries.public_consultation(consultation_id) or abort(404)
    found, form = queries.published_comment(c, comment_id) or abort(404), EmptyForm()
    if form.validate_on_submit():
        services.report(found)
        return visitor.no_store(render("consultations/reported.html", c=c, page_title=_("Report sent")))
    return visitor.no_store(render("consultations/report.html", c=c, comment=found, form=form,
                            page_title=_("Report a comment")))
