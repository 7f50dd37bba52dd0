"""A proposal, and one answer row per seat it is addressed to (made when it opens, filled when the seat answers)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, deferred, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.core.labels import VISIBILITIES
from webapp.extensions import db
from webapp.meetings.rules import ANSWERS, RULES

AUDIENCES = ("committee", "constituencies", "roll")
STATUSES = ("open", "closed", "cancelled")


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    check = "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))
    return f"{column} IS NULL OR {check}" if nullable else check


class Proposal(TenantScoped, db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference"),
        ForeignKeyConstraint(["tenant_id", "committee_id"], ["committees.tenant_id", "committees.id"]),
        ForeignKeyConstraint(["tenant_id", "opened_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("rule", RULES), name="rule"),
        CheckConstraint(_in("audience", AUDIENCES), name="audience"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("visibility", VISIBILITIES), name="visibility"),
        CheckConstraint("audience <> 'committee' OR committee_id IS NOT NULL", name="committee_named"),
        CheckConstraint("min_turnout IS NULL OR (min_turnout >= 0 AND min_turnout <= 1)", name="turnout_share"),
        Index("ix_proposals_status_deadline", "tenant_id", "status", "deadline"),
    )

    reference: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10), default="en")
    rule: Mapped[str] = mapped_column(String(40))
    min_turnout: Mapped[float | None] = mapped_column(Float)  # for a majority
    audience: Mapped[str] = mapped_column(String(20))
    committee_id: Mapped[int | None] = mapped_column(BigInteger)  # the committee addressed, or the one it reports to
    constituencies: Mapped[list[str]] = mapped_column(ARRAY(String(30)), default=list, server_default="{}")
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    open_tallies: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    status: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    adopted: Mapped[bool | None] = mapped_column(Boolean)  # set when closed
    outcome_reason: Mapped[str | None] = mapped_column(String(30))
    paper_filename: Mapped[str | None] = mapped_column(String(200))
    paper_content_type: Mapped[str | None] = mapped_column(String(100))
    paper_data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    opened_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProposalAnswer(TenantOwned, db.Model):
    """One seat's answer: the titular's row, answered by the titular or by their alternate (``answered_by_id``).
    ``constituency`` and ``gender`` are the seat's when the proposal opened, so the tallies do not move."""

    __tablename__ = "proposal_answers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "proposal_id"], ["proposals.tenant_id", "proposals.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "answered_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("answer", ANSWERS, nullable=True), name="answer"),
        CheckConstraint("answer IS NULL OR answered_at IS NOT NULL", name="answered_at"),
        CheckConstraint("answer <> 'object' OR coalesce(btrim(comment), '') <> ''", name="objection_reason"),
        Index("ix_proposal_answers_member", "tenant_id", "member_id"),
    )

    proposal_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    constituency: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[str] = mapped_column(String(12), default="undisclosed")
    answer: Mapped[str | None] = mapped_column(String(30))
    comment: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(BigInteger)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str | None] = mapped_column(String(10))  # web, link, sms
