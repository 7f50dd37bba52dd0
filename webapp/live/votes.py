"""Votes in the session (issue 39): the chair opens a vote on a motion or on an open proposal, the seats answer by a
show of hands (counted per constituency by the secretariat) or from their phones (one seat, one vote: the titular,
or their alternate when the titular is absent), the chair closes it, and the rule of webapp/meetings/rules.py decides
it — the same pure functions as the proposals between meetings, imported, never written again. The result becomes a
decision of the meeting with its position and tally per constituency (its text states the tally, so the minutes and
outcomes carry it).

A secret ballot keeps who voted (live_vote_ballots, without an answer) apart from what was voted (live_vote_tallies:
seats per constituency and answer, no member, no time, no order): nothing links a member to a choice, nor is a
ballot audited. An open ballot keeps each seat's answer. A show of hands entered wrong is corrected, audited, and a
closed vote is decided again.

An election of a chair among candidates is the same vote, its candidates the options ("c1", "c2", … and abstain): the
candidate with the most seats, if one leads alone, is put to the vote's rule as if each seat for them agreed and each
seat for another objected (rules.decide, again), and the decision reads "X elected chair" with the tally per
constituency.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from tenants.context import current_tenant, current_tenant_id
from webapp.core import audit, languages
from webapp.extensions import db
from webapp.live import version
from webapp.live.models import ABSTAIN, MAX_CANDIDATES, NO_CONSTITUENCY, VOTE_METHODS, LiveVote, VoteBallot, VoteTally
from webapp.live.services import LiveError, session_of
from webapp.meetings import rules
from webapp.meetings.models import Decision, Invitation, Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members import labels
from webapp.members.models import CONSTITUENCIES, Member, Organisation
from webapp.proposals import services as proposals
from webapp.proposals.models import Proposal


@dataclass(frozen=True)
class SeatRow:
    """A titular seat at the meeting: who holds it, their constituency, whether they are present."""

    member_id: int
    constituency: str | None
    present: bool


def seats(meeting: Meeting) -> list[SeatRow]:
    """The meeting's voting seats: invited members holding a titular seat (proposals' SEAT_ROLES)."""
    constituency = func.coalesce(Member.constituency, Organisation.constituency)
    rows = db.session.execute(select(Member.id, constituency, Invitation.attended).join(
        Invitation, (Invitation.tenant_id == Member.tenant_id) & (Invitation.member_id == Member.id)).outerjoin(
        Organisation, (Organisation.tenant_id == Member.tenant_id) & (Organisation.id == Member.organisation_id))
        .where(Invitation.tenant_id == current_tenant_id(), Invitation.meeting_id == meeting.id,
               Member.role.in_(proposals.SEAT_ROLES), Member.erased_at.is_(None)).order_by(Member.id)).all()
    return [SeatRow(mid, c, bool(present)) for mid, c, present in rows]


def open_vote(meeting: Meeting, now: datetime, *, motion: str, rule: str, method: str, secret: bool,
              proposal: Proposal | None = None, candidates: list[str] | None = None) -> LiveVote:
    """The chair opens a vote (one at a time) on the current item; with candidates (two or more), an election of the
    chair among them. LiveError: "not_live", "vote_open", "motion", "rule", "method", "proposal", "candidates"."""
    names = list(dict.fromkeys(n.strip()[:200] for n in candidates or [] if n.strip()))
    if names and (len(names) < 2 or len(names) > MAX_CANDIDATES or proposal is not None):
        raise LiveError("candidates")
    if names and not (motion or "").strip():
        with force_locale(languages.interface_of(meeting.language)):
            motion = gettext("Election of the chair")
    live = session_of(meeting)
    if live is None or live.ended_at is not None:
        raise LiveError("not_live")
    if open_vote_of(meeting) is not None:
        raise LiveError("vote_open")
    if proposal is not None and proposal.status != "open":
        raise LiveError("proposal")
    motion = (motion or "").strip() or (proposal.title if proposal is not None else "")
    if not motion:
        raise LiveError("motion")
    if rule not in proposals.allowed_rules():
        raise LiveError("rule")
    if method not in VOTE_METHODS:
        raise LiveError("method")
    vote = LiveVote(meeting_id=meeting.id, agenda_item_id=live.current_item_id,
                    proposal_id=proposal.id if proposal else None, motion=motion[:4000], rule=rule, method=method,
                    secret=secret and method == "phones", status="open", opened_at=now, candidates=names or None)
    db.session.add(vote)
    db.session.flush()
    audit.record("vote_opened", "live_vote", vote.id)
    version.changed(meeting.id)
    return vote


def open_vote_of(meeting: Meeting) -> LiveVote | None:
    return db.session.scalar(select(LiveVote).where(LiveVote.tenant_id == current_tenant_id(),
                                                    LiveVote.meeting_id == meeting.id, LiveVote.status == "open"))


def seat_of(meeting: Meeting, member: Member, table: list[SeatRow] | None = None) -> SeatRow | None:
    """The seat the member votes for: their own; or, for an alternate, their titular's when the titular is absent."""
    table = seats(meeting) if table is None else table
    own = next((s for s in table if s.member_id == member.id), None)
    if own is not None:
        return own
    if member.alternate_of_id is not None:
        titular = next((s for s in table if s.member_id == member.alternate_of_id), None)
        if titular is not None and not titular.present:
            return titular
    return None


def voted(vote: LiveVote, seat_id: int) -> bool:
    return db.session.get(VoteBallot, (vote.tenant_id, vote.id, seat_id)) is not None


def _add(vote: LiveVote, constituency: str | None, answer: str, seats_: int = 1) -> None:
    table = VoteTally.__table__
    db.session.execute(insert(table).values(
        tenant_id=vote.tenant_id, vote_id=vote.id, constituency=constituency or NO_CONSTITUENCY, answer=answer,
        seats=seats_).on_conflict_do_update(index_elements=["tenant_id", "vote_id", "constituency", "answer"],
                                            set_={"seats": table.c.seats + seats_}))


def cast(meeting: Meeting, vote: LiveVote, member: Member, answer: str) -> None:
    """A seat votes from a phone, once. LiveError: "closed", "method", "answer", "no_seat", "already_voted". A secret
    ballot records that the seat voted, and the answer only in its constituency's tally."""
    if vote.status != "open":
        raise LiveError("closed")
    if vote.method != "phones":
        raise LiveError("method")
    if answer not in vote.options:
        raise LiveError("answer")
    seat = seat_of(meeting, member)
    if seat is None or member.erased_at is not None:
        raise LiveError("no_seat")
    inserted = db.session.execute(insert(VoteBallot.__table__).values(
        tenant_id=vote.tenant_id, vote_id=vote.id, seat_id=seat.member_id, cast_by_id=member.id,
        answer=None if vote.secret else answer).on_conflict_do_nothing().returning(VoteBallot.__table__.c.seat_id)
    ).scalar()
    if inserted is None:
        raise LiveError("already_voted")
    _add(vote, seat.constituency, answer)
    version.changed(meeting.id)


def tallies(vote: LiveVote) -> dict[str | None, dict[str, int]]:
    """Seats per constituency (None: without one) and answer."""
    out: dict[str | None, dict[str, int]] = {}
    for t in db.session.scalars(select(VoteTally).where(VoteTally.tenant_id == vote.tenant_id,
                                                        VoteTally.vote_id == vote.id)):
        if t.seats:
            out.setdefault(t.constituency or None, {})[t.answer] = t.seats
    return out


def ballots(vote: LiveVote) -> int:
    return db.session.scalar(select(func.count()).select_from(VoteBallot).where(
        VoteBallot.tenant_id == vote.tenant_id, VoteBallot.vote_id == vote.id)) or 0


def enter_hands(meeting: Meeting, vote: LiveVote, counts: dict[str | None, dict[str, int]]) -> None:
    """The secretariat enters a show of hands per constituency (replacing what was entered); after the vote is closed,
    a correction (audited) decides it again."""
    if vote.method != "hands":
        raise LiveError("method")
    if any(n < 0 for by in counts.values() for n in by.values()) or \
            any(a not in vote.options for by in counts.values() for a in by):
        raise LiveError("answer")
    before = tallies(vote)
    db.session.execute(VoteTally.__table__.delete().where(VoteTally.tenant_id == vote.tenant_id,
                                                          VoteTally.vote_id == vote.id))
    for constituency, by in counts.items():
        for answer, n in by.items():
            if n:
                _add(vote, constituency, answer, n)
    db.session.flush()
    changed = sorted(c or "-" for c in set(before) | set(counts)
                     if {a: n for a, n in before.get(c, {}).items() if n} != {a: n for a, n in counts.get(c, {}).items()
                                                                              if n})
    audit.record("tally_corrected" if vote.status == "closed" else "tally_entered", "live_vote", vote.id, changed)
    if vote.status == "closed":
        _decide(meeting, vote)
    version.changed(meeting.id)


def leader(counts: dict[str | None, dict[str, int]]) -> str | None:
    """An election's candidate ("c1", …) with the most seats, when one leads alone (None: no votes, or a tie)."""
    totals: Counter[str] = Counter()
    for by in counts.values():
        totals.update({a: n for a, n in by.items() if a != ABSTAIN})
    ranked = totals.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None


def _as_motion(counts: dict[str | None, dict[str, int]]) -> dict[str | None, dict[str, int]]:
    """An election's tallies read as the motion to elect its leader: a seat for them agrees, for another objects."""
    first = leader(counts)
    out: dict[str | None, dict[str, int]] = {}
    for c, by in counts.items():
        for a, n in by.items():
            key = ABSTAIN if a == ABSTAIN else ("agree" if a == first else "object")
            out.setdefault(c, {})[key] = out.get(c, {}).get(key, 0) + n
    return out


def outcome(meeting: Meeting, vote: LiveVote) -> rules.Outcome:
    """The vote's rule applied to its tallies: each tallied answer is a seat's answer in its constituency (seats not
    answering fill the meeting's seats of that constituency), through meetings/rules.py's decide. An election is the
    motion to elect its leader."""
    counts = _as_motion(tallies(vote)) if vote.candidates else tallies(vote)
    room = Counter(s.constituency for s in seats(meeting))
    seat_list: list[rules.Seat] = []
    answers: list[rules.Answer] = []
    for constituency in sorted(set(room) | set(counts), key=lambda c: c or ""):
        given = [a for a, n in sorted(counts.get(constituency, {}).items()) for _ in range(n)]
        for i in range(max(room.get(constituency, 0), len(given))):
            seat_list.append(rules.Seat(len(seat_list) + 1, constituency))
            if i < len(given):
                answers.append(rules.Answer(len(seat_list), given[i]))
    proposal = db.session.get(Proposal, (vote.tenant_id, vote.proposal_id)) if vote.proposal_id else None
    min_turnout = proposal.min_turnout if proposal is not None and proposal.min_turnout is not None else 0.5
    rule = rules.Rule(vote.rule, core=proposals.core_constituencies(), min_turnout=min_turnout)
    return rules.decide(rule, seat_list, answers)


def candidate_labels(vote: LiveVote) -> dict[str, str]:
    return {f"c{i}": name for i, name in enumerate(vote.candidates or [], start=1)}


def elected(vote: LiveVote) -> str | None:
    """The name of the candidate a closed election elected (None: a motion, open, or nobody elected)."""
    if not vote.candidates or vote.status != "closed" or not vote.adopted:
        return None
    return candidate_labels(vote).get(leader(tallies(vote)) or "")


def tally_sentence(counts: dict[str | None, dict[str, int]], vote: LiveVote | None = None) -> str:
    """"Workers: 2 for, 1 against, 0 abstaining; …" in the current language; for an election "Workers: Ama Mensah 2,
    Yaw Owusu 1, 0 abstaining; …"."""
    names = labels.constituencies()
    if vote is not None and vote.candidates:
        people = candidate_labels(vote)
        return "; ".join(gettext("%(constituency)s: %(votes)s, %(abstain)d abstaining",
                                 constituency=names.get(c, c) if c else gettext("Without constituency"),
                                 votes=", ".join(f"{name} {by.get(k, 0)}" for k, name in people.items()),
                                 abstain=by.get(ABSTAIN, 0))
                         for c, by in sorted(counts.items(), key=lambda kv: kv[0] or "~")) or gettext("No votes.")
    parts = [gettext("%(constituency)s: %(agree)d for, %(object)d against, %(abstain)d abstaining",
                     constituency=names.get(c, c) if c else gettext("Without constituency"),
                     agree=by.get("agree", 0), object=by.get("object", 0), abstain=by.get("abstain", 0))
             for c, by in sorted(counts.items(), key=lambda kv: kv[0] or "~")]
    return "; ".join(parts) or gettext("No votes.")


def _decision_text(meeting: Meeting, vote: LiveVote, result: rules.Outcome) -> str:
    with force_locale(languages.interface_of(meeting.language)):
        verdict = gettext("Adopted") if result.adopted else gettext("Not adopted")
        if vote.candidates:
            name = candidate_labels(vote).get(leader(tallies(vote)) or "") if result.adopted else None
            verdict = gettext("%(name)s elected chair", name=name) if name else gettext("No candidate elected")
        ballot = gettext("secret ballot") if vote.secret else (
            gettext("show of hands") if vote.method == "hands" else gettext("open vote by phone"))
        return (f"{vote.motion}\n\n{verdict} ({ballot}). "
                + gettext("Tally: %(tally)s.", tally=tally_sentence(tallies(vote), vote)))


def _decide(meeting: Meeting, vote: LiveVote) -> rules.Outcome:
    result = outcome(meeting, vote)
    vote.adopted, vote.outcome_reason = result.adopted, result.reason
    positions = {c: p for c, p in result.positions.items() if c}
    existing = db.session.get(Decision, (vote.tenant_id, vote.decision_id)) if vote.decision_id else None
    decision = outcomes.save_decision(meeting, existing, text=_decision_text(meeting, vote, result),
                                      agenda_item_id=vote.agenda_item_id, policy_outcome=None, review_on=None,
                                      positions={**dict.fromkeys(CONSTITUENCIES, ""), **positions})
    vote.decision_id = decision.id
    db.session.flush()
    return result


def close(meeting: Meeting, vote: LiveVote, now: datetime) -> rules.Outcome:
    """The chair closes the vote: the rule decides it, the result is a decision of the meeting; a proposal voted on
    in the session is closed with the same result."""
    if vote.status != "open":
        raise LiveError("closed")
    vote.status, vote.closed_at = "closed", now
    result = _decide(meeting, vote)
    if vote.proposal_id:
        p = db.session.get(Proposal, (vote.tenant_id, vote.proposal_id))
        if p is not None and p.status == "open":
            p.status, p.adopted, p.outcome_reason, p.closed_at = "closed", result.adopted, result.reason, now
            audit.record("closed", "proposal", p.id)
    db.session.flush()
    audit.record("vote_closed", "live_vote", vote.id)
    version.changed(meeting.id)
    return result


def votes_of(meeting: Meeting) -> list[LiveVote]:
    return list(db.session.scalars(select(LiveVote).where(LiveVote.tenant_id == current_tenant_id(),
                                                          LiveVote.meeting_id == meeting.id)
                                   .order_by(LiveVote.opened_at, LiveVote.id)))


def vote_of(meeting_id: int, vote_id: int) -> LiveVote | None:
    vote = db.session.get(LiveVote, (current_tenant_id(), vote_id))
    return vote if vote is not None and vote.meeting_id == meeting_id else None


def open_proposals() -> list[Proposal]:
    """The forum's open proposals, which the chair may put to a vote in the session."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.tenant_id == current_tenant().id, Proposal.status == "open").order_by(Proposal.reference)))


def may_vote(meeting: Meeting, member: Member) -> bool:
    return seat_of(meeting, member) is not None

