from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db

KINDS = ("attendance_meeting", "attendance_period", "action_progress", "inclusion", "annual")
FORMATS = ("pdf", "csv")
STATUSES = ("queued", "running", "ready", "failed")


class Report(TenantScoped, db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("kind IN ('attendance_meeting', 'attendance_period', 'action_progress', 'inclusion', "
                        "'annual')", name="kind"),
        CheckConstraint("format IN ('pdf', 'csv')", name="format"),
        CheckConstraint("status IN ('queued', 'running', 'ready', 'failed')", name="status"),
        Index("ix_reports_tenant_created", "tenant_id", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(30))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    format: Mapped[str] = mapped_column(String(4))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    status: Mapped[str] = mapped_column(String(8), default="queued")
    requested_by: Mapped[int | None] = mapped_column(BigInteger)  # member id
    filename: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    file: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    error: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")  # on the public page
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
