"""In the room and after: attendance with live quorum, minutes, decisions, published outcomes, search."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import content
from webapp.core.forms import CONTROL_MESSAGE, EmptyForm
from webapp.core.permissions import current_member, require
from webapp.core.rendering import render, wants_fragment
from webapp.meetings import queries
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.meetings.outcomes import services as outcomes
from webapp.meetings.outcomes.forms import DecisionForm, MinutesForm, OutcomesForm
from webapp.meetings.page import attendance_fragment
from webapp.meetings.permissions import sees_restricted
from webapp.meetings.services import MeetingError

bp = Blueprint("record", __name__, url_prefix="/meetings")  # its templates live in meetings/templates/meetings


def _meeting(meeting_id: int):  # noqa: ANN202
    return queries.meeting(meeting_id, sees_restricted()) or abort(404)


@bp.get("/<int:meeting_id>/attendance")
@require("secretariat", "chair", "vice_chair")
def attendance(meeting_id: int) -> Response:
    return render("meetings/attendance.html", **attendance_fragment(_meeting(meeting_id)).context())


@bp.post("/<int:meeting_id>/attendance/<int:invitation_id>")
@require("secretariat", "chair", "vice_chair")
def mark(meeting_id: int, invitation_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    inv = queries.invitation(m.id, invitation_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    outcomes.set_attendance(inv, request.form.get("present") == "1")
    if wants_fragment():  # the row, and the quorum panel out of band
        return render("meetings/attendance.html", block="live", **attendance_fragment(m).context())
    return redirect(url_for(".attendance", meeting_id=m.id) + f"#inv-{inv.id}", 303)


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
@require("secretariat")
def minutes(meeting_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    current = outcomes.minutes_of(m)
    form = MinutesForm(obj=current) if request.method == "GET" and current else MinutesForm()
    if form.validate_on_submit():
        outcomes.save_minutes(m, form.body_md.data or "", form.non_attributed.data, form.visibility.data)
        flash(_("The minutes are saved."))
        return redirect(url_for("tenant.meetings.show", meeting_id=m.id) + "#minutes", 303)
    status = 422 if form.is_submitted() else 200
    return render("meetings/minutes_form.html", m=m, form=form, status=status, page_title=_("Minutes"))


@bp.post("/<int:meeting_id>/minutes/circulate")
@require("secretariat")
def circulate(meeting_id: int) -> WzResponse:
    m = _meeting(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        n = outcomes.circulate_minutes(m)
        flash(_("The minutes are circulated to %(n)d invitees.", n=n))
    except MeetingError:
        flash(_("Write the minutes before circulating them."), "error")
    return redirect(url_for("tenant.meetings.show", meeting_id=m.id) + "#minutes", 303)


@bp.post("/<int:meeting_id>/minutes/approve")
@require("chair", "vice_chair", "member", "alternate", "secretariat")
def approve(meeting_id: int) -> WzResponse:
    m = _meeting(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    me = current_member._get_current_object()
    if not outcomes.may_approve(me, m):
        abort(404)
    try:
        outcomes.approve_minutes(m, me)
        flash(_("The minutes are approved."))
    except MeetingError:
        flash(_("The minutes must be circulated before they are approved."), "error")
    return redirect(url_for("tenant.meetings.show", meeting_id=m.id) + "#minutes", 303)


def _positions_from_request(core: list[str]) -> dict[str, str]:
    return {c: request.form.get(f"position_{c}", "") for c in core}


def _decision_form(m, d) -> DecisionForm:  # noqa: ANN001
    """The decision form with the meeting's agenda as choices; on GET, filled from the decision or, for a new
    one, with the meeting's visibility."""
    form = DecisionForm(obj=d) if request.method == "GET" and d else DecisionForm()
    if request.method == "GET" and d is None:
        form.visibility.data = m.visibility  # a decision is seen, by default, by those who see its meeting
    form.fill_choices(queries.agenda(m.id))
    return form


def _decision_error(e: MeetingError) -> str:
    return str(CONTROL_MESSAGE) if e.code == "control_characters_text" else _("Please check this value.")


def _recorded(d) -> dict:  # noqa: ANN001
    """The decision's recorded positions and translations (none for a new one)."""
    return {"positions": outcome_queries.positions([d.id]).get(d.id, {}) if d else {},
            "translations": content.all_translations("decision", d.id) if d else {}}


@bp.route("/<int:meeting_id>/decisions/new", methods=["GET", "POST"], defaults={"decision_id": None})
@bp.route("/<int:meeting_id>/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@require("secretariat")
def decision(meeting_id: int, decision_id: int | None) -> Response | WzResponse:
    m = _meeting(meeting_id)
    d = (outcome_queries.decision(m.id, decision_id) or abort(404)) if decision_id else None
    form = _decision_form(m, d)
    core = list(current_tenant().setting("core_constituencies") or [])
    locales = [lc for lc in current_tenant().enabled_locales if lc != m.language]
    if form.validate_on_submit():
        try:
            d = outcomes.save_decision(m, d, text=form.text.data, agenda_item_id=form.agenda_item_id.data,
                                       visibility=form.visibility.data, policy_outcome=form.policy_outcome.data,
                                       review_on=form.review_on.data, positions=_positions_from_request(core),
                                       translations={lc: request.form.get(f"text_{lc}", "") for lc in locales})
        except MeetingError as e:
            form.text.errors = [_decision_error(e)]
        else:
            flash(_("The decision is recorded."))
            return redirect(url_for("tenant.meetings.show", meeting_id=m.id) + "#decisions", 303)
    status = 422 if form.is_submitted() else 200
    return render("meetings/decision_form.html", m=m, d=d, form=form, core=core, locales=locales, status=status,
                  page_title=_("Decision"), **_recorded(d))


@bp.route("/<int:meeting_id>/outcomes", methods=["GET", "POST"])
@require("secretariat")
def publish(meeting_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    form = OutcomesForm(summary=m.summary) if request.method == "GET" else OutcomesForm()
    locales = [lc for lc in current_tenant().enabled_locales if lc != m.language]
    if form.validate_on_submit():
        try:
            outcomes.publish_outcomes(m, form.summary.data, {lc: request.form.get(f"summary_{lc}", "")
                                                             for lc in locales})
        except MeetingError as e:
            form.summary.errors = [str(CONTROL_MESSAGE) if e.code == "control_characters_text"
                                   else _("Outcomes can be published once notice has gone out.")]
        else:
            flash(_("The outcomes are published on the forum's public page.") if m.visibility == "public" else
                  _("The outcomes are recorded and members are told. This meeting is not public, so they do not "
                    "appear on the forum's public page."))
            return redirect(url_for("tenant.meetings.show", meeting_id=m.id), 303)
    status = 422 if form.is_submitted() else 200
    return render("meetings/outcomes_form.html", m=m, form=form, locales=locales, status=status,
                  translations=content.all_translations("meeting", m.id), page_title=_("Publish outcomes"))


@bp.get("/search")
@require()
def search() -> Response:
    q = request.args.get("q", "")
    staff = sees_restricted()
    found = outcomes.search(q, queries.visible_levels(staff), include_drafts=staff,
                            page=request.args.get("page", 1, type=int), member=current_member._get_current_object())
    return render("meetings/search.html", q=q, found=found, locale=str(get_locale()), page_title=_("Search"))
