"""Organisations and committees of a forum."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.forms import ONE_LINE_MESSAGE
from webapp.core.permissions import may_manage, may_see_committee, require
from webapp.core.rendering import render
from webapp.members import forms, queries, services
from webapp.members.interfaces import ROLL_BALANCE
from webapp.members.refusals import refusal

organisations_bp = Blueprint("organisations", __name__, url_prefix="/organisations", template_folder="templates")
committees_bp = Blueprint("committees", __name__, url_prefix="/committees", template_folder="templates")


def _taken(e: services.MemberError) -> str:
    if e.code == "control_characters":
        return str(ONE_LINE_MESSAGE)
    return _("This name is already used.") if e.code == "taken" else _("Please check this value.")


@organisations_bp.get("/")
@require()
def organisations() -> Response:
    return render("members/organisations.html", organisations=queries.organisations(),
                  counts=queries.organisation_counts(), page_title=_("Organisations"))


@organisations_bp.route("/new", methods=["GET", "POST"], defaults={"org_id": None})
@organisations_bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def organisation_form(org_id: int | None) -> Response | WzResponse:
    org = None
    if org_id is not None:
        org = queries.organisation(org_id) or abort(404)
    form = forms.OrganisationForm(obj=org) if request.method == "GET" else forms.OrganisationForm()
    form.fill_choices()
    if handlers.submit(form, lambda: services.save_organisation(
            org, name=form.name.data, acronym=form.acronym.data, constituency=form.constituency.data,
            country=form.country.data), services.MemberError, lambda e: handlers.under(form, e.field, _taken(e))):
        flash(_("Saved."))
        return redirect(url_for(".organisations"), 303)
    return render("members/organisation_form.html", form=form, org=org, status=handlers.status(form),
                  page_title=org.name if org else _("New organisation"))


@organisations_bp.route("/<int:org_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_organisation(org_id: int) -> Response | WzResponse:
    org = queries.organisation(org_id) or abort(404)
    back = url_for(".organisation_form", org_id=org.id)
    return handlers.delete_confirmed(
        "organisation", _("Delete the organisation “%(name)s”?", name=org.name), back, _("This cannot be undone."),
        lambda: services.delete_organisation(org), url_for(".organisations"), _("The organisation is deleted."),
        services.MemberError, refusal)


@committees_bp.get("/")
@require()
def committees() -> Response:
    return render("members/committees.html", committees=queries.committees(), counts=queries.committee_counts(),
                  page_title=_("Committees"))


@committees_bp.get("/<int:committee_id>")
@require()
def committee(committee_id: int) -> Response:
    c = queries.committee(committee_id) or abort(404)
    seat_form = forms.SeatForm()
    seat_form.fill_choices(queries.member_choices() if may_manage() else [])
    return render("members/committee.html", c=c, roster=queries.committee_roster(c.id), seat_form=seat_form,
                  composition=queries.composition(committee_id=c.id), action_form=forms.EmptyForm(),
                  balance=ROLL_BALANCE()(c.id) if may_see_committee(c.id) else [],
                  page_title=c.name)


@committees_bp.route("/new", methods=["GET", "POST"], defaults={"committee_id": None})
@committees_bp.route("/<int:committee_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def committee_form(committee_id: int | None) -> Response | WzResponse:
    c = None
    if committee_id is not None:
        c = queries.committee(committee_id) or abort(404)
    form = forms.CommitteeForm(obj=c) if request.method == "GET" else forms.CommitteeForm()
    form.fill_choices()
    done = handlers.submit(form, lambda: services.save_committee(c, name=form.name.data, kind=form.kind.data,
                                                                 level=form.level.data, active=form.active.data),
                           services.MemberError, lambda e: handlers.under(form, e.field, _taken(e)))
    if done:
        flash(_("Saved."))
        return redirect(url_for(".committee", committee_id=done.result.id), 303)
    return render("members/committee_form.html", form=form, c=c, status=handlers.status(form),
                  page_title=c.name if c else _("New committee"))


@committees_bp.post("/<int:committee_id>/seats")
@require(may_manage)
def add_seat(committee_id: int) -> WzResponse:
    c = queries.committee(committee_id) or abort(404)
    form = forms.SeatForm()
    form.fill_choices(queries.member_choices())
    if form.validate_on_submit():
        m = queries.member(form.member_id.data) or abort(404)
        services.set_seat(c, m, form.role.data)
        flash(_("%(name)s sits on %(committee)s.", name=m.name, committee=c.name))
    else:
        flash(_("Please choose a member and a role."), "error")
    return redirect(url_for(".committee", committee_id=c.id), 303)


@committees_bp.post("/<int:committee_id>/seats/<int:member_id>/remove")
@require(may_manage)
def remove_seat(committee_id: int, member_id: int) -> WzResponse:
    c = queries.committee(committee_id) or abort(404)
    m = queries.member(member_id) or abort(404)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    services.set_seat(c, m, None)
    flash(_("%(name)s no longer sits on %(committee)s.", name=m.name, committee=c.name))
    return redirect(url_for(".committee", committee_id=c.id), 303)
