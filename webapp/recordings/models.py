from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db

PURPOSES = ("notice", "outcome", "message")  # an announcement's recording (issue 46) has no meeting
STATUSES = ("pending", "ready", "refused")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Recording(TenantScoped, db.Model):
    """Audio of a meeting's notice or published outcome, or of an announcement to all members, in one language, with
    its transcript. The upload is kept until the worker has transcoded it (then dropped); ``token`` is the unguessable
    part of its link."""

    __tablename__ = "recordings"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "meeting_id"], ["meetings.tenant_id", "meetings.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "announcement_id"], ["announcements.tenant_id", "announcements.id"],
                             ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "token"),
        CheckConstraint(_in("purpose", PURPOSES), name="purpose"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("(meeting_id IS NULL) <> (announcement_id IS NULL)", name="one_object"),
        Index("ix_recordings_meeting", "tenant_id", "meeting_id"),
        Index("ix_recordings_announcement", "tenant_id", "announcement_id"),
    )

    meeting_id: Mapped[int | None] = mapped_column(BigInteger)
    announcement_id: Mapped[int | None] = mapped_column(BigInteger)
    purpose: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(35))
    transcript: Mapped[str] = mapped_column(Text, default="")
    token: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    error: Mapped[str | None] = mapped_column(String(30))
    upload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    audio: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    size: Mapped[int] = mapped_column(Integer, default=0)
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
