"""Proposals: the list, opening one (secretariat or chair), the page with the member's answer form and the tallies,
the paper, and the answer link of the e-mail (no sign-in; its GET shows, its POST acts, like the RSVP link)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response as WzResponse

from tenants.context import current_tenant
from webapp.core import confirm, handlers
from webapp.core.downloads import download_response
from webapp.core.permissions import current_member, may_open_proposals, require
from webapp.core.rendering import render
from webapp.core.visibility import current_reader, shown_by_link
from webapp.core.zones import forum_to_utc, forum_zone
from webapp.meetings import rsvp as link_page
from webapp.meetings.outcomes.forms import position_labels
from webapp.meetings.permissions import sees_restricted
from webapp.members import labels as roll_labels
from webapp.members import queries as member_queries
from webapp.notices.sms import cost as sms_cost
from webapp.proposals import queries, services
from webapp.proposals.forms import (
    AnswerForm,
    ProposalForm,
    answer_labels,
    audience_labels,
    reason_labels,
    rule_labels,
    status_labels,
)
from webapp.proposals.models import Proposal

bp = Blueprint("proposals", __name__, url_prefix="/proposals", template_folder="templates")
@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"proposal_rule_labels": rule_labels, "proposal_answer_labels": answer_labels,
            "proposal_status_labels": status_labels, "proposal_reason_labels": reason_labels,
            "proposal_audience_labels": audience_labels}


def _error_message(code: str) -> str:
    return {"past": _("The deadline must be in the future."), "taken": _("This reference number is taken."),
            "empty": _("No member holds a seat in this audience."), "required": _("Please choose whom to address."),
            "invalid": _("Please check this field."), "closed": _("This proposal is closed."),
            "no_seat": _("You hold no seat on this proposal."),
            "titular_answered": _("The member you stand in for has answered: their answer counts."),
            "reason_required": _("Please give the reason for your objection.")}.get(code, _("Please check this field."))


@bp.get("/")
@require()
def index() -> Response:
    return render("proposals/index.html", proposals=queries.proposals(current_reader()), may_open=may_open_proposals(),
                  page_title=_("Proposals"))


def _data(form: ProposalForm) -> dict[str, object]:
    data: dict[str, object] = {
        "title": form.title.data, "text": form.text.data, "reference": form.reference.data, "rule": form.rule.data,
        "min_turnout": (form.min_turnout.data or 0) / 100, "audience": form.audience.data,
        "committee_id": form.committee_id.data or None, "constituencies": form.constituencies.data,
        "visibility": form.visibility.data, "open_tallies": form.open_tallies.data,
        "deadline": forum_to_utc(form.deadline_day.data, form.deadline_time.data)}
    upload = form.paper.data
    if upload and getattr(upload, "filename", None):
        data["paper"] = services.paper(upload.filename, upload.read())
    return data


@bp.route("/new", methods=["GET", "POST"])
@require(may_open_proposals)
def new() -> Response | WzResponse:
    form = ProposalForm()
    form.fill_choices([(c.id, c.name) for c in member_queries.committees()], services.allowed_rules())
    done = handlers.submit(form, lambda: services.open_proposal(_data(form), current_member._get_current_object()),
                           services.ProposalError, lambda e: _under(form, e))
    if done:
        flash(_("The proposal is open; the members addressed are told."))
        return redirect(url_for(".show", proposal_id=done.result.id), 303)
    return render("proposals/form.html", form=form, tz_name=str(forum_zone()), status=handlers.status(form),
                  page_title=_("Open a proposal"))


def _under(form: ProposalForm, e: services.ProposalError) -> None:
    """A service's refusal under the field it concerns (the deadline's under its day; none when the form has no such
    field)."""
    if hasattr(form, field := e.field if e.field != "deadline" else "deadline_day"):
        handlers.under(form, field, _error_message(e.code))


def _proposal(proposal_id: int) -> Proposal:
    return handlers.load(queries.proposal, proposal_id)


def _page(p: Proposal, form: AnswerForm | None = None, status: int = 200) -> Response:
    me = current_member._get_current_object()
    rows = queries.seats(p.id)
    staff = sees_restricted()
    mine = next((r for r in rows if r.answer.member_id in (me.id, me.alternate_of_id)), None)
    if form is None and mine is not None and p.status == "open":
        form = AnswerForm(formdata=None)
        form.fill_choices()
        form.answer.data, form.comment.data = mine.answer.answer, mine.answer.comment
    show_tallies = services.tallies_shown(p, staff)
    return render("proposals/show.html", status=status, p=p, form=form, mine=mine,
                  tallies=queries.tallies(rows) if show_tallies else None, staff=staff,
                  waiting=[r for r in rows if r.answer.answer is None] if staff else [],
                  answered=[r for r in rows if r.answer.answer] if services.answers_shown(p, staff) else [],
                  constituency_labels=roll_labels.constituencies(), gender_labels=roll_labels.genders(),
                  positions=queries.decision_positions(p.id) if p.adopted else [],
                  core=services.core_constituencies(), may_remind=may_open_proposals() and p.status == "open",
                  may_cancel=may_open_proposals() and p.status == "open",
                  position_labels=position_labels(), tz=forum_zone(), page_title=p.title)


@bp.get("/<int:proposal_id>")
@require()
def show(proposal_id: int) -> Response:
    return _page(_proposal(proposal_id))


@bp.post("/<int:proposal_id>/answer")
@require()
def answer(proposal_id: int) -> Response | WzResponse:
    p = _proposal(proposal_id)
    form = AnswerForm()
    form.fill_choices()
    if handlers.submit(form, lambda: services.record_answer(p, current_member._get_current_object(),
                                                            form.answer.data, form.comment.data),
                       services.ProposalError, lambda e: handlers.under(form, "answer", _error_message(e.code))):
        flash(_("Your answer is recorded. You can change it until the deadline."))
        return redirect(url_for(".show", proposal_id=p.id), 303)
    return _page(p, form, 422)


@bp.route("/<int:proposal_id>/remind", methods=["GET", "POST"])
@require(may_open_proposals)
def remind(proposal_id: int) -> Response | WzResponse:
    """Before the deadline: remind the seats that have not answered (asked first, with what the SMS cost)."""
    p = _proposal(proposal_id)
    n = len(services.waiting_people(p))
    question = ngettext("Remind %(num)d member who has not answered?", "Remind %(num)d members who have not answered?",
                        n)
    detail = _("Each gets the reminder with their own answer link, or their code by SMS.")
    asked = confirm.ask("remind", question, _("Send the reminder"), url_for(".show", proposal_id=p.id),
                        detail + ("" if request.form.get("confirm") == "1" else sms_cost.sentence(
                            services.reminder_wave(p))), button_class="secondary")
    if asked is not None:
        return asked
    try:
        services.remind(p)
    except services.ProposalError:
        flash(_("This proposal is closed."))
    else:
        flash(_("The reminder is on its way."))
    return redirect(url_for(".show", proposal_id=p.id), 303)


@bp.route("/<int:proposal_id>/cancel", methods=["GET", "POST"])
@require(may_open_proposals)
def cancel(proposal_id: int) -> Response | WzResponse:
    """Call an open proposal off (asked first): no decision is taken, and no answer is taken any more."""
    p = _proposal(proposal_id)
    asked = confirm.ask("cancel", _("Cancel the proposal %(reference)s?", reference=p.reference),
                        _("Cancel the proposal"), url_for(".show", proposal_id=p.id),
                        _("No decision is taken. The answers given so far are kept; members can no longer answer, "
                          "on the page, by their link or by SMS."))
    if asked is not None:
        return asked
    try:
        services.cancel(p)
    except services.ProposalError:
        flash(_("This proposal is closed."))
    else:
        flash(_("The proposal is cancelled."))
    return redirect(url_for(".show", proposal_id=p.id), 303)


@bp.get("/<int:proposal_id>/paper")
@require()
def paper(proposal_id: int) -> Response:
    p = _proposal(proposal_id)
    if not p.paper_filename or p.paper_data is None:
        abort(404)
    return download_response(p.paper_data, p.paper_filename, p.paper_content_type or "application/octet-stream",
                             cache="private, no-store")


def _link(token: str) -> services.LinkTarget:
    try:
        target = services.answer_link(token)
    except services.ProposalError:
        abort(render("proposals/link_invalid.html", status=404, page_title=_("Link no longer valid")))
    link_page.speak_to(target.member)
    return target


def _prefill(form: AnswerForm, target: services.LinkTarget) -> None:
    """The answer the e-mail's link chose (?answer=), else the seat's; the comment if this person gave it."""
    preselect = request.args.get("answer")
    form.answer.data = preselect if preselect in answer_labels() else target.seat.answer
    form.comment.data = target.seat.comment if target.seat.answered_by_id == target.member.id else None


def _stand_in_for(target: services.LinkTarget) -> str | None:
    if target.seat.member_id == target.member.id:
        return None
    holder = member_queries.member(target.seat.member_id)
    return holder.name if holder else None


@bp.route("/answer/<token>", methods=["GET", "POST"])
def answer_by_link(token: str) -> Response:
    """The page the e-mail's link opens (no sign-in), in the language and zone of the person it was sent to; only its
    POST records the answer, for the seat that person holds or stands in for."""
    target = _link(token)
    p = target.proposal
    form = AnswerForm()
    form.fill_choices()
    if request.method == "GET":
        _prefill(form, target)
    if handlers.submit(form, lambda: services.record_answer(p, target.member, form.answer.data, form.comment.data,
                                                            channel="link"),
                       services.ProposalError, lambda e: handlers.under(form, "answer", _error_message(e.code))):
        return render("proposals/link_done.html", p=p, answer=form.answer.data, token=token,
                      page_title=_("Thank you"))
    return render("proposals/link.html", p=p, form=form, token=token, stand_in_for=_stand_in_for(target),
                  text_shown=shown_by_link(current_reader(), p.visibility), tz=forum_zone(),
                  forum=current_tenant(), status=handlers.status(form), page_title=p.title)
