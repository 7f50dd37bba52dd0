"""The public's form to suggest a matter for the agenda, on pages of its own: never cached, and (with the
consultations' forms) the only pages that set a cookie. The verification is the shared one
(webapp/consultations/verification.py and visitor.py) — the same contact, codes, limits and session keys, so a
visitor verified on a consultation is verified here too. The cached
public home only links here and stays the same bytes for every visitor."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, has_request_context, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.consultations import verification, visitor
from webapp.consultations.forms import CodeForm, ContactForm
from webapp.core import handlers
from webapp.core.i18n import LANGUAGES
from webapp.core.rendering import render
from webapp.suggestions import services
from webapp.suggestions.forms import SuggestionForm
from webapp.suggestions.refusals import refusal

bp = Blueprint("suggestion_forms", __name__, url_prefix="/public/suggest", template_folder="templates")


@bp.url_defaults
def keep_language(_endpoint: str, values: dict[str, Any]) -> None:
    """?lang= sticks from the public home to the form."""
    if has_request_context() and "lang" not in values and request.args.get("lang") in LANGUAGES:
        values["lang"] = request.args["lang"]


def _page(status: int = 200, **forms: Any) -> Response:
    contact = visitor.verified()
    form = forms.get("suggestion") or SuggestionForm(formdata=None, language=str(get_locale()))
    form.fill_choices(current_tenant().enabled_locales)
    return visitor.no_store(render(
        "suggestions/suggest.html", status=status, contact=contact, suggestion_form=form,
        contact_form=forms.get("contact") or ContactForm(formdata=None),
        code_form=forms.get("code") or (CodeForm(formdata=None) if visitor.pending_id() else None),
        page_title=_("Suggest a matter for the agenda")))


@bp.get("/")
def suggest() -> Response:
    return _page()


@bp.post("/code-request")
def code_request() -> Response:
    form = ContactForm()
    done = handlers.submit(form, lambda: verification.send_code(
        form.channel.data, form.address.data, str(get_locale()), request.remote_addr),
        verification.VerificationError, lambda e: handlers.under(form, "address", refusal(e)))
    if done:
        visitor.code_sent(done.result)
        return _page(code=CodeForm(formdata=None))
    return _page(handlers.status(form), contact=form)


@bp.post("/code")
def code() -> Response | WzResponse:
    form = CodeForm()
    done = handlers.submit(form, lambda: verification.verify(visitor.pending_id() or 0, form.code.data),
                           verification.VerificationError, lambda e: handlers.under(form, "code", refusal(e)))
    if done:
        visitor.code_checked(done.result)
        return redirect(url_for(".suggest") + "#suggestion", 303)
    return _page(handlers.status(form), code=form)


@bp.post("/send")
def send() -> Response:
    contact = visitor.verified() or abort(403)
    form = SuggestionForm().fill_choices(current_tenant().enabled_locales)
    done = handlers.submit(form, lambda: services.add(
        contact, title=form.title.data, body=form.body.data, name=form.name.data, speaks_for=form.speaks_for.data,
        language=form.language.data, network=request.remote_addr),
        verification.VerificationError, lambda e: handlers.under(form, "body", refusal(e)))
    if done:
        return visitor.no_store(render("suggestions/sent.html", page_title=_("Suggestion sent")))
    return _page(handlers.status(form), suggestion=form)
