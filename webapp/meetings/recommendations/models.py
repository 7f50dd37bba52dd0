"""A decision that is a recommendation to an institution, and each answer the institution gave, dated."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKeyConstraint, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.extensions import db

ADDRESSEE_KINDS = ("ministry", "agency", "company", "association", "other")
# an answer's status; a recommendation with no answer recorded is "no_answer" too
STATUSES = ("accepted", "partly_accepted", "rejected", "under_consideration", "no_answer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


class Recommendation(TenantOwned, db.Model):
    """Keyed by its decision alone: the decision says what is recommended and who may see it."""

    __tablename__ = "recommendations"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "decision_id"], ["decisions.tenant_id", "decisions.id"],
                             ondelete="CASCADE"),
        CheckConstraint(_in("addressee_kind", ADDRESSEE_KINDS), name="addressee_kind"),
        Index("ix_recommendations_follow_up", "tenant_id", "follow_up_on"),
    )

    decision_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    addressee: Mapped[str] = mapped_column(String(200))
    addressee_kind: Mapped[str] = mapped_column(String(20), default="ministry")
    transmitted_on: Mapped[date] = mapped_column(Date)
    letter_url: Mapped[str | None] = mapped_column(String(500))
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RecommendationAnswer(TenantScoped, db.Model):
    __tablename__ = "recommendation_answers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "decision_id"],
                             ["recommendations.tenant_id", "recommendations.decision_id"], ondelete="CASCADE"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        Index("ix_recommendation_answers_decision", "tenant_id", "decision_id", "answered_on"),
    )

    decision_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    answered_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    document_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
