"""Date polls (issue 37): the list, a new poll (secretariat), the poll with each slot's result and the member's
answers, and the one tap that turns the chosen slot into the meeting. Plain forms: no JavaScript needed."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import handlers
from webapp.core.forms import EmptyForm
from webapp.core.permissions import current_member, may_manage, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader
from webapp.core.zones import forum_to_utc, forum_zone_name
from webapp.members import labels as roll_labels
from webapp.members import queries as member_queries
from webapp.polls import queries, services
from webapp.polls.forms import PollForm, answer_labels, status_labels
from webapp.polls.models import ANSWERS, DatePoll

bp = Blueprint("polls", __name__, url_prefix="/polls", template_folder="templates")


def _message(code: str) -> str:
    return {"required": _("Please fill in this field."), "count": _("Please offer between 2 and 6 dates."),
            "past": _("The dates and the deadline must be in the future."),
            "after_first_slot": _("The deadline must come before the first date."),
            "empty": _("No member sits on this committee."), "closed": _("This poll is closed."),
            "not_asked": _("You are not asked in this poll."), "scheduled": _("The meeting is already made."),
            }.get(code, _("Please check this field."))


@bp.get("/")
@require()
def index() -> Response:
    return render("polls/index.html", polls=queries.polls(current_reader()), staff=may_manage(),
                  status_labels=status_labels(), page_title=_("Date polls"))


def _open(form: PollForm) -> DatePoll:
    slots = [forum_to_utc(d.data, t.data) for d, t in form.slot_fields() if d.data and t.data]
    return services.open_poll(
        title=form.title.data or "", committee_id=form.committee_id.data, kind=form.kind.data,
        duration_minutes=form.duration_minutes.data, deadline=forum_to_utc(form.deadline_day.data,
                                                                           form.deadline_time.data),
        slots=slots, language=current_tenant().default_locale, visibility=form.visibility.data,
        by=current_member._get_current_object())


def _show_error(form: PollForm) -> object:
    def show(e: services.PollError) -> None:
        target = {"slots": form.slot1_day, "deadline": form.deadline_day}.get(e.field) or getattr(form, e.field)
        target.errors = [*target.errors, _message(e.code)]
    return show


@bp.route("/new", methods=["GET", "POST"])
@require(may_manage)
def new() -> Response | WzResponse:
    form = PollForm()
    form.fill_choices([(c.id, c.name) for c in member_queries.committees()])
    done = handlers.submit(form, lambda: _open(form), services.PollError, _show_error(form))
    if done:
        flash(_("The date poll is open."))
        return redirect(url_for(".show", poll_id=done.result.id), 303)
    return render("polls/form.html", form=form, tz_name=forum_zone_name(), status=handlers.status(form),
                  page_title=_("New date poll"))


def _poll(poll_id: int) -> DatePoll:
    return handlers.load(queries.poll, poll_id)


def _page(p: DatePoll, error: str | None = None, status: int = 200) -> Response:
    everyone = queries.people(p.id)
    me = next((x for x in everyone if x.member_id == current_member.id), None)
    return render("polls/show.html", p=p, results=queries.results(queries.slots(p.id), everyone), me=me,
                  waiting=[x for x in everyone if not x.answered], staff=may_manage(), form=EmptyForm(),
                  error=error, answer_labels=answer_labels(), answers=ANSWERS, status_labels=status_labels(),
                  constituency_labels=roll_labels.constituencies(), gender_labels=roll_labels.genders(),
                  status=status, page_title=p.title)


@bp.get("/<int:poll_id>")
@require()
def show(poll_id: int) -> Response:
    return _page(_poll(poll_id))


@bp.post("/<int:poll_id>/answer")
@require()
def answer(poll_id: int) -> Response | WzResponse:
    p = _poll(poll_id)
    given = {int(k[5:]): v for k, v in request.form.items() if k.startswith("slot-") and k[5:].isdigit() and v}
    try:
        if not EmptyForm().validate_on_submit():
            abort(400)
        services.answer_poll(p, current_member._get_current_object(), given)
    except services.PollError as e:
        return _page(p, _message(e.code), 422)
    flash(_("Your answers are recorded."))
    return redirect(url_for(".show", poll_id=p.id), 303)


@bp.post("/<int:poll_id>/slots/<int:slot_id>/choose")
@require(may_manage)
def choose(poll_id: int, slot_id: int) -> Response | WzResponse:
    p = _poll(poll_id)
    s = queries.slot(p.id, slot_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        m = services.choose_slot(p, s, current_member._get_current_object())
    except services.PollError as e:
        return _page(p, _message(e.code), 422)
    flash(_("The meeting is made, with the poll's invitees invited. Send the notice when it is ready."))
    return redirect(url_for("tenant.meetings.show", meeting_id=m.id), 303)
