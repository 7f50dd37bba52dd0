"""SMS in a forum's own languages (issue 46): its translators write the sentences and reply words of a language the
built-in SMS tables lack; webapp/notices/sms/languages.py checks and keeps them."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import handlers
from webapp.core.permissions import may_translate, require
from webapp.core.rendering import render
from webapp.notices.sms import languages
from webapp.notices.sms.forms import SmsLanguageForm, kind_labels
from webapp.notices.sms.sentences import EN

bp = Blueprint("sms_languages", __name__, url_prefix="/settings/sms-languages", template_folder="templates")


@bp.get("/")
@require(may_translate)
def index() -> Response:
    return render("sms_languages/index.html", languages=languages.forum_languages(current_tenant()),
                  page_title=_("SMS in other languages"))


@bp.route("/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/<code>", methods=["GET", "POST"])
@require(may_translate)
def edit(code: str | None) -> Response | WzResponse:
    tenant = current_tenant()
    known = languages.forum_languages(tenant).get(code) if code else None
    if code and known is None:
        abort(404)
    form = SmsLanguageForm(data=SmsLanguageForm.initial(known) if known else None)
    done = handlers.submit(form, lambda: languages.save(tenant, code or form.code.data, form.values()),
                           languages.SmsLanguageError, lambda e: handlers.under(form, e.field, e.message))
    if done:
        flash(_("The SMS sentences in %(language)s are saved.", language=done.result.name))
        return redirect(url_for(".edit", code=done.result.code), 303)
    return render("sms_languages/edit.html", form=form, code=code, kinds=kind_labels(), english=EN.sentences,
                  english_reply=EN.reply, english_proposal_reply=EN.proposal.reply, status=handlers.status(form),
                  page_title=_("SMS in other languages"))


@bp.post("/<code>/remove")
@require(may_translate)
def remove(code: str) -> WzResponse:
    if not languages.remove(current_tenant(), code):
        abort(404)
    flash(_("The SMS sentences of this language are removed; its members get SMS in the forum's language."))
    return redirect(url_for(".index"), 303)
