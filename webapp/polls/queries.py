"""Reads for date polls, and the result per slot: who can come, by constituency and gender, and whether the slot
keeps every core constituency present (the quorum rule of webapp/meetings/quorum.py, each core constituency
required) and the gender balance within the forum's range (webapp/inclusion/checks.py). Fixed statement counts: the
poll, its slots, its invitees with their answers."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from tenants.context import current_tenant, current_tenant_id
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.inclusion import checks
from webapp.inclusion import services as inclusion
from webapp.meetings.quorum import Seat, quorum
from webapp.members.models import Member, Organisation
from webapp.polls.models import DatePoll, DatePollAnswer, DatePollInvitee, DatePollSlot


def polls(reader: Reader, limit: int = 50) -> list[DatePoll]:
    return list(db.session.scalars(select(DatePoll).where(
        DatePoll.tenant_id == current_tenant_id(), vis.level_sql(reader, DatePoll.visibility))
        .order_by(DatePoll.status != "open", DatePoll.deadline.desc(), DatePoll.id.desc()).limit(limit)))


def poll(poll_id: int, reader: Reader) -> DatePoll | None:
    """The poll if the reader sees its level (the meeting it prepares will have the same), else None."""
    return db.session.scalar(select(DatePoll).where(DatePoll.tenant_id == current_tenant_id(), DatePoll.id == poll_id,
                                                    vis.level_sql(reader, DatePoll.visibility)))


def slots(poll_id: int) -> list[DatePollSlot]:
    return list(db.session.scalars(select(DatePollSlot).where(
        DatePollSlot.tenant_id == current_tenant_id(), DatePollSlot.poll_id == poll_id).order_by(DatePollSlot.number)))


def slot(poll_id: int, slot_id: int) -> DatePollSlot | None:
    return db.session.scalar(select(DatePollSlot).where(DatePollSlot.tenant_id == current_tenant_id(),
                                                        DatePollSlot.poll_id == poll_id, DatePollSlot.id == slot_id))


@dataclass(frozen=True)
class Person:
    member_id: int
    name: str
    role: str
    constituency: str | None
    gender: str
    alternate_of: int | None
    answered: bool
    answers: dict[int, str]  # slot id -> yes / maybe / no
    reply_code: str | None = None  # to answer by SMS (webapp/polls/sms.py)


def people(poll_id: int) -> list[Person]:
    """Everyone asked, with their answers: one statement."""
    tid = current_tenant_id()
    answers = (select(func.jsonb_object_agg(DatePollAnswer.slot_id, DatePollAnswer.answer))
               .where(DatePollAnswer.tenant_id == DatePollInvitee.tenant_id, DatePollAnswer.poll_id == poll_id,
                      DatePollAnswer.member_id == DatePollInvitee.member_id).scalar_subquery())
    rows = db.session.execute(
        select(Member.id, Member.name, Member.role, func.coalesce(Member.constituency, Organisation.constituency),
               Member.gender, Member.alternate_of_id, DatePollInvitee.answered_at.is_not(None), answers,
               DatePollInvitee.reply_code)
        .join(Member, (Member.tenant_id == DatePollInvitee.tenant_id) & (Member.id == DatePollInvitee.member_id))
        .outerjoin(Organisation, (Organisation.tenant_id == Member.tenant_id)
                   & (Organisation.id == Member.organisation_id))
        .where(DatePollInvitee.tenant_id == tid, DatePollInvitee.poll_id == poll_id).order_by(Member.name))
    return [Person(mid, name, role, constituency, gender, alt, bool(done),
                   {int(k): v for k, v in (given or {}).items()}, code)
            for mid, name, role, constituency, gender, alt, done, given, code in rows]


@dataclass(frozen=True)
class SlotResult:
    slot: DatePollSlot
    yes: list[Person]
    maybe: list[Person]
    no: list[Person]
    by_constituency: dict[str, int]  # who can come (yes or if need be)
    by_gender: dict[str, int]
    missing_core: tuple[str, ...]
    gender: checks.Result

    @property
    def keeps_core(self) -> bool:
        return not self.missing_core

    @property
    def balanced(self) -> bool:
        return self.gender.status == checks.OK

    @property
    def recommended(self) -> bool:
        return self.keeps_core and self.balanced


def results(slot_list: list[DatePollSlot], everyone: list[Person]) -> list[SlotResult]:
    """Per slot, counting those who can come (yes or if need be): the core constituencies left with no one (the
    quorum rule, each core constituency required) and the gender check of the forum's targets."""
    core = tuple(current_tenant().setting("core_constituencies") or ())
    targets = inclusion.targets()
    out = []
    for s in slot_list:
        come = [p for p in everyone if p.answers.get(s.id) in ("yes", "maybe")]
        seats = [Seat(p.member_id, p.role, p.constituency, p.answers.get(s.id) in ("yes", "maybe"), p.alternate_of)
                 for p in everyone]
        q = quorum(seats, core=core, require_each_core=True)
        out.append(SlotResult(
            s, [p for p in everyone if p.answers.get(s.id) == "yes"], [p for p in everyone if p.answers.get(s.id) ==
                                                                       "maybe"],
            [p for p in everyone if p.answers.get(s.id) == "no"],
            dict(Counter(p.constituency or "" for p in come)), dict(Counter(p.gender for p in come)),
            q.missing_core, checks.gender([p.gender for p in come], targets)))
    return out
