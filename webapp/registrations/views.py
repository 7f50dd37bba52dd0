"""Registration pages. Public ones (no account): the form of an open session, on a page of its own, never cached
(the meeting's cached public page only links here and stays the same for every visitor), and the registrant's cancel
link. The secretariat's: who registered, the number of seats, removing a registrant (on request, or to erase them)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, has_request_context, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.i18n import LANGUAGES
from webapp.core.permissions import may_manage, require
from webapp.core.rendering import render
from webapp.meetings import queries as meeting_queries
from webapp.registrations import queries, services
from webapp.registrations.forms import CapacityForm, RegistrationForm

bp = Blueprint("registrations", __name__, template_folder="templates")
PUBLIC = ("form", "register", "cancel")


@bp.url_defaults
def keep_language(endpoint: str, values: dict[str, Any]) -> None:
    """A language chosen with ?lang= on a public page sticks to the registration form and its answer (public pages
    set no cookie), as from public page to public page."""
    if (has_request_context() and endpoint.rsplit(".", 1)[-1] in PUBLIC and "lang" not in values
            and request.args.get("lang") in LANGUAGES):
        values["lang"] = request.args["lang"]


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _refusal(form: RegistrationForm, e: services.RegistrationError) -> None:
    handlers.under(form, e.field, {
        "already": _("This address is already registered for this session."),
        "too_many": _("Too many registrations from your network. Please try again in an hour."),
        "closed": _("Registration for this session is closed."),
    }.get(e.code, _("Please check this value.")))


def _form_page(meeting_id: int, form: RegistrationForm | None = None, status: int = 200) -> Response:
    m, opening = queries.open_meeting(meeting_id) or abort(404)
    form = form or RegistrationForm(formdata=None, language=str(get_locale()))
    form.fill_choices(current_tenant().enabled_locales)
    return _no_store(render("registrations/form.html", status=status, m=m, form=form,
                            full=queries.confirmed_count(m.id) >= opening.capacity, page_title=_("Register")))


@bp.get("/public/meetings/<int:meeting_id>/register")
def form(meeting_id: int) -> Response:
    return _form_page(meeting_id)


@bp.post("/public/meetings/<int:meeting_id>/register")
def register(meeting_id: int) -> Response:
    m, _opening = queries.open_meeting(meeting_id) or abort(404)
    form = RegistrationForm().fill_choices(current_tenant().enabled_locales)
    done = handlers.submit(form, lambda: services.register(
        m, name=form.name.data, email=form.email.data, phone=form.phone.data, language=form.language.data,
        access_needs=form.access_needs.data, address=request.remote_addr),
        services.RegistrationError, lambda e: _refusal(form, e))
    if done:
        return _no_store(render("registrations/done.html", m=m, reg=done.result, page_title=_("Register")))
    return _form_page(meeting_id, form, handlers.status(form))


@bp.route("/public/registrations/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str) -> Response:
    """The link in the registrant's e-mail: a page asking to confirm (a mail scanner's GET cancels nothing)."""
    reg, m = queries.by_token(token) or abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        services.cancel(reg)
        return _no_store(render("registrations/cancelled.html", m=m, page_title=_("Registration cancelled")))
    return _no_store(render("registrations/cancel.html", m=m, reg=reg, form=form,
                            page_title=_("Cancel your registration")))


def _list_page(meeting_id: int, form: CapacityForm | None = None, status: int = 200) -> Response:
    m = handlers.load(meeting_queries.meeting, meeting_id)
    opening = queries.opening(m.id)
    form = form or CapacityForm(formdata=None, capacity=opening.capacity if opening else None)
    return render("registrations/list.html", status=status, m=m, opening=opening, form=form,
                  registrations=queries.of_meeting(m.id), page_title=_("Registrations"))


@bp.get("/meetings/<int:meeting_id>/registrations")
@require(may_manage)
def registrants(meeting_id: int) -> Response:
    return _list_page(meeting_id)


@bp.post("/meetings/<int:meeting_id>/registrations")
@require(may_manage)
def capacity(meeting_id: int) -> Response | WzResponse:
    m = handlers.load(meeting_queries.meeting, meeting_id)
    form = CapacityForm()
    if handlers.submit(form, lambda: services.open_registration(m, form.capacity.data),
                       services.RegistrationError, lambda e: None):
        flash(_("Registration is open with this number of seats."))
        return redirect(url_for(".registrants", meeting_id=m.id), 303)
    return _list_page(meeting_id, form, handlers.status(form))


@bp.post("/meetings/<int:meeting_id>/registrations/<int:registration_id>/remove")
@require(may_manage)
def remove(meeting_id: int, registration_id: int) -> WzResponse:
    """Removes a registrant and every detail they gave (on their request: erasure); the waiting list moves up."""
    m = handlers.load(meeting_queries.meeting, meeting_id)
    services.cancel(queries.one(m.id, registration_id) or abort(404))
    flash(_("The registrant and their details are removed."))
    return redirect(url_for(".registrants", meeting_id=m.id), 303)
