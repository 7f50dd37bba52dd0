"""A matter a member of the public suggests for the agenda, from a contact verified by a code (the consultations'
``Contact``). Held for moderation; once published it shows on the forum's public home with the forum's answer."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db

MODERATION = ("held", "visible", "hidden")


class Suggestion(TenantScoped, db.Model):
    __tablename__ = "agenda_suggestions"
    __table_args__ = (
        CheckConstraint("moderation IN ('held', 'visible', 'hidden')", name="moderation"),
        ForeignKeyConstraint(["tenant_id", "contact_id"], ["consultation_contacts.tenant_id",
                                                           "consultation_contacts.id"], ondelete="CASCADE"),
        Index("ix_agenda_suggestions_moderation", "tenant_id", "moderation", "created_at"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    public_name: Mapped[str | None] = mapped_column(String(120))  # None: anonymous to the public
    speaks_for: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(10))
    moderation: Mapped[str] = mapped_column(String(8), default="held")
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    answer: Mapped[str | None] = mapped_column(Text)  # the forum's public answer
    meeting_id: Mapped[int | None] = mapped_column(BigInteger)  # the meeting whose agenda took it
    agenda_item_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
