"""The SMS outbox: one text message to one phone, its own table beside the e-mail notices (its recipient is a phone
number, its dedupe key its own). Same semantics as the e-mail outbox: rows written in the transaction of the change,
claimed (pending -> sending, committed) before they are sent, marked sent once Kannel accepted them, swept."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
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
from webapp.notices.models import DeliveryFields

SMS_STATUSES = ("pending", "sending", "sent", "delivered", "failed")
ENCODINGS = ("gsm7", "ucs2")


class SmsMessage(DeliveryFields, TenantScoped, db.Model):
    __tablename__ = "sms_outbox"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dedupe_key"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'delivered', 'failed')", name="status"),
        CheckConstraint("encoding IN ('gsm7', 'ucs2')", name="encoding"),
        CheckConstraint("segments BETWEEN 1 AND 2", name="segments"),
        Index("ix_sms_outbox_due", "tenant_id", "status", "next_attempt_at"),
        Index("ix_sms_outbox_tenant_created", "tenant_id", "created_at"),
    )

    member_id: Mapped[int | None] = mapped_column(BigInteger)
    recipient_phone: Mapped[str] = mapped_column(String(20))  # E.164
    body: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(5))
    segments: Mapped[int] = mapped_column(Integer)
    gateway_ref: Mapped[str | None] = mapped_column(String(100))  # what the gateway answered on acceptance
    # recipient_name, locale, kind, dedupe_key, status, attempts, last_error, created_at, next_attempt_at,
    # claimed_at, sent_at: the outboxes' shared DeliveryFields (webapp/notices/models.py)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SmsDeliveryReport(TenantScoped, db.Model):
    """One delivery report Kannel passed on (``dlr-url``): one per part of a two-part SMS, in any order. The same
    report twice is one row (a replayed call changes nothing)."""

    __tablename__ = "sms_delivery_reports"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sms_id", "part", "dlr_type"),
        ForeignKeyConstraint(["tenant_id", "sms_id"], ["sms_outbox.tenant_id", "sms_outbox.id"], ondelete="CASCADE"),
    )

    sms_id: Mapped[int] = mapped_column(BigInteger)
    part: Mapped[str] = mapped_column(String(100))  # the operator's id of the part (Kannel's %F)
    dlr_type: Mapped[int] = mapped_column(Integer)  # Kannel's %d: 1 delivered, 2 failed, 4 queued, 8 sent, 16 refused
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- platform tables (no tenant, no RLS): an inbound SMS names no forum -------------------------------------------

class SmsReplyCode(db.Model):
    """A reply code and where it leads until it expires: the forum, the kind (``rsvp`` ...) and object it answers, the
    member it was sent to and their phone (neither for a shared code, answered from any phone). Written when a code
    goes out in an SMS (webapp/notices/sms/codes.py: unique among every live code of every kind); read by the inbound
    endpoint before any forum is known."""

    __tablename__ = "sms_reply_codes"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reply_code"),
        Index("ix_sms_reply_codes_code", "reply_code"),
        Index("ix_sms_reply_codes_phone", "phone"),
        Index("ix_sms_reply_codes_object", "tenant_id", "kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"))
    reply_code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))  # whose handler answers it (webapp/wiring.py: REPLY_KINDS)
    object_id: Mapped[int] = mapped_column(BigInteger)  # the invitation, for rsvp
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SmsOptOut(db.Model):
    """A number that sent STOP: no SMS to it from any forum until it sends START."""

    __tablename__ = "sms_opt_outs"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    opted_out_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


INBOUND_OUTCOMES = ("answered", "refused", "stop", "start", "help", "unknown", "duplicate")


class SmsInbound(db.Model):
    """Every inbound SMS, once (Kannel's message id is unique: the same message twice is recorded and acted on once),
    with what came of it and whether it was answered (help is sent at most once a day for what is not understood)."""

    __tablename__ = "sms_inbound"
    __table_args__ = (
        UniqueConstraint("message_id"),
        Index("ix_sms_inbound_phone", "phone", "received_at"),
        Index("ix_sms_inbound_tenant_received", "tenant_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    tenant_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(20), default="unknown")
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SmsAutoReply(db.Model):
    """One automatic reply sent to a number (the confirmation of a STOP, a START or an answer; help), what the limits
    of ``notices/sms/auto_reply.py`` count: the last reply per (number, code) and the replies per number per hour
    and per day. ``tenant_id`` is the forum whose outbox sent it (its rows go when a member with the number is
    erased)."""

    __tablename__ = "sms_auto_replies"
    __table_args__ = (
        Index("ix_sms_auto_replies_phone", "phone", "sent_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(String(16))
    tenant_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
