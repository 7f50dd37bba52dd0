from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.core.labels import visibility_check
from webapp.extensions import db


class WebinarSeries(TenantScoped, db.Model):
    __tablename__ = "webinar_series"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "committee_id"], ["committees.tenant_id", "committees.id"]),
        ForeignKeyConstraint(["tenant_id", "coordinator_id"], ["organisations.tenant_id", "organisations.id"]),
        CheckConstraint("cadence IN ('weeks', 'monthly')", name="cadence"),
        CheckConstraint(visibility_check(), name="visibility"),
    )

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[str | None] = mapped_column(Text)
    committee_id: Mapped[int] = mapped_column(BigInteger)  # sessions are meetings of this committee
    coordinator_id: Mapped[int | None] = mapped_column(BigInteger)
    cadence: Mapped[str] = mapped_column(String(8), default="weeks")  # every N weeks, or monthly on the nth weekday
    every_weeks: Mapped[int] = mapped_column(Integer, default=4)
    nth: Mapped[int] = mapped_column(Integer, default=1)  # 1..4, or -1 for the last
    weekday: Mapped[int] = mapped_column(Integer, default=2)  # Monday = 0
    start_on: Mapped[date] = mapped_column(Date)
    at: Mapped[time] = mapped_column(Time)  # local time in the forum's time zone
    minutes: Mapped[int] = mapped_column(Integer, default=90)
    language: Mapped[str] = mapped_column(String(10), default="en")
    interpretation_languages: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list, server_default="{}")
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SeriesOrg(TenantOwned, db.Model):
    """An organisation in the series' pool, in order, with its contact person."""

    __tablename__ = "series_orgs"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "series_id"], ["webinar_series.tenant_id", "webinar_series.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "contact_id"], ["members.tenant_id", "members.id"]),
    )

    series_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Session(TenantOwned, db.Model):
    """A webinar session: a meeting of kind webinar, with its chair organisation."""

    __tablename__ = "webinar_sessions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "series_id"], ["webinar_series.tenant_id", "webinar_series.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "chair_org_id"], ["organisations.tenant_id", "organisations.id"]),
        UniqueConstraint("tenant_id", "series_id", "number"),
        CheckConstraint("chair_status IN ('proposed', 'accepted')", name="chair_status"),
        Index("ix_webinar_sessions_series", "tenant_id", "series_id", "number"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    series_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[int] = mapped_column(Integer)
    chair_org_id: Mapped[int | None] = mapped_column(BigInteger)
    chair_status: Mapped[str] = mapped_column(String(10), default="proposed")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionDecline(TenantOwned, db.Model):
    __tablename__ = "webinar_declines"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["webinar_sessions.tenant_id", "webinar_sessions.meeting_id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
