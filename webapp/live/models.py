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
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.extensions import db
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
