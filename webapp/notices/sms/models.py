"""The SMS outbox: one text message to one phone, its own table beside the e-mail notices (its recipient is a phone
number, its dedupe key its own). Same semantics as the e-mail outbox: rows written in the transaction of the change,
claimed (pending -> sending, committed) before they are sent, marked sent once Kannel accepted them, swept."""
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

from tenants.models import TenantScoped
from webapp.extensions import db

SMS_STATUSES = ("pending", "sending", "sent", "failed")
ENCODINGS = ("gsm7", "ucs2")


class SmsMessage(TenantScoped, db.Model):
    __tablename__ = "sms_outbox"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dedupe_key"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        CheckConstraint("encoding IN ('gsm7', 'ucs2')", name="encoding"),
        CheckConstraint("segments BETWEEN 1 AND 2", name="segments"),
        Index("ix_sms_outbox_due", "tenant_id", "status", "next_attempt_at"),
        Index("ix_sms_outbox_tenant_created", "tenant_id", "created_at"),
    )

    member_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient_phone: Mapped[str] = mapped_column(String(20))  # E.164
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10), default="en")
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(5))
    segments: Mapped[int] = mapped_column(Integer)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    gateway_ref: Mapped[str | None] = mapped_column(String(100))  # what the gateway answered on acceptance
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
