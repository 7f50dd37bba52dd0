from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db

STATUSES = ("pending", "sending", "sent", "failed")
_STATUS_CHECK = "status IN ('pending', 'sending', 'sent', 'failed')"


class DeliveryFields:
    """What every outbox row holds, whatever its channel (e-mail here, SMS in notices/sms/models.py): who it is
    for and in which language, its kind and dedupe key, and its delivery state (claimed, sent, retried)."""

    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10), default="en")
    kind: Mapped[str] = mapped_column(String(40))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxFields(DeliveryFields):
    """An e-mail outbox row: its address, the payload its template reads, the SMTP message id once sent."""

    recipient_email: Mapped[str] = mapped_column(String(254))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    message_id: Mapped[str | None] = mapped_column(String(255))


class Notice(OutboxFields, TenantScoped, db.Model):
    """One email to one recipient about one event of a forum."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dedupe_key"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_STATUS_CHECK, name="status"),
        Index("ix_notices_due", "tenant_id", "status", "next_attempt_at"),
        Index("ix_notices_tenant_created", "tenant_id", "created_at"),
    )

    member_id: Mapped[int | None] = mapped_column(BigInteger)


class PlatformMail(OutboxFields, db.Model):
    """Account emails (password reset, invitations to an account): global, no tenant, no RLS."""

    __tablename__ = "platform_mail"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        CheckConstraint(_STATUS_CHECK, name="status"),
        Index("ix_platform_mail_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)


class Announcement(TenantScoped, db.Model):
    """A message the secretariat sent to every member (issue 27): kept, so it can be read again, listed and
    translated (core/content.py, object type "announcement"); written in the forum's language."""

    __tablename__ = "announcements"
    __table_args__ = (Index("ix_announcements_sent", "tenant_id", "sent_at"),)

    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(200), default="")
    recipients: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
