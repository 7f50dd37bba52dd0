"""Federation tables.

``affiliations`` is a platform (global) table, like ``tenants``: no tenant_id, no row-level security. Every
read of it goes through ``queries.affiliations``, which keeps only the rows where the current forum is one
side. The other tables are tenant tables: no foreign key crosses forums, so ids of the other forum (its tenant,
its objective, the affiliation) are kept as plain values.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.extensions import db

STATUSES = ("pending", "active", "ended")
SHARES = ("progress", "inclusion", "outcomes", "indicators")  # indicators: issue 40, its own consent


class Affiliation(db.Model):
    """A forum (the affiliate) reporting up to another (the coordinator): invited by the coordinator's
    secretariat, accepted by the affiliate's chair or secretariat with the figures it chooses to share."""

    __tablename__ = "affiliations"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'active', 'ended')", name="status"),
        CheckConstraint("coordinator_id <> affiliate_id", name="two_forums"),
        # one live affiliation per pair; ended ones stay as history
        Index("uq_affiliations_live", "coordinator_id", "affiliate_id", unique=True,
              postgresql_where=text("status <> 'ended'")),
        Index("ix_affiliations_affiliate", "affiliate_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"))
    affiliate_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    shares_progress: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    shares_inclusion: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    shares_outcomes: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # verified disaggregated indicators (issue 40): never implied by "progress"
    shares_indicators: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    invited_by: Mapped[str] = mapped_column(String(200))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str | None] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[str | None] = mapped_column(String(200))

    @property
    def shares(self) -> set[str]:
        return {s for s in SHARES if getattr(self, f"shares_{s}")}


class SharedObjective(TenantOwned, db.Model):
    """In the coordinating forum: one of its objectives, marked as shared with its affiliates."""

    __tablename__ = "shared_objectives"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "objective_id"], ["objectives.tenant_id", "objectives.id"],
                             ondelete="CASCADE"),
    )

    objective_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ReceivedObjective(TenantScoped, db.Model):
    """In an affiliate: a shared objective copied down from the coordinating forum by a job (plain values only:
    the coordinator's tenant and objective ids are not foreign keys)."""

    __tablename__ = "received_objectives"
    __table_args__ = (
        UniqueConstraint("tenant_id", "coordinator_tenant_id", "source_objective_id",
                         name="uq_received_objectives_source"),
    )

    affiliation_id: Mapped[int] = mapped_column(BigInteger)
    coordinator_tenant_id: Mapped[int] = mapped_column(BigInteger)
    coordinator_name: Mapped[str] = mapped_column(String(200), default="")
    source_objective_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    plan_title: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ObjectiveLink(TenantOwned, db.Model):
    """In an affiliate: one of its own objectives "contributes to" a received shared objective."""

    __tablename__ = "objective_links"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "objective_id"], ["objectives.tenant_id", "objectives.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "received_id"], ["received_objectives.tenant_id", "received_objectives.id"],
                             ondelete="CASCADE"),
    )

    objective_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    received_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class Snapshot(TenantScoped, db.Model):
    """In the coordinating forum: what an affiliate shared, as of one day. Immutable: written once by the
    snapshot job (the unique key makes a retried job harmless), never updated."""

    __tablename__ = "affiliate_snapshots"
    __table_args__ = (
        UniqueConstraint("tenant_id", "affiliation_id", "period", name="uq_affiliate_snapshots_period"),
    )

    affiliation_id: Mapped[int] = mapped_column(BigInteger)
    affiliate_tenant_id: Mapped[int] = mapped_column(BigInteger)
    period: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    figures: Mapped[dict[str, Any]] = mapped_column(JSONB)
