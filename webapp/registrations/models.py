"""Who registered for an open session, and how many seats it has."""
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
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.extensions import db


class Opening(TenantOwned, db.Model):
    """A meeting open to registration, with its number of seats; without a row, nobody registers."""

    __tablename__ = "registration_openings"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        CheckConstraint("capacity > 0", name="capacity"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)


class Registration(TenantScoped, db.Model):
    """One person registered for a meeting: confirmed while there is a seat, else waiting in order."""

    __tablename__ = "registrations"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "meeting_id", "email"),
        UniqueConstraint("tenant_id", "token"),
        CheckConstraint("status IN ('confirmed', 'waiting')", name="status"),
        Index("ix_registrations_meeting", "tenant_id", "meeting_id", "status", "id"),
    )

    meeting_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(10))
    access_needs: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    token: Mapped[str] = mapped_column(String(32))  # the registrant's own cancel link
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
