"""An initiative of the register, and the plan objectives it contributes to."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Numeric,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantOwned, TenantScoped
from webapp.core.labels import VISIBILITIES, visibility_check  # noqa: F401  (VISIBILITIES: the services' check)
from webapp.extensions import db

STATUSES = ("planned", "ongoing", "completed", "suspended")


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


class Initiative(TenantScoped, db.Model):
    __tablename__ = "initiatives"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(visibility_check(), name="visibility"),
        Index("ix_initiatives_name", "tenant_id", "name"),
    )

    name: Mapped[str] = mapped_column(String(200))
    implementer: Mapped[str] = mapped_column(String(200))
    funder: Mapped[str | None] = mapped_column(String(200))
    minerals: Mapped[str | None] = mapped_column(String(200))
    locations: Mapped[str | None] = mapped_column(String(300))
    themes: Mapped[str | None] = mapped_column(String(300))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # only where it is public
    currency: Mapped[str | None] = mapped_column(String(3))
    contact: Mapped[str | None] = mapped_column(String(300))  # an organisation's public contact, not a person's
    status: Mapped[str] = mapped_column(String(12), default="ongoing")
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    reviewed_on: Mapped[date] = mapped_column(Date)  # its last yearly update
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InitiativeObjective(TenantOwned, db.Model):
    __tablename__ = "initiative_objectives"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "initiative_id"], ["initiatives.tenant_id", "initiatives.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "objective_id"], ["objectives.tenant_id", "objectives.id"],
                             ondelete="CASCADE"),
        Index("ix_initiative_objectives_objective", "tenant_id", "objective_id"),
    )

    initiative_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    objective_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
