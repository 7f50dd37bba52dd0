"""Every write and rule of proposals: opening one (its seats and notices), answering (on the page, through the
e-mail's signed link, by SMS: webapp/proposals/sms.py, the reply kind "proposal", calls ``record_answer(p, member,
answer, comment, channel="sms")``), reminding the seats that have not answered, and
closing at the deadline with the rule of webapp/meetings/rules.py. Services flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update

from tenants.context import current_tenant
from webapp.core import audit, content, languages, signals, signing
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.extensions import db
from webapp.meetings import rules
from webapp.meetings.models import Decision, DecisionPosition, Meeting
from webapp.meetings.services import DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, save_agenda_item
from webapp.members.models import CONSTITUENCIES, Committee, CommitteeMember, Member, Organisation
from webapp.notices import services as notices
from webapp.notices.sms import services as sms
from webapp.proposals.models import AUDIENCES, Proposal, ProposalAnswer

SEAT_ROLES = ("chair", "vice_chair", "member")  # titular seats (meetings/quorum.py); alternates answer for theirs
LINK_PURPOSE = "proposal_answer"


class ProposalError(ServiceError):
    pass


def _tid() -> int:
    return tenant_id_or(ProposalError)


def _now() -> datetime:
    return datetime.now(UTC)


def allowed_rules() -> tuple[str, ...]:
    """The rules the forum allows (setting ``proposal_rules``), all of them by default."""
    chosen = current_tenant().setting("proposal_rules") or rules.RULES
    return tuple(r for r in rules.RULES if r in chosen)


def core_constituencies() -> tuple[str, ...]:
    return tuple(current_tenant().setting("core_constituencies") or ())


def tallies_shown(p: Proposal, staff: bool) -> bool:
    """The running tallies: the secretariat and chairs always; members when the proposal opens them, or once closed."""
    return staff or p.open_tallies or p.status == "closed"


def answers_shown(p: Proposal, staff: bool) -> bool:
    """Who answered what: the secretariat and chairs; every reader of the proposal once it is closed."""
    return staff or p.status == "closed"


def next_reference(year: int) -> str:
    tid = _tid()
    count = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.tenant_id == tid, Proposal.reference.like(f"WP-{year}-%"))) or 0
    return f"WP-{year}-{count + 1:03d}"


def _addressed(audience: str, committee_id: int | None, constituencies: list[str]) -> list[tuple[Member, str | None]]:
    """The active members the proposal is addressed to, each with their constituency (their own or their
    organisation's)."""
    tid = _tid()
    constituency = func.coalesce(Member.constituency, Organisation.constituency)
    people = select(Member, constituency).outerjoin(
        Organisation, (Organisation.tenant_id == Member.tenant_id) & (Organisation.id == Member.organisation_id)
    ).where(Member.tenant_id == tid, Member.active, Member.erased_at.is_(None))
    if audience == "committee":
        people = people.join(CommitteeMember, (CommitteeMember.tenant_id == Member.tenant_id)
                             & (CommitteeMember.member_id == Member.id)).where(
            CommitteeMember.committee_id == committee_id)
    elif audience == "constituencies":
        people = people.where(constituency.in_(constituencies))
    return [(m, c) for m, c in db.session.execute(people.order_by(Member.name))]


def open_proposal(data: dict[str, Any], by: Member | None, notify: bool = True) -> Proposal:
    """Opens a proposal: one answer row per titular seat addressed, and the notice with each seat's (and each
    standing alternate's) own answer link."""
    tid = _tid()
    if data.get("rule") not in allowed_rules():
        raise ProposalError("rule", "invalid")
    audience = data.get("audience")
    if audience not in AUDIENCES:
        raise ProposalError("audience", "invalid")
    committee_id = data.get("committee_id") or None
    if committee_id is not None and db.session.get(Committee, (tid, committee_id)) is None:
        raise ProposalError("committee_id", "invalid")
    if audience == "committee" and committee_id is None:
        raise ProposalError("committee_id", "required")
    constituencies = [c for c in data.get("constituencies") or [] if c in CONSTITUENCIES]
    if audience == "constituencies" and not constituencies:
        raise ProposalError("constituencies", "required")
    deadline: datetime = data["deadline"]
    if deadline <= _now():
        raise ProposalError("deadline", "past")
    reference = (data.get("reference") or "").strip() or next_reference(deadline.year)
    if db.session.scalar(select(Proposal.id).where(Proposal.tenant_id == tid, Proposal.reference == reference)):
        raise ProposalError("reference", "taken")
    people = _addressed(audience, committee_id, constituencies)
    seats = [(m, c) for m, c in people if m.role in SEAT_ROLES]
    if not seats:
        raise ProposalError("audience", "empty")
    p = Proposal(tenant_id=tid, reference=reference, title=data["title"].strip(), text=data["text"].strip(),
                 language=data.get("language") or current_tenant().default_locale, rule=data["rule"],
                 min_turnout=data.get("min_turnout") if data["rule"] == rules.MAJORITY else None,
                 audience=audience, committee_id=committee_id,
                 constituencies=constituencies if audience == "constituencies" else [],
                 deadline=deadline, visibility=data.get("visibility") or "members",
                 open_tallies=bool(data.get("open_tallies")), opened_by_id=by.id if by else None)
    if data.get("paper"):
        p.paper_filename, p.paper_content_type, p.paper_data = data["paper"]
    db.session.add(p)
    db.session.flush()
    db.session.add_all(ProposalAnswer(tenant_id=tid, proposal_id=p.id, member_id=m.id, constituency=c,
                                      gender=m.gender) for m, c in seats)
    db.session.flush()
    audit.record("created", "proposal", p.id)
    if notify:
        notify_opened(p, seats)
    return p


def paper(filename: str, data: bytes) -> tuple[str, str, bytes]:
    """A paper attached to a proposal: the kinds and size the meetings' papers take."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "document"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOCUMENT_TYPES or not data or len(data) > MAX_DOCUMENT_BYTES:
        raise ProposalError("paper", "invalid")
    content_type, magic = DOCUMENT_TYPES[ext]
    if (magic and not any(data.startswith(m) for m in magic)) or (not magic and b"\x00" in data[:4096]):
        raise ProposalError("paper", "invalid")
    return name, content_type, data


def answer_token(tenant_id: int, proposal_id: int, member_id: int) -> str:
    """One person's answer link: a titular's, or an alternate's of their own (it answers for the titular's seat)."""
    return signing.sign(LINK_PURPOSE, {"p": proposal_id, "m": member_id}, tenant_id)


REMIND_BEFORE = timedelta(hours=48)


def remind_due(now: datetime | None = None) -> int:
    """Once per proposal and person, within REMIND_BEFORE of the deadline: the seats that have not answered (and
    the alternates of those seats) are reminded, with their own answer link."""
    now = now or _now()
    tid = _tid()
    rows = db.session.execute(select(Proposal.id, Member).join(
        ProposalAnswer, (ProposalAnswer.tenant_id == Proposal.tenant_id) & (ProposalAnswer.proposal_id == Proposal.id)
    ).join(Member, (Member.tenant_id == ProposalAnswer.tenant_id) & (
        (Member.id == ProposalAnswer.member_id) | (Member.alternate_of_id == ProposalAnswer.member_id))).where(
        Proposal.tenant_id == tid, Proposal.status == "open", Proposal.deadline > now,
        Proposal.deadline <= now + REMIND_BEFORE, ProposalAnswer.answer.is_(None), Member.active,
        Member.erased_at.is_(None))).all()
    recipients = [{"member_id": m.id, "email": m.email, "name": m.name, "locale": m.locale,
                   "payload": {"proposal_id": pid, "answer": answer_token(tid, pid, m.id)},
                   "dedupe_key": f"proposal-reminder:{pid}:{m.id}"} for pid, m in rows]
    if not recipients:
        return 0
    queued = notices.queue_by_channel("proposal_reminder", recipients)
    return len(queued.emails) + len(queued.sms)


def waiting_people(p: Proposal) -> list[Member]:
    """Whom a reminder reaches now: the holders of the seats that have not answered, and their alternates."""
    seat = (ProposalAnswer.tenant_id == Member.tenant_id) & (
        (Member.id == ProposalAnswer.member_id) | (Member.alternate_of_id == ProposalAnswer.member_id))
    return list(db.session.scalars(select(Member).join(ProposalAnswer, seat).where(
        ProposalAnswer.tenant_id == p.tenant_id, ProposalAnswer.proposal_id == p.id, ProposalAnswer.answer.is_(None),
        Member.active, Member.erased_at.is_(None)).order_by(Member.name).distinct()))


def reminder_wave(p: Proposal) -> sms.Wave:
    """What a reminder now would send by SMS (counted before it goes; no code is handed out)."""
    return sms.wave("proposal_reminder", [(m.id, {"proposal_id": p.id}) for m in waiting_people(p)])


def remind(p: Proposal, now: datetime | None = None) -> notices.Queued:
    """The secretariat reminds, before the deadline, the seats that have not answered (and their alternates), each
    with their own answer link or SMS code; at most once an hour (a second click sends nothing)."""
    now = now or _now()
    if p.status != "open" or now > p.deadline:
        raise ProposalError("status", "not_open")
    tid, hour = _tid(), int(now.timestamp()) // 3600
    recipients = [{"member_id": m.id, "email": m.email, "name": m.name, "locale": m.locale,
                   "payload": {"proposal_id": p.id, "answer": answer_token(tid, p.id, m.id)},
                   "dedupe_key": f"proposal-remind:{p.id}:{m.id}:{hour}"} for m in waiting_people(p)]
    queued = notices.queue_by_channel("proposal_reminder", recipients)
    audit.record("notified", "proposal", p.id)
    return queued


def notify_opened(p: Proposal, seats: list[tuple[Member, str | None]]) -> int:
    """The notice of opening to each seat and to the alternates of those seats, in each one's notice language."""
    tid = _tid()
    seat_ids = {m.id for m, _c in seats}
    alternates = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.active, Member.erased_at.is_(None), Member.alternate_of_id.in_(seat_ids)))
    people = [m for m, _c in seats] + [a for a in alternates if a.id not in seat_ids]
    recipients = [{"member_id": m.id, "email": m.email, "name": m.name, "locale": m.locale,
                   "payload": {"proposal_id": p.id, "answer": answer_token(tid, p.id, m.id)},
                   "dedupe_key": f"proposal-opened:{p.id}:{m.id}"} for m in people]
    queued = notices.queue_by_channel("proposal_opened", recipients)
    return len(queued.emails) + len(queued.sms)


@dataclass(frozen=True)
class LinkTarget:
    proposal: Proposal
    seat: ProposalAnswer
    member: Member


def answer_link(token: str) -> LinkTarget:
    """The proposal, seat and person a link is for. ProposalError("link", "invalid") when forged, of another forum,
    or the person holds that seat no longer (an alternate replaced)."""
    tid = _tid()
    link = signing.verify(LINK_PURPOSE, token, tid)
    if link is None:
        raise ProposalError("link", "invalid")
    p = db.session.get(Proposal, (tid, link.data.get("p")))
    member = db.session.get(Member, (tid, link.data.get("m")))
    seat = seat_for(p, member) if p is not None and member is not None else None
    if p is None or member is None or seat is None or p.status == "cancelled":
        raise ProposalError("link", "invalid")
    return LinkTarget(p, seat, member)


def seat_for(p: Proposal, member: Member | None) -> ProposalAnswer | None:
    """The seat the member answers for: their own, or that of the titular they are the alternate of."""
    if member is None or not member.active or member.erased_at is not None:
        return None
    own = db.session.get(ProposalAnswer, (p.tenant_id, p.id, member.id))
    if own is not None:
        return own
    if member.alternate_of_id is not None:
        return db.session.get(ProposalAnswer, (p.tenant_id, p.id, member.alternate_of_id))
    return None


def record_answer(p: Proposal, member: Member, answer: str, comment: str | None = None, channel: str = "web",
                  now: datetime | None = None) -> ProposalAnswer:
    """The member's answer for their seat, changeable until the deadline. A titular's answer overrides their
    alternate's; an alternate cannot override the titular's. An objection names a reason."""
    now = now or _now()
    if p.status != "open" or now > p.deadline:
        raise ProposalError("answer", "closed")
    if answer not in rules.ANSWERS:
        raise ProposalError("answer", "invalid")
    comment = (comment or "").strip() or None
    if answer == rules.OBJECT and not comment:
        raise ProposalError("comment", "reason_required")
    seat = db.session.get(ProposalAnswer, (p.tenant_id, p.id, member.id), with_for_update=True) \
        or (db.session.get(ProposalAnswer, (p.tenant_id, p.id, member.alternate_of_id), with_for_update=True)
            if member.alternate_of_id else None)
    if seat is None:
        raise ProposalError("answer", "no_seat")
    if seat.member_id != member.id and seat.answered_by_id == seat.member_id:
        raise ProposalError("answer", "titular_answered")
    seat.answer, seat.comment, seat.answered_by_id, seat.answered_at, seat.channel = \
        answer, comment, member.id, now, channel
    db.session.flush()
    audit.record("answered", "proposal", p.id)
    return seat


def outcome(p: Proposal, rows: list[ProposalAnswer] | None = None) -> rules.Outcome:
    """The rule applied to the answers so far (or at the deadline, once closed)."""
    if rows is None:
        rows = list(db.session.scalars(select(ProposalAnswer).where(
            ProposalAnswer.tenant_id == p.tenant_id, ProposalAnswer.proposal_id == p.id)))
    seats = [rules.Seat(r.member_id, r.constituency, r.gender) for r in rows]
    answers = [rules.Answer(r.member_id, r.answer, r.answered_at, comment=r.comment) for r in rows if r.answer]
    rule = rules.Rule(p.rule, core=core_constituencies(),
                      min_turnout=p.min_turnout if p.min_turnout is not None else 0.5)
    return rules.decide(rule, seats, answers, p.deadline)


def close_due(now: datetime | None = None) -> int:
    """Closes the forum's open proposals whose deadline has passed and applies their rule. Each is locked and
    re-read as open before closing, so two runs (or two workers) close it once."""
    now = now or _now()
    tid = _tid()
    due = list(db.session.scalars(select(Proposal).where(
        Proposal.tenant_id == tid, Proposal.status == "open", Proposal.deadline <= now)
        .order_by(Proposal.deadline).with_for_update(skip_locked=True)))
    for p in due:
        close(p, now)
    return len(due)


def close(p: Proposal, now: datetime | None = None) -> rules.Outcome:
    """Applies the rule; an adopted proposal becomes a decision of its own (its parent is the proposal, not a
    meeting), with each answering constituency's position, and is put under matters arising of the next meeting
    of its committee."""
    now = now or _now()
    result = outcome(p)
    p.status, p.adopted, p.outcome_reason, p.closed_at = "closed", result.adopted, result.reason, now
    db.session.flush()
    audit.record("closed", "proposal", p.id)
    if result.adopted:
        decision = record_decision(p, result)
        arising_at_next_meeting(p, decision, now)
    return result


def record_decision(p: Proposal, result: rules.Outcome) -> Decision:
    """The proposal's one decision (unique per proposal: a second close finds it and adds nothing)."""
    tid = _tid()
    found = db.session.scalar(select(Decision).where(Decision.tenant_id == tid, Decision.proposal_id == p.id))
    if found is not None:
        return found
    decision = Decision(tenant_id=tid, proposal_id=p.id, text=f"{p.title}\n\n{p.text}", visibility=p.visibility)
    db.session.add(decision)
    db.session.flush()
    db.session.add_all(DecisionPosition(tenant_id=tid, decision_id=decision.id, constituency=c, position=pos)
                       for c, pos in sorted(result.positions.items()))
    db.session.flush()
    audit.record("created", "decision", decision.id)
    return decision


def arising_at_next_meeting(p: Proposal, decision: Decision, now: datetime) -> Meeting | None:
    """The next planned meeting of the proposal's committee gets an agenda item naming the decision taken between
    meetings, in the meeting's language. A meeting planned later does not (yet): see the report of issue 36."""
    if p.committee_id is None:
        return None
    tid = _tid()
    meeting = db.session.scalar(select(Meeting).where(
        Meeting.tenant_id == tid, Meeting.committee_id == p.committee_id, Meeting.start_at > now,
        Meeting.status.in_(("draft", "notified"))).order_by(Meeting.start_at).limit(1))
    if meeting is None:
        return None
    with force_locale(languages.interface_of(meeting.language)):
        title = gettext("Matters arising: decision %(reference)s taken between meetings: %(title)s",
                        reference=p.reference, title=p.title)
    save_agenda_item(meeting, None, title=title[:300], presenter=None, minutes=None, kind="information")
    return meeting


def cancel(p: Proposal) -> None:
    if p.status != "open":
        raise ProposalError("status", "not_open")
    p.status = "cancelled"
    db.session.flush()
    audit.record("cancelled", "proposal", p.id)


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    e = erasure
    """Member erasure: the comments they gave on proposals (reasons and reservations) go; the count stays."""
    db.session.execute(update(ProposalAnswer).where(
        ProposalAnswer.tenant_id == e.tenant_id, ProposalAnswer.member_id == e.member_id,
        ProposalAnswer.answer != rules.OBJECT).values(comment=None))
    db.session.execute(update(ProposalAnswer).where(
        ProposalAnswer.tenant_id == e.tenant_id, ProposalAnswer.member_id == e.member_id,
        ProposalAnswer.answer == rules.OBJECT).values(comment="—"))


def content_kinds() -> tuple[content.Kind, ...]:
    """The forum's translators translate proposals as a list (core/content.py; bound in webapp/wiring.py), each
    proposal only for those who read it (its visibility column, the one rule by reader)."""
    from flask_babel import lazy_gettext as _l

    from webapp.core import visibility

    def between_meetings(reader: visibility.Reader) -> Any:  # noqa: ANN401  (a WHERE clause)
        """The decisions of proposals (a meeting's are translated with their meeting), no wider than their proposal."""
        seen = select(Proposal.id).where(Proposal.tenant_id == _tid(),
                                         visibility.level_sql(reader, Proposal.visibility))
        return Decision.proposal_id.in_(seen) & visibility.decision_sql(reader, Decision.visibility,
                                                                        Decision.visibility)

    return (content.Kind("proposal", _l("Proposals"), Proposal, ("title", "text")),
            content.Kind("decision", _l("Decisions taken between meetings"), Decision, ("text",),
                         readable=between_meetings))
