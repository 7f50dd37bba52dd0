"""Date polls (issue 37): opening one to a committee, answering it, choosing the slot that becomes the meeting.
Services flush, never commit."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from webapp.core import audit
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import MEETING_KINDS, Meeting
from webapp.members.models import Committee, CommitteeMember, Member
from webapp.notices import services as notices
from webapp.polls.models import ANSWERS, MAX_SLOTS, MIN_SLOTS, DatePoll, DatePollAnswer, DatePollInvitee, DatePollSlot


class PollError(ServiceError):
    """A poll, an answer or a choice refused: ``field`` and ``code`` say which and why."""


def _tid() -> int:
    return tenant_id_or(PollError)


def open_poll(*, title: str, committee_id: int, kind: str, duration_minutes: int, deadline: datetime,
              slots: list[datetime], language: str, visibility: str, by: Member | None,
              now: datetime | None = None, notify: bool = True) -> DatePoll:
    """Offers 2 to 6 future times to the committee's active members (each asked as a member of the committee), who
    are told by e-mail (``notify``) and get a code to answer by SMS."""
    now = now or datetime.now(UTC)
    tid = _tid()
    title = (title or "").strip()
    if not title:
        raise PollError("title", "required")
    committee = db.session.get(Committee, (tid, committee_id))
    if committee is None:
        raise PollError("committee_id", "invalid")
    if kind not in MEETING_KINDS:
        raise PollError("kind", "invalid")
    times = sorted(set(slots))
    if not MIN_SLOTS <= len(times) <= MAX_SLOTS:
        raise PollError("slots", "count")
    if times[0] <= now or deadline <= now:
        raise PollError("slots", "past")
    if deadline > times[0]:
        raise PollError("deadline", "after_first_slot")
    members = list(db.session.scalars(select(Member.id).join(
        CommitteeMember, (CommitteeMember.tenant_id == Member.tenant_id) & (CommitteeMember.member_id == Member.id))
        .where(Member.tenant_id == tid, CommitteeMember.committee_id == committee.id, Member.active,
               Member.erased_at.is_(None))))
    if not members:
        raise PollError("committee_id", "empty")
    poll = DatePoll(committee_id=committee.id, title=title, kind=kind, duration_minutes=duration_minutes,
                    deadline=deadline, language=language, visibility=visibility,
                    created_by_id=by.id if by is not None else None)
    db.session.add(poll)
    db.session.flush()
    db.session.add_all([DatePollSlot(poll_id=poll.id, number=n, start_at=t) for n, t in enumerate(times, start=1)])
    db.session.add_all([DatePollInvitee(poll_id=poll.id, member_id=mid, reason="committee", reason_ref=committee.id,
                                        reason_detail=committee.name) for mid in members])
    db.session.flush()
    from webapp.polls import sms

    sms.issue_codes(poll)
    if notify:
        _notify(poll, "date_poll_opened", members)
    audit.record("created", "date_poll", poll.id, ["slots"])
    return poll


def _notify(poll: DatePoll, kind: str, member_ids: list[int], slot_id: int | None = None) -> int:
    """An e-mail to each of these members who has an address, in their notice language (once per poll and kind)."""
    if not member_ids:
        return 0
    people = db.session.execute(select(Member.id, Member.name, Member.email, Member.locale).where(
        Member.tenant_id == _tid(), Member.id.in_(member_ids), Member.active, Member.email.is_not(None),
        Member.erased_at.is_(None))).all()
    return len(notices.queue_notices(kind, [
        {"member_id": mid, "email": email, "name": name, "locale": locale,
         "payload": {"poll_id": poll.id, "slot_id": slot_id}, "dedupe_key": f"{kind}:{poll.id}:{mid}"}
        for mid, name, email, locale in people]))


def answer_poll(poll: DatePoll, member: Member, answers: dict[int, str], now: datetime | None = None) -> None:
    """One person's answers, slot by slot (slot id -> yes / maybe / no); a slot left out keeps no answer."""
    now = now or datetime.now(UTC)
    tid = _tid()
    if poll.status != "open" or poll.deadline <= now:
        raise PollError("answers", "closed")
    invitee = db.session.get(DatePollInvitee, (tid, poll.id, member.id))
    if invitee is None:
        raise PollError("answers", "not_asked")
    slot_ids = set(db.session.scalars(select(DatePollSlot.id).where(DatePollSlot.tenant_id == tid,
                                                                    DatePollSlot.poll_id == poll.id)))
    if any(s not in slot_ids or a not in ANSWERS for s, a in answers.items()):
        raise PollError("answers", "invalid")
    db.session.execute(delete(DatePollAnswer).where(DatePollAnswer.tenant_id == tid, DatePollAnswer.poll_id == poll.id,
                                                    DatePollAnswer.member_id == member.id))
    db.session.add_all([DatePollAnswer(slot_id=s, member_id=member.id, poll_id=poll.id, answer=a)
                        for s, a in answers.items()])
    invitee.answered_at = now
    db.session.flush()
    audit.record("voted_dates", "date_poll", poll.id, ["answers"])


def answer_by_numbers(poll: DatePoll, member: Member, numbers: set[int], now: datetime | None = None) -> None:
    """An answer that names the slots that suit (an SMS "1 3"): yes for those, no for the others."""
    slots = db.session.scalars(select(DatePollSlot).where(DatePollSlot.tenant_id == _tid(),
                                                          DatePollSlot.poll_id == poll.id)).all()
    if not numbers or not numbers <= {s.number for s in slots}:
        raise PollError("answers", "invalid")
    answer_poll(poll, member, {s.id: "yes" if s.number in numbers else "no" for s in slots}, now)


def choose_slot(poll: DatePoll, slot: DatePollSlot, by: Member | None) -> Meeting:
    """The chosen slot becomes the meeting: a draft of the poll's committee, title, kind and language at that time,
    its invitees invited with their reason (the committee); the poll is closed and points at it."""
    if poll.status == "scheduled":
        raise PollError("slot", "scheduled")
    if slot.poll_id != poll.id:
        raise PollError("slot", "invalid")
    meeting = meetings.save_meeting(None, {
        "title": poll.title, "committee_id": poll.committee_id, "kind": poll.kind, "start_at": slot.start_at,
        "end_at": slot.start_at + timedelta(minutes=poll.duration_minutes), "venue": None, "online_link": None,
        "language": poll.language, "interpretation_languages": [], "expected_outputs": None,
        "visibility": poll.visibility})
    poll.status, poll.meeting_id = "scheduled", meeting.id
    db.session.flush()
    answered = list(db.session.scalars(select(DatePollInvitee.member_id).where(
        DatePollInvitee.tenant_id == _tid(), DatePollInvitee.poll_id == poll.id,
        DatePollInvitee.answered_at.is_not(None))))
    _notify(poll, "date_poll_decided", answered, slot.id)
    audit.record("chose_date", "date_poll", poll.id, ["meeting_id"])
    return meeting


def close_due(now: datetime | None = None) -> int:
    """Closes the open polls whose deadline has passed; returns how many."""
    now = now or datetime.now(UTC)
    due = db.session.scalars(select(DatePoll).where(DatePoll.tenant_id == _tid(), DatePoll.status == "open",
                                                    DatePoll.deadline <= now)).all()
    for poll in due:
        poll.status = "closed"
        audit.record("closed", "date_poll", poll.id)
    db.session.flush()
    return len(due)
