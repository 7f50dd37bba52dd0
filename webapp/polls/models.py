"""A date poll, its slots (2 to 6 times, kept in UTC, shown in each reader's zone), who is asked (with the reason
the meeting's invitation will give) and one answer per person and slot."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.core.labels import VISIBILITIES
from webapp.extensions import db

STATUSES = ("open", "closed", "scheduled")
ANSWERS = ("yes", "maybe", "no")  # maybe: "if need be"
MIN_SLOTS, MAX_SLOTS = 2, 6


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


class DatePoll(TenantScoped, db.Model):
    __tablename__ = "date_polls"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "committee_id"], ["committees.tenant_id", "committees.id"]),
        ForeignKeyConstraint(["tenant_id", "created_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        Index("ix_date_polls_status_deadline", "tenant_id", "status", "deadline"),
    )

    committee_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="plenary")
    language: Mapped[str] = mapped_column(String(10), default="en")
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=180)
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    # the meeting the chosen slot became (no key: deleting the meeting keeps the poll)
    meeting_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class DatePollSlot(TenantScoped, db.Model):
    __tablename__ = "date_poll_slots"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "poll_id"], ["date_polls.tenant_id", "date_polls.id"], ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "poll_id", "number"),
    )

    poll_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2 ...: what an SMS answer names
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DatePollInvitee(TenantOwned, db.Model):
    """Who is asked, and why (the reason their invitation to the meeting will give)."""

    __tablename__ = "date_poll_invitees"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "poll_id"], ["date_polls.tenant_id", "date_polls.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        UniqueConstraint("tenant_id", "reply_code"),
    )

    poll_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reason: Mapped[str] = mapped_column(String(14), default="committee")
    reason_ref: Mapped[int | None] = mapped_column(BigInteger)
    reason_detail: Mapped[str | None] = mapped_column(String(200))
    reply_code: Mapped[str | None] = mapped_column(String(8))  # an SMS answer names it
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DatePollAnswer(TenantOwned, db.Model):
    __tablename__ = "date_poll_answers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "slot_id"], ["date_poll_slots.tenant_id", "date_poll_slots.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "poll_id", "member_id"],
                             ["date_poll_invitees.tenant_id", "date_poll_invitees.poll_id",
                              "date_poll_invitees.member_id"], ondelete="CASCADE"),
        CheckConstraint(_in("answer", ANSWERS), name="answer"),
        Index("ix_date_poll_answers_poll", "tenant_id", "poll_id"),
    )

    slot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    poll_id: Mapped[int] = mapped_column(BigInteger)
    answer: Mapped[str] = mapped_column(String(6))
