"""A draft put out for public comment, and the contacts (an e-mail address or a phone number) that verified a code.

The consultation keeps the text it put out (the draft as the secretariat published it), so that the public reads
what it comments on even when the draft itself is for members only; public comments are rows of the one comment
model (webapp/comments/models.py) with ``author_contact_id`` and ``consultation_id`` set, held for moderation.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
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

STATUSES = ("open", "closed")
CHANNELS = ("email", "phone")


class Consultation(TenantScoped, db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("target_kind IN ('minutes', 'proposal')", name="target_kind"),
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("closes_on >= opens_on", name="period"),
        Index("ix_consultations_status", "tenant_id", "status", "closes_on"),
    )

    target_kind: Mapped[str] = mapped_column(String(12))  # as comments.target_kind
    target_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)  # the draft as put out (Markdown)
    question_1: Mapped[str] = mapped_column(String(500))
    question_2: Mapped[str | None] = mapped_column(String(500))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")
    published_comments: Mapped[int] = mapped_column(Integer, default=0)  # a public count: publishing bumps the forum
    heard: Mapped[str | None] = mapped_column(Text)  # "what we heard", published at the close (Markdown)
    final_text: Mapped[str | None] = mapped_column(Text)  # the final version, beside it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Contact(TenantScoped, db.Model):
    """An e-mail address or a phone number that asked for a code, and whether it verified one."""

    __tablename__ = "consultation_contacts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "channel", "address"),
        CheckConstraint("channel IN ('email', 'phone')", name="channel"),
    )

    channel: Mapped[str] = mapped_column(String(5))
    address: Mapped[str] = mapped_column(String(254))  # normalised e-mail, or E.164
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
