"""Votes in the session (issue 39): the chair opens and closes them, the secretariat enters a show of hands, seats vote
from their phones. Plain forms (303 after POST); the vote's page polls itself like the other live pages."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WzResponse

from webapp.core import handlers
from webapp.core.permissions import require
from webapp.core.rendering import render, wants_fragment
from webapp.live import clock, forms, queries, services, votes
from webapp.live.models import LiveVote
from webapp.live.views import POLL, _chair, _etag, _member, _message, _not_modified, _state_or_404, _tagged
from webapp.members import labels
from webapp.proposals.forms import answer_labels, rule_labels
from webapp.proposals.services import allowed_rules

bp = Blueprint("live_votes", __name__, url_prefix="/live", template_folder="templates")


def _vote_form() -> forms.VoteForm:
    return forms.VoteForm().fill_choices([(p.id, f"{p.reference} · {p.title}") for p in votes.open_proposals()],
                                         [(r, str(rule_labels()[r])) for r in allowed_rules()])


def _page(s: queries.LiveState, form: forms.VoteForm | None, status: int = 200) -> Response:
    return render("live/votes.html", status=status, s=s, form=form, votes=votes.votes_of(s.m),
                  constituency_labels=labels.constituencies(), page_title=s.m.title, tallies=votes.tallies)


@bp.route("/<int:meeting_id>/votes", methods=["GET", "POST"])
@require()
def index(meeting_id: int) -> Response | WzResponse:
    """The meeting's votes; the chair opens one here."""
    s = _state_or_404(meeting_id)
    form = _vote_form() if _chair(s.m) else None
    if form is None:
        if request.method == "POST":
            abort(404)
        return _page(s, form)
    done = handlers.submit(form, lambda: votes.open_vote(
        s.m, clock.now(), motion=form.motion.data or "", rule=form.rule.data, method=form.method.data,
        secret=form.secret.data, proposal=_chosen_proposal(form),
        candidates=(form.candidates.data or "").splitlines()), services.LiveError,
        lambda e: form.motion.errors.append(_vote_message(e)))
    if done:
        return redirect(url_for(".vote", meeting_id=meeting_id, vote_id=done.result.id), 303)
    return _page(s, form, handlers.status(form))


def _chosen_proposal(form: forms.VoteForm) -> object | None:
    """The open proposal the vote is on, if one is chosen."""
    pid = form.proposal_id.data
    return next((p for p in votes.open_proposals() if str(p.id) == pid), None) if pid else None


def _vote_or_404(meeting_id: int, vote_id: int) -> tuple[queries.LiveState, LiveVote]:
    s = _state_or_404(meeting_id)
    return s, votes.vote_of(meeting_id, vote_id) or abort(404)


@bp.get("/<int:meeting_id>/votes/<int:vote_id>")
@require()
def vote(meeting_id: int, vote_id: int) -> Response:
    tag = _etag(meeting_id, f"vote{vote_id}")
    if wants_fragment() and (unchanged := _not_modified(tag)) is not None:
        return unchanged
    s, v = _vote_or_404(meeting_id, vote_id)
    chair, table = _chair(s.m), votes.seats(s.m)
    seat = votes.seat_of(s.m, _member(), table)  # the seat this reader votes for, if any
    return _tagged(render("live/vote.html", block="panel", s=s, v=v, chair=chair, seat=seat, poll=POLL,
                          voted=seat is not None and votes.voted(v, seat.member_id), ballots=votes.ballots(v),
                          tally=votes.tallies(v) if v.status == "closed" or (chair and not v.secret) else {},
                          seats=table,
                          groups=sorted({r.constituency for r in table}, key=lambda c: c or "~"),
                          answers=v.options, answer_labels={**answer_labels(), **votes.candidate_labels(v)},
                          elected=votes.elected(v), rule_labels=rule_labels(),
                          constituency_labels=labels.constituencies(), page_title=v.motion[:80]), tag)


def _back(meeting_id: int, vote_id: int) -> WzResponse:
    return redirect(url_for(".vote", meeting_id=meeting_id, vote_id=vote_id), 303)


@bp.post("/<int:meeting_id>/votes/<int:vote_id>/ballot")
@require()
def ballot(meeting_id: int, vote_id: int) -> WzResponse:
    """A seat votes from a phone (the answer in the form's body, never in the address)."""
    s, v = _vote_or_404(meeting_id, vote_id)
    try:
        votes.cast(s.m, v, _member(), request.form.get("answer", ""))
    except services.LiveError as e:
        flash(_vote_message(e), "error")
    else:
        flash(_("Your vote is recorded."), "success")
    return _back(meeting_id, vote_id)


def _chair_vote(meeting_id: int, vote_id: int) -> tuple[queries.LiveState, LiveVote]:
    s, v = _vote_or_404(meeting_id, vote_id)
    return (s, v) if _chair(s.m) else abort(404)


def _counts(seats: list[votes.SeatRow], options: tuple[str, ...]) -> dict[str | None, dict[str, int]]:
    """The show of hands as entered: a number per constituency and answer (a candidate, in an election; blank is 0)."""
    groups = {r.constituency for r in seats}
    raw = {(c, a): request.form.get(f"{c or 'none'}-{a}", "").strip() for c in groups for a in options}
    if any(v and not v.isdigit() for v in raw.values()):
        raise services.LiveError("answer")
    return {c: {a: int(raw[(c, a)] or 0) for a in options} for c in groups}


@bp.post("/<int:meeting_id>/votes/<int:vote_id>/hands")
@require()
def hands(meeting_id: int, vote_id: int) -> WzResponse:
    """The secretariat enters (or corrects) the show of hands per constituency."""
    s, v = _chair_vote(meeting_id, vote_id)
    try:
        votes.enter_hands(s.m, v, _counts(votes.seats(s.m), v.options))
    except services.LiveError as e:
        flash(_vote_message(e), "error")
    else:
        flash(_("The show of hands is recorded."), "success")
    return _back(meeting_id, vote_id)


@bp.post("/<int:meeting_id>/votes/<int:vote_id>/close")
@require()
def close(meeting_id: int, vote_id: int) -> WzResponse:
    s, v = _chair_vote(meeting_id, vote_id)
    try:
        votes.close(s.m, v, clock.now())
    except services.LiveError as e:
        flash(_vote_message(e), "error")
    return _back(meeting_id, vote_id)


def _vote_message(e: services.LiveError) -> str:
    return {"closed": _("This vote is closed."), "no_seat": _("You hold no seat that votes at this meeting."),
            "already_voted": _("Your seat has already voted."),
            "answer": _("Please check the numbers."), "method": _("This vote is not taken that way."),
            "candidates": _("An election needs at least two candidates, one per line, and no proposal.")
            }.get(e.code, _message(e))
