"""In the room and after: attendance with live quorum, minutes, decisions, published outcomes, search."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import content, handlers
from webapp.core.forms import CONTROL_MESSAGE, EmptyForm
from webapp.core.permissions import current_member, may_manage, may_take_part, require
from webapp.core.rendering import render, wants_fragment
from webapp.core.visibility import current_reader, is_public
from webapp.meetings import queries
from webapp.meetings.outcomes import queries as outcome_queries
from webapp.meetings.outcomes import services as outcomes
from webapp.meetings.outcomes.forms import DecisionForm, MinutesForm, OutcomesForm, SendBackForm
from webapp.meetings.outcomes.refusals import refusal
from webapp.meetings.page import attendance_fragment, meeting_page, minutes_preview, section_url
from webapp.meetings.permissions import may_take_attendance
from webapp.meetings.services import MeetingError

bp = Blueprint("record", __name__, url_prefix="/meetings")  # its templates live in meetings/templates/meetings


def _meeting(meeting_id: int):  # noqa: ANN202
    return handlers.load(queries.meeting, meeting_id)


def _sheet(meeting_id: int):  # noqa: ANN202
    """The meeting whose attendance sheet the signed-in member may keep (staff; the chair or a co-chair of the
    meeting's committee), or 404 — as for a meeting of another forum."""
    m = queries.meeting(meeting_id, True)
    return m if m is not None and may_take_attendance(m) else abort(404)


@bp.get("/<int:meeting_id>/attendance")
@require()
def attendance(meeting_id: int) -> Response:
    return render("meetings/attendance.html", **attendance_fragment(_sheet(meeting_id)).context())


@bp.post("/<int:meeting_id>/attendance/<int:invitation_id>")
@require()
def mark(meeting_id: int, invitation_id: int) -> Response | WzResponse:
    m = _sheet(meeting_id)
    inv = queries.invitation(m.id, invitation_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    outcomes.set_attendance(inv, request.form.get("present") == "1")
    if wants_fragment():  # the row, and the quorum panel out of band
        return render("meetings/attendance.html", block="live", **attendance_fragment(m).context())
    return redirect(url_for(".attendance", meeting_id=m.id) + f"#inv-{inv.id}", 303)


@bp.post("/<int:meeting_id>/attendance/checkins")
@require()
def confirm_checkins(meeting_id: int) -> Response | WzResponse:
    """The secretariat confirms self check-ins: every one at once, or one member's (``member_id``)."""
    m = _sheet(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    one = request.form.get("member_id", "")
    outcomes.confirm_checkins(m, int(one) if one.isdigit() else None)
    if wants_fragment():
        return render("meetings/attendance.html", block="live", **attendance_fragment(m).context())
    return redirect(url_for(".attendance", meeting_id=m.id), 303)


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
@require(may_manage)
def minutes(meeting_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    current = outcomes.minutes_of(m)
    form = MinutesForm(obj=current) if request.method == "GET" and current else MinutesForm()
    if form.validate_on_submit():
        outcomes.save_minutes(m, form.body_md.data or "", form.non_attributed.data, form.visibility.data)
        flash(_("The minutes are saved."))
        return redirect(section_url(m.id, "minutes"), 303)
    status = handlers.status(form)
    return render("meetings/minutes_form.html", m=m, form=form, status=status, page_title=_("Minutes"),
                  versions=outcome_queries.versions(current.id) if current else [])


@bp.post("/<int:meeting_id>/minutes/from-agenda")
@require(may_manage)
def from_agenda(meeting_id: int) -> WzResponse:
    """An empty draft with one heading per agenda item, then the editor; refused (with why) if there is text."""
    m = _meeting(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outcomes.start_from_agenda(m)
    except MeetingError as e:
        flash(_("The agenda has no item yet.") if e.field == "agenda" else
              _("The minutes already have text: the agenda's headings were not added."), "error")
    return redirect(url_for(".minutes", meeting_id=m.id), 303)


@bp.get("/<int:meeting_id>/minutes/preview")
@require(may_manage)
def preview(meeting_id: int) -> Response:
    """The minutes as invitees will get them, and the button that circulates them (nothing changes here)."""
    return render("meetings/minutes_preview.html", **minutes_preview(_meeting(meeting_id)).context())


@bp.post("/<int:meeting_id>/minutes/circulate")
@require(may_manage)
def circulate(meeting_id: int) -> Response | WzResponse:
    """Mails every invitee: asked first, the preview being the question (a POST without confirm=1 shows it)."""
    m = _meeting(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1":
        return render("meetings/minutes_preview.html", **minutes_preview(m).context())
    try:
        n = outcomes.circulate_minutes(m, current_member._get_current_object())
        flash(_("The minutes are circulated to %(n)d invitees.", n=n))
    except MeetingError:
        flash(_("Write the minutes before circulating them."), "error")
    return redirect(section_url(m.id, "minutes"), 303)


def _approver(meeting_id: int):  # noqa: ANN202
    """The meeting and the signed-in member, if they may approve its minutes (else 404)."""
    m = _meeting(meeting_id)
    me = current_member._get_current_object()
    if not outcomes.may_approve(me, m):
        abort(404)
    return m, me


@bp.post("/<int:meeting_id>/minutes/approve")
@require(may_take_part)
def approve(meeting_id: int) -> WzResponse:
    m, me = _approver(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outcomes.approve_minutes(m, me)
        flash(_("The minutes are approved."))
    except MeetingError:
        flash(_("The minutes must be circulated before they are approved."), "error")
    return redirect(section_url(m.id, "minutes"), 303)


@bp.post("/<int:meeting_id>/minutes/send-back")
@require(may_take_part)
def send_back(meeting_id: int) -> Response | WzResponse:
    """The approver returns the minutes with comments; the circulated version is kept with them."""
    m, me = _approver(meeting_id)
    form = SendBackForm()
    if not form.validate_on_submit():
        page = meeting_page(m.id, me) or abort(404)
        return render("meetings/show.html", status=422, **page.with_form(send_back_form=form).context())
    try:
        outcomes.send_back_minutes(m, me, form.comments.data)
        flash(_("The minutes are sent back to the secretariat with your comments."))
    except MeetingError:
        flash(_("Only circulated minutes can be sent back."), "error")
    return redirect(section_url(m.id, "minutes"), 303)


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


@bp.route("/<int:meeting_id>/decisions/<int:decision_id>/delete", methods=["GET", "POST"])
@require(may_manage)
def delete_decision(meeting_id: int, decision_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    d = outcome_queries.decision(m.id, decision_id) or abort(404)
    back = url_for("tenant.meetings.show", meeting_id=m.id) + "#decisions"
    return handlers.delete_confirmed(
        "decision", _("Delete this decision?"), back, _("Its positions and translations go with it. This cannot be "
                                                        "undone."),
        lambda: outcomes.delete_decision(d), back, _("The decision is deleted."), MeetingError, refusal,
        refused=url_for(".decision", meeting_id=m.id, decision_id=d.id))


@bp.route("/<int:meeting_id>/decisions/new", methods=["GET", "POST"], defaults={"decision_id": None})
@bp.route("/<int:meeting_id>/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@require(may_manage)
def decision(meeting_id: int, decision_id: int | None) -> Response | WzResponse:
    m = _meeting(meeting_id)
    d = (outcome_queries.decision(m.id, decision_id) or abort(404)) if decision_id else None
    form = _decision_form(m, d)
    core = list(current_tenant().setting("core_constituencies") or [])
    locales = [lc for lc in current_tenant().enabled_locales if lc != m.language]
    if handlers.submit(form, lambda: outcomes.save_decision(
            m, d, text=form.text.data, agenda_item_id=form.agenda_item_id.data, visibility=form.visibility.data,
            policy_outcome=form.policy_outcome.data, review_on=form.review_on.data,
            positions=_positions_from_request(core),
            translations={lc: request.form.get(f"text_{lc}", "") for lc in locales}),
            MeetingError, lambda e: handlers.under(form, "text", _decision_error(e))):
        flash(_("The decision is recorded."))
        return redirect(section_url(m.id, "minutes", "decisions"), 303)
    return render("meetings/decision_form.html", m=m, d=d, form=form, core=core, locales=locales,
                  status=handlers.status(form),
                  page_title=_("Decision"), **_recorded(d))


def _publish_error(e: MeetingError) -> str:
    return str(CONTROL_MESSAGE) if e.code == "control_characters_text" else \
        _("Outcomes can be published once notice has gone out.")


@bp.route("/<int:meeting_id>/outcomes", methods=["GET", "POST"])
@require(may_manage)
def publish(meeting_id: int) -> Response | WzResponse:
    m = _meeting(meeting_id)
    form = OutcomesForm(summary=m.summary) if request.method == "GET" else OutcomesForm()
    locales = [lc for lc in current_tenant().enabled_locales if lc != m.language]
    if handlers.submit(form, lambda: outcomes.publish_outcomes(
            m, form.summary.data, {lc: request.form.get(f"summary_{lc}", "") for lc in locales}),
            MeetingError, lambda e: handlers.under(form, "summary", _publish_error(e))):
        flash(_("The outcomes are published on the forum's public page.") if is_public(m.visibility) else
              _("The outcomes are recorded and members are told. This meeting is not public, so they do not "
                "appear on the forum's public page."))
        return redirect(url_for("tenant.meetings.show", meeting_id=m.id), 303)
    return render("meetings/outcomes_form.html", m=m, form=form, locales=locales, status=handlers.status(form),
                  translations=content.all_translations("meeting", m.id), page_title=_("Publish outcomes"))


@bp.get("/search")
@require()
def search() -> Response:
    q = request.args.get("q", "")
    found = outcomes.search(q, current_reader(), page=request.args.get("page", 1, type=int),
                            member=current_member._get_current_object())
    return render("meetings/search.html", q=q, found=found, locale=str(get_locale()), page_title=_("Search"))
