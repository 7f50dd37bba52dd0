"""The register of initiatives, "who does what where": the secretariat keeps it, members read it, and the public
reads the entries the forum made public (webapp/public)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.actions.initiatives import exports, queries, services
from webapp.actions.initiatives.forms import InitiativeForm, status_labels
from webapp.core import handlers
from webapp.core.downloads import download_response
from webapp.core.forms import EmptyForm
from webapp.core.labels import visibility_labels
from webapp.core.permissions import may_manage, may_take_part, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader
from webapp.core.zones import forum_today

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")  # templates: actions/templates/initiatives


@bp.get("/")
@require(may_take_part)
def index() -> Response:
    return render("initiatives/index.html", entries=queries.register(current_reader()), today=forum_today(),
                  status_labels=status_labels(), visibility_labels=visibility_labels(),
                  page_title=_("Who does what where"))


@bp.get("/export.csv")
@require(may_take_part)
def export() -> Response:
    return download_response(exports.csv_text(queries.register(current_reader())), "initiatives.csv",
                             "text/csv; charset=utf-8")


def _message(e: services.InitiativeError) -> str:
    return {"required": _("Please fill in this field."), "before_start": _("The end is before the start.")}.get(
        e.code, _("Please check this value."))


def _show(form: InitiativeForm) -> object:
    return lambda e: setattr(getattr(form, e.field, form.name), "errors", [_message(e)])


@bp.route("/new", methods=["GET", "POST"])
@require(may_manage)
def new() -> Response | WzResponse:
    form = InitiativeForm(objectives=queries.objective_choices())
    done = handlers.submit(form, lambda: services.save_initiative(None, form.values(), form.objective_ids.data or []),
                           services.InitiativeError, _show(form))
    if done:
        flash(_("The initiative is in the register."))
        return redirect(url_for(".index") + f"#i-{done.result.id}", 303)
    return render("initiatives/form.html", form=form, initiative=None, status=handlers.status(form),
                  page_title=_("New initiative"))


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def edit(initiative_id: int) -> Response | WzResponse:
    it = queries.initiative(initiative_id) or abort(404)
    form = InitiativeForm(obj=it, objectives=queries.objective_choices(),
                          data={"objective_ids": queries.linked_objectives(it.id)})
    done = handlers.submit(form, lambda: services.save_initiative(it, form.values(), form.objective_ids.data or []),
                           services.InitiativeError, _show(form))
    if done:
        flash(_("The initiative is saved."))
        return redirect(url_for(".index") + f"#i-{it.id}", 303)
    return render("initiatives/form.html", form=form, initiative=it, status=handlers.status(form),
                  page_title=it.name)


@bp.post("/<int:initiative_id>/reviewed")
@require(may_manage)
def reviewed(initiative_id: int) -> WzResponse:
    """The yearly update: the entry was checked and is still right."""
    it = queries.initiative(initiative_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_reviewed(it)
    flash(_("Marked as reviewed for this year."))
    return redirect(url_for(".index") + f"#i-{initiative_id}", 303)
