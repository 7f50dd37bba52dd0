"""Live state of a meeting in the room: the session (current item), the speakers' queue and the interventions.

These tables are live state: they never bump the forum's content version (webapp/core/content_version.py,
NOT_PUBLIC); each meeting keeps its own version in the jobs' Redis instead (webapp/live/version.py).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.extensions import db
from webapp.meetings.rules import RULES
from webapp.members.models import CONSTITUENCIES, GENDERS

REQUEST_STATUSES = ("waiting", "withdrawn", "given")
SOURCES = ("live", "notes")  # timed in the room, or entered afterwards from the secretariat's notes


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    check = "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))
    return f"{column} IS NULL OR {check}" if nullable else check


class LiveSession(TenantOwned, db.Model):
    """A meeting being held: since when, the agenda item under discussion and since when, who has the floor."""

    __tablename__ = "live_sessions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    current_item_id: Mapped[int | None] = mapped_column(BigInteger)  # no foreign key: an item may be deleted
    item_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    speaking_id: Mapped[int | None] = mapped_column(BigInteger)  # the intervention in progress
    # the room code shown on the projector and the chair's view (issue 39): a shared SMS reply code, renewed every
    # few minutes (webapp/live/checkin.py); the routing table (sms_reply_codes) says until when each one works
    room_code: Mapped[str | None] = mapped_column(String(8))
    room_code_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SpeakerRequest(TenantScoped, db.Model):
    """Someone in the speakers' queue: a member who asked from their phone, or anyone the chair added."""

    __tablename__ = "speaker_requests"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        CheckConstraint(_in("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(_in("gender", GENDERS), name="gender"),
        CheckConstraint(_in("constituency", CONSTITUENCIES, nullable=True), name="constituency"),
        Index("ix_speaker_requests_meeting", "tenant_id", "meeting_id", "status"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(BigInteger)  # None: a guest or someone named by the chair
    name: Mapped[str] = mapped_column(String(200))
    constituency: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str] = mapped_column(String(12), default="undisclosed")
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    rank: Mapped[int | None] = mapped_column(Integer)  # set when the chair reorders: ranked entries come first
    status: Mapped[str] = mapped_column(String(10), default="waiting")


class Intervention(TenantScoped, db.Model):
    """Someone who had the floor: who, their constituency and gender, on which item, from when and for how long."""

    __tablename__ = "interventions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        CheckConstraint(_in("gender", GENDERS), name="gender"),
        CheckConstraint(_in("constituency", CONSTITUENCIES, nullable=True), name="constituency"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint("seconds IS NULL OR seconds >= 0", name="seconds"),
        Index("ix_interventions_meeting", "tenant_id", "meeting_id", "started_at"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    constituency: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str] = mapped_column(String(12), default="undisclosed")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[int | None] = mapped_column(Integer)  # None while the speaker has the floor
    source: Mapped[str] = mapped_column(String(6), default="live")
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


VOTE_METHODS = ("hands", "phones")  # a show of hands counted per constituency, or each seat from its phone
VOTE_STATUSES = ("open", "closed")
VOTE_ANSWERS = ("agree", "object", "abstain")  # of meetings/rules.py ANSWERS: for, against, abstain
ABSTAIN = "abstain"
CANDIDATE_ANSWER = "answer ~ '^c[0-9]{1,2}$'"  # an election's answer: the candidate's number, "c1", "c2", …
MAX_CANDIDATES = 20


def _answer_check(nullable: bool = False) -> str:
    return f"{_in('answer', VOTE_ANSWERS, nullable)} OR {CANDIDATE_ANSWER}"
NO_CONSTITUENCY = ""  # a tally's seats without a constituency


class LiveVote(TenantScoped, db.Model):
    """A vote in the session (issue 39): on a motion, or on an open proposal; decided by a rule of meetings/rules.py
    when the chair closes it, and recorded as a decision of the meeting."""

    __tablename__ = "live_votes"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "proposal_id"], ["proposals.tenant_id", "proposals.id"]),
        ForeignKeyConstraint(["tenant_id", "decision_id"], ["decisions.tenant_id", "decisions.id"],
                             ondelete="SET NULL"),
        CheckConstraint(_in("rule", RULES), name="rule"),
        CheckConstraint(_in("method", VOTE_METHODS), name="method"),
        CheckConstraint(_in("status", VOTE_STATUSES), name="status"),
        Index("ix_live_votes_meeting", "tenant_id", "meeting_id", "status"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    proposal_id: Mapped[int | None] = mapped_column(BigInteger)
    motion: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(6))
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(6), default="open")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    adopted: Mapped[bool | None] = mapped_column(Boolean)
    outcome_reason: Mapped[str | None] = mapped_column(String(30))
    decision_id: Mapped[int | None] = mapped_column(BigInteger)
    # an election (a chair among candidates): the candidates' names, each answered as "c1", "c2", … (None: a motion)
    candidates: Mapped[list[str] | None] = mapped_column(JSONB(none_as_null=True))

    @property
    def options(self) -> tuple[str, ...]:
        """What a seat may answer: for, against, abstain; or, in an election, a candidate or abstain."""
        if self.candidates:
            return (*(f"c{i}" for i in range(1, len(self.candidates) + 1)), ABSTAIN)
        return VOTE_ANSWERS


class VoteTally(TenantOwned, db.Model):
    """How many seats of a constituency answered what: the only record of the choices of a secret ballot (no member,
    no time, no order), and the count a show of hands is entered as."""

    __tablename__ = "live_vote_tallies"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "vote_id"], ["live_votes.tenant_id", "live_votes.id"], ondelete="CASCADE"),
        CheckConstraint(_answer_check(), name="answer"),
        CheckConstraint("seats >= 0", name="seats"),
    )

    vote_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    constituency: Mapped[str] = mapped_column(String(30), primary_key=True)  # NO_CONSTITUENCY for none
    answer: Mapped[str] = mapped_column(String(10), primary_key=True)
    seats: Mapped[int] = mapped_column(Integer, default=0)


class VoteBallot(TenantOwned, db.Model):
    """A seat that voted from a phone: who voted (the titular, or the alternate standing in), and for an open ballot
    what; a secret ballot's row has no answer."""

    __tablename__ = "live_vote_ballots"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "vote_id"], ["live_votes.tenant_id", "live_votes.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "seat_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "cast_by_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        CheckConstraint(_answer_check(nullable=True), name="answer"),
    )

    vote_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    seat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # the titular seat
    cast_by_id: Mapped[int] = mapped_column(BigInteger)
    answer: Mapped[str | None] = mapped_column(String(10))  # None for a secret ballot
