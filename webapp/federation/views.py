"""The Affiliates page, invitations and their answers, shared objectives (both directions), the CSV."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.csv import to_csv
from webapp.core.downloads import download_response
from webapp.core.forms import EmptyForm
from webapp.core.permissions import may_manage, may_read_forum, may_speak_for_forum, require
from webapp.core.rendering import render
from webapp.core.zones import forum_today
from webapp.federation import forms, page, queries, services

bp = Blueprint("federation", __name__, url_prefix="/federation", template_folder="templates")


def _checked() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.get("/")
@require(may_read_forum)
def index() -> Response:
    return render("federation/index.html", **page.index_context(forms.InviteForm()))


@bp.post("/invite")
@require(may_manage)
def invite() -> Response | WzResponse:
    form = forms.InviteForm()
    if handlers.submit(form, lambda: services.invite(form.slug.data, current_user.name), services.FederationError,
                       lambda e: handlers.under(form, "slug", page.error_message(e))):
        flash(_("The invitation is sent. The forum's chair or secretariat will see it and answer."))
        return redirect(url_for(".index"), 303)
    return render("federation/index.html", status=422, **page.index_context(form))


@bp.post("/affiliations/<int:affiliation_id>/accept")
@require(may_speak_for_forum)
def accept(affiliation_id: int) -> WzResponse:
    affiliation = queries.affiliation(affiliation_id, side="affiliate") or abort(404)
    form = forms.AcceptForm().fill_choices()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.accept(affiliation, request.form.getlist("shares"), current_user.name)
    except services.FederationError as e:
        flash(page.error_message(e), "error")
    return redirect(url_for(".index"), 303)


@bp.post("/affiliations/<int:affiliation_id>/end")
@require(may_speak_for_forum)
def end(affiliation_id: int) -> WzResponse:
    affiliation = queries.affiliation(affiliation_id) or abort(404)
    _checked()
    try:
        services.end(affiliation, current_user.name)
    except services.FederationError as e:
        flash(page.error_message(e), "error")
    else:
        flash(_("The affiliation has ended. No figure is shared after today."))
    return redirect(url_for(".index"), 303)


@bp.post("/affiliations/<int:affiliation_id>/withdraw")
@require(may_speak_for_forum)
def withdraw(affiliation_id: int) -> WzResponse:
    affiliation = queries.affiliation(affiliation_id, side="affiliate") or abort(404)
    _checked()
    services.withdraw_snapshots(affiliation)
    flash(_("The figures this forum has sent are being withdrawn from the coordinating forum."))
    return redirect(url_for(".index"), 303)


@bp.post("/snapshots")
@require(may_manage)
def snapshots() -> WzResponse:
    _checked()
    n, recent = services.request_snapshots(forum_today())
    if n or not recent:
        flash(ngettext("A snapshot is requested from %(num)d affiliate. It appears here once the worker has taken it.",
                       "Snapshots are requested from %(num)d affiliates. They appear here once the worker has taken "
                       "them.", n))
    if recent:
        flash(page.too_recent_message(recent), "error")
    return redirect(url_for(".index"), 303)


@bp.get("/affiliates.csv")
@require(may_read_forum)
def export() -> Response:
    header, rows = page.csv_rows()
    return download_response(to_csv(header, rows), "affiliates.csv", "text/csv; charset=utf-8")


@bp.get("/objectives")
@require(may_manage)
def objectives() -> Response:
    return render("federation/objectives.html", **page.objectives_context())


@bp.post("/objectives/<int:objective_id>/share")
@require(may_manage)
def share(objective_id: int) -> WzResponse:
    objective = queries.objective(objective_id) or abort(404)
    _checked()
    try:
        services.set_shared(objective, request.form.get("shared") == "1")
    except services.FederationError as e:
        flash(page.error_message(e), "error")
    return redirect(url_for(".objectives"), 303)


@bp.get("/received")
@require(may_read_forum)
def received() -> Response:
    return render("federation/received.html", **page.received_context())


@bp.post("/received/<int:received_id>/link")
@require(may_manage)
def link(received_id: int) -> WzResponse:
    found = queries.received(received_id) or abort(404)
    objective = queries.objective(request.form.get("objective_id", type=int) or 0)
    _checked()
    if objective is None:
        flash(_("Please choose one of this forum's objectives."), "error")
    else:
        services.link(found[0], objective)
    return redirect(url_for(".received"), 303)


@bp.post("/received/<int:received_id>/unlink/<int:objective_id>")
@require(may_manage)
def unlink(received_id: int, objective_id: int) -> WzResponse:
    found = queries.received(received_id) or abort(404)
    _checked()
    services.unlink(found[0], objective_id)
    return redirect(url_for(".received"), 303)
