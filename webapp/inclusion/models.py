from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db


class SelfAssessment(TenantScoped, db.Model):
    """One answer of the IGF end-of-phase checklist, with evidence."""

    __tablename__ = "self_assessments"
    __table_args__ = (UniqueConstraint("tenant_id", "item"),
                      CheckConstraint("answer IN ('yes', 'partly', 'no')", name="answer"))

    item: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(8))
    evidence: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(1000))
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SelfAssessmentAnswer(TenantScoped, db.Model):
    """Every answer given to the checklist, kept: the history of past assessments (SelfAssessment is the latest)."""

    __tablename__ = "self_assessment_answers"
    __table_args__ = (CheckConstraint("answer IN ('yes', 'partly', 'no')", name="answer"),
                      Index("ix_self_assessment_answers_at", "tenant_id", "answered_at"))

    item: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(8))
    evidence: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(1000))
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
