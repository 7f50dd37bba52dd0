"""The live meeting: the chair's and secretariat's view, the member's view, the projector, and their controls.

Every page polls itself every 3 s (htmx) and answers 304 while the meeting's live version (webapp/live/version.py)
has not moved; every control is a plain form (303 after POST), so the pages work without JavaScript too.
"""
from __future__ import annotations

from datetime import datetime, time

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant, current_tenant_id
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.permissions import current_member, require
from webapp.core.rendering import render, wants_fragment
from webapp.core.zones import forum_zone
from webapp.extensions import db
from webapp.inclusion import explain
from webapp.live import checkin, clock, forms, parity, queries, services, version
from webapp.live.models import Intervention
from webapp.meetings import queries as meeting_queries
from webapp.meetings import services as meeting_services
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes.services import quorum_for
from webapp.meetings.permissions import may_manage_meetings, may_take_attendance, sees_restricted
from webapp.members import labels
from webapp.members.models import Member

bp = Blueprint("live", __name__, url_prefix="/live", template_folder="templates")
POLL = "every 3s"


@bp.app_context_processor
def voice_labels() -> dict[str, object]:
    return {"voice_group_label": explain.voice_group}


def _etag(meeting_id: int, view: str) -> str | None:
    """The page as this reader saw it: the meeting's live version, the view, the reader, the language and the minute
    (the item's timer counts minutes)."""
    v = version.get(current_tenant_id(), meeting_id)
    if v is None:
        return None
    member = _member()
    minute = clock.now().strftime("%Y%m%d%H%M")
    part = "f" if wants_fragment() else "p"  # the poll's update and the whole page never share a tag
    return (f"live-{current_tenant_id()}-{meeting_id}-{v}-{view}-{part}-{member.id if member else 0}-{get_locale()}"
            f"-{minute}")


def _member() -> Member:
    """The signed-in member (the proxy's object: services keep it)."""
    return current_member._get_current_object()  # type: ignore[attr-defined]


def _not_modified(tag: str | None) -> Response | None:
    if tag is not None and tag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(tag)
        response.vary.update(("HX-Request", "HX-Boosted"))
        return response
    return None


def _tagged(response: Response, tag: str | None) -> Response:
    if tag is not None:
        response.set_etag(tag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("HX-Boosted")  # a boosted navigation's whole page is never an update from the browser's cache
    return response


def _state_or_404(meeting_id: int) -> queries.LiveState:
    return queries.state(meeting_id, sees_restricted()) or abort(404)


def _chair(m: Meeting) -> bool:
    return may_take_attendance(m)


def _labels() -> dict[str, object]:
    return {"constituency_labels": labels.constituencies(), "gender_labels": labels.genders()}


@bp.get("/<int:meeting_id>")
@require()
def room(meeting_id: int) -> Response:
    """The chair's and secretariat's live view, or the member's, by who asks."""
    tag = _etag(meeting_id, "room")
    if wants_fragment() and (unchanged := _not_modified(tag)) is not None:
        return unchanged
    s = _state_or_404(meeting_id)
    now = clock.now()
    common = {"s": s, "now": now, "tz": forum_zone(), "poll": POLL, "page_title": s.m.title,
              "item_minutes": queries.elapsed_minutes(s.live.item_started_at if s.live else None, now), **_labels()}
    if _chair(s.m):
        return _tagged(_chair_page(s, now, common), tag)
    me = _member()
    return _tagged(render("live/member.html", block="panel", me=me, place=s.place_of(me.id),
                          checkin=checkin.checked_in(s.m, me), **common), tag)


def _chair_page(s: queries.LiveState, now: datetime, common: dict[str, object]) -> Response:
    full = not wants_fragment()  # the add form and the quorum: on the page, not in each poll's update
    form = forms.SpeakerForm().fill_choices(_invitees(s.m)) if full else None
    return render("live/chair.html", block="panel", form=form, may_enter=may_manage_meetings(),
                  q=quorum_for(s.m) if full else None, room_code=checkin.room_code(s.m, now),
                  remedies=parity.floor_remedies(s.m.floor_counts or {}, parity.fraction(),
                                                 [(r.id, r.gender, r.constituency, r.name) for r in s.queue]),
                  **common)


@bp.get("/<int:meeting_id>/projector")
@require()
def projector(meeting_id: int) -> Response:
    tag = _etag(meeting_id, "projector")
    if wants_fragment() and (unchanged := _not_modified(tag)) is not None:
        return unchanged
    s = _state_or_404(meeting_id)
    now = clock.now()
    return _tagged(render("live/projector.html", block="panel", s=s, now=now, tz=forum_zone(), poll=POLL,
                          page_title=s.m.title, forum=current_tenant().name, room_code=checkin.room_code(s.m, now),
                          item_minutes=queries.elapsed_minutes(s.live.item_started_at if s.live else None, now),
                          **_labels()), tag)


def _invitees(m: Meeting) -> list[tuple[int, str]]:
    return sorted(((member.id, member.name) for _inv, member, *_ in meeting_queries.invitees(m.id) if member),
                  key=lambda x: x[1])


def _chair_state(meeting_id: int) -> queries.LiveState:
    s = _state_or_404(meeting_id)
    if not _chair(s.m):
        abort(404)
    return s


def _back(meeting_id: int) -> WzResponse:
    return redirect(url_for("tenant.live.room", meeting_id=meeting_id), 303)


def _message(e: services.LiveError) -> str:
    return {"not_live": _("The meeting has not started in the room."),
            "not_waiting": _("That person is no longer in the queue."),
            "name": _("Give the speaker's name or choose a member."),
            "cancelled": _("This meeting is cancelled."),
            "code": _("That room code does not work: it is wrong or too old. Type the code shown in the room now."),
            "not_invited": _("You are not invited to this meeting."),
            "vote_open": _("Close the open vote before opening another."),
            "motion": _("Write the motion, or choose an open proposal."),
            "proposal": _("That proposal is no longer open.")}.get(e.code, _("Please check this value."))


def _refused(e: services.LiveError, meeting_id: int) -> WzResponse:
    flash(_message(e), "error")
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/start")
@require()
def start(meeting_id: int) -> WzResponse:
    s = _chair_state(meeting_id)
    try:
        services.start(s.m, clock.now())
    except services.LiveError as e:
        return _refused(e, meeting_id)
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/next-item")
@require()
def next_item(meeting_id: int) -> WzResponse:
    s = _chair_state(meeting_id)
    try:
        services.next_item(s.m, clock.now())
    except services.LiveError as e:
        return _refused(e, meeting_id)
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/end")
@require()
def end(meeting_id: int) -> WzResponse:
    """The chair ends the meeting in the room (the intervention in progress ends with it)."""
    s = _chair_state(meeting_id)
    try:
        services.end(s.m, clock.now())
    except services.LiveError as e:
        return _refused(e, meeting_id)
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/checkin")
@require()
def check_in(meeting_id: int) -> WzResponse:
    """A signed-in member checks in from their phone with the room code."""
    s = _state_or_404(meeting_id)
    try:
        checkin.check_in(s.m, _member(), request.form.get("code", ""), "phone", clock.now())
    except services.LiveError as e:
        return _refused(e, meeting_id)
    flash(_("You are checked in. The secretariat will confirm it."), "success")
    return _back(meeting_id)


@bp.route("/here/<token>", methods=["GET", "POST"])
def here(token: str) -> Response:
    """Check-in through the member's own answer link (no sign-in): the room code, then checked in."""
    inv, m, member = _answer_link(token)
    error, done = None, checkin.checked_in(m, member) is not None
    if request.method == "POST" and EmptyForm().validate_on_submit():
        try:
            done = bool(checkin.check_in(m, member, request.form.get("code", ""), "link", clock.now()))
        except services.LiveError as e:
            error = _message(e)
    return render("live/here.html", status=422 if error else 200, m=m, member=member, token=token, error=error,
                  done=done, form=EmptyForm(), page_title=m.title)


def _answer_link(token: str):  # noqa: ANN202
    """The invitation, meeting and member of an answer link (a guest's link checks nobody in): else 404."""
    try:
        inv, m, member = meeting_services.rsvp_link(token)
    except meeting_services.MeetingError:
        abort(404)
    if not isinstance(member, Member):
        abort(404)
    return inv, m, member


@bp.post("/<int:meeting_id>/end-intervention")
@require()
def end_intervention(meeting_id: int) -> WzResponse:
    s = _chair_state(meeting_id)
    services.end_intervention(s.m, clock.now())
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/floor")
@require()
def floor(meeting_id: int) -> WzResponse:
    """The queue's buttons, one form: give the floor to someone, move them up, take them off, or the next one."""
    s = _chair_state(meeting_id)
    now = clock.now()
    try:
        if request.form.get("next"):
            services.next_speaker(s.m, now)
        else:
            for action in ("give", "up", "remove"):
                if request.form.get(action, "").isdigit():
                    req = queries.request_of(meeting_id, int(request.form[action])) or abort(404)
                    {"give": lambda r: services.give_floor(s.m, r, now), "up": lambda r: services.move_up(s.m, r),
                     "remove": services.withdraw}[action](req)
                    break
    except services.LiveError as e:
        return _refused(e, meeting_id)
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/speakers")
@require()
def add_speaker(meeting_id: int) -> Response | WzResponse:
    s = _chair_state(meeting_id)
    form = forms.SpeakerForm().fill_choices(_invitees(s.m))
    if form.validate_on_submit():
        member = None
        if form.member_id.data:
            if not form.member_id.data.isdigit() or \
                    int(form.member_id.data) not in {i for i, _n in _invitees(s.m)}:
                abort(404)
            member = db.session.get(Member, (current_tenant_id(), int(form.member_id.data)))
        try:
            services.add_speaker(s.m, clock.now(), form.name.data or "", form.constituency.data or None,
                                 form.gender.data or None, member=member)
        except services.LiveError as e:
            return _refused(e, meeting_id)
        return _back(meeting_id)
    now = clock.now()
    return render("live/chair.html", status=422, q=quorum_for(s.m), s=s, now=now, tz=forum_zone(), poll=POLL,
                  page_title=s.m.title,
                  item_minutes=queries.elapsed_minutes(s.live.item_started_at if s.live else None, now), form=form,
                  may_enter=may_manage_meetings(), **_labels())


@bp.post("/<int:meeting_id>/ask")
@require()
def ask(meeting_id: int) -> WzResponse:
    s = _state_or_404(meeting_id)
    try:
        services.ask(s.m, _member(), clock.now())
    except services.LiveError as e:
        return _refused(e, meeting_id)
    return _back(meeting_id)


@bp.post("/<int:meeting_id>/withdraw")
@require()
def withdraw(meeting_id: int) -> WzResponse:
    s = _state_or_404(meeting_id)
    me = _member()
    for req in s.queue:
        if req.member_id == me.id:
            services.withdraw(req)
    return _back(meeting_id)


# the secretariat's notes: interventions entered afterwards and corrected (audited)

def _manager_meeting(meeting_id: int) -> Meeting:
    if not may_manage_meetings():
        abort(404)
    return meeting_queries.meeting(meeting_id, True) or abort(404)


def _notes_form(m: Meeting) -> forms.InterventionForm:
    form = forms.InterventionForm(obj=None)
    form.fill_choices(_invitees(m))
    form.fill_items([(i.id, i.title) for i in meeting_queries.agenda(m.id)])
    return form


def _when(m: Meeting, hhmm: str) -> datetime | None:
    try:
        h, mm = (int(x) for x in hhmm.split(":"))
        at = time(h, mm)
    except ValueError:
        return None
    zone = forum_zone()
    return datetime.combine(m.start_at.astimezone(zone).date(), at, tzinfo=zone)


def _seconds(form: forms.InterventionForm) -> int:
    return (form.minutes.data or 0) * 60 + (form.seconds.data or 0)


def _chosen_member(form: forms.InterventionForm) -> Member | None:
    """The member chosen from the roll, if any; 404 for an id that is no member of this forum."""
    if not form.member_id.data:
        return None
    member = db.session.get(Member, (current_tenant_id(), int(form.member_id.data))) \
        if form.member_id.data.isdigit() else None
    return member or abort(404)


class _NoTime(services.LiveError):
    """The notes' start is no time of day (the view's own check, before the service is asked)."""


def _enter(m: Meeting, form: forms.InterventionForm) -> Intervention:
    """Records the intervention the notes form describes; _NoTime when its start is not written as hh:mm."""
    started, member = _when(m, form.started.data), _chosen_member(form)
    if started is None:
        raise _NoTime("started")
    return services.enter_intervention(
        m, name=form.name.data or "", constituency=form.constituency.data or None,
        gender=form.gender.data or None, item_id=int(form.item_id.data) if form.item_id.data else None,
        started_at=started, seconds=_seconds(form), member=member)


def _entry_refused(form: forms.InterventionForm, e: services.LiveError) -> None:
    if isinstance(e, _NoTime):
        form.started.errors.append(_("Write the time as hh:mm, for example 09:30."))
    else:
        form.name.errors.append({"name": _("Give the speaker's name or choose a member.")}.get(
            e.code, _("Please check this value.")))


def _fill(form: forms.InterventionForm, iv: Intervention) -> None:
    """The correction form shows the intervention as recorded."""
    form.name.data, form.constituency.data, form.gender.data = iv.name, iv.constituency or "", iv.gender
    form.item_id.data = str(iv.agenda_item_id or "")
    form.minutes.data, form.seconds.data = divmod(iv.seconds or 0, 60)


@bp.route("/<int:meeting_id>/interventions", methods=["GET", "POST"])
@require()
def notes(meeting_id: int) -> Response | WzResponse:
    m = _manager_meeting(meeting_id)
    form = _notes_form(m)
    if handlers.submit(form, lambda: _enter(m, form), services.LiveError, lambda e: _entry_refused(form, e)):
        flash(_("Intervention recorded."), "success")
        return redirect(url_for("tenant.live.notes", meeting_id=meeting_id), 303)
    return render("live/notes.html", status=handlers.status(form), m=m, form=form,
                  interventions=queries.interventions(m.id), tz=forum_zone(), page_title=m.title,
                  items={i.id: i.title for i in meeting_queries.agenda(m.id)}, **_labels())


@bp.post("/<int:meeting_id>/floor-statement")
@require()
def floor_statement(meeting_id: int) -> WzResponse:
    """The secretariat adds the floor-time statement to the minutes, then edits them."""
    m = _manager_meeting(meeting_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if services.add_floor_statement(m):
        flash(_("The floor-time statement is added to the minutes."), "success")
    else:
        flash(_("No intervention counted yet."), "error")
    return redirect(url_for("tenant.record.minutes", meeting_id=meeting_id), 303)


@bp.route("/<int:meeting_id>/interventions/<int:intervention_id>", methods=["GET", "POST"])
@require()
def correct(meeting_id: int, intervention_id: int) -> Response | WzResponse:
    m = _manager_meeting(meeting_id)
    iv = queries.intervention(meeting_id, intervention_id) or abort(404)
    form = _notes_form(m)
    del form.started  # the time stays as recorded
    if request.method == "GET":
        _fill(form, iv)
    if handlers.submit(form, lambda: services.correct_intervention(
            m, iv, clock.now(), name=form.name.data or iv.name, constituency=form.constituency.data or None,
            gender=form.gender.data or "undisclosed",
            agenda_item_id=int(form.item_id.data) if form.item_id.data else None, seconds=_seconds(form)),
            services.LiveError, lambda e: form.name.errors.append(_("Please check this value."))):
        flash(_("Intervention corrected."), "success")
        return redirect(url_for("tenant.live.notes", meeting_id=meeting_id), 303)
    return render("live/correct.html", status=handlers.status(form), m=m, iv=iv, form=form,
                  page_title=m.title)


