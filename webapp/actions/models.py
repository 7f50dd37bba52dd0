from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.core import search
from webapp.core.labels import visibility_check
from webapp.extensions import db

ITEM_STATUSES = ("planned", "in_progress", "done", "blocked", "dropped")
FREQUENCIES = ("monthly", "quarterly", "half_yearly", "yearly")
DISAGGREGATIONS = ("sex_age", "site")  # by sex and the forum's age bands (its setting "age_bands"), or by site
SEXES = ("f", "m")
VERIFICATIONS = ("pending", "verified", "sent_back")  # a figure counts once verified (issue 40)
VISIBILITY_CHECK = visibility_check()


class ActionPlan(TenantScoped, db.Model):
    __tablename__ = "action_plans"
    __table_args__ = (CheckConstraint(VISIBILITY_CHECK, name="visibility"),)

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(12), default="public")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Objective(TenantScoped, db.Model):
    __tablename__ = "objectives"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "plan_id"], ["action_plans.tenant_id", "action_plans.id"],
                             ondelete="CASCADE"),
        Index("ix_objectives_plan", "tenant_id", "plan_id", "position"),
    )

    plan_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=1)


class ActionItem(TenantScoped, db.Model):
    __tablename__ = "action_items"
    __mapper_args__ = search.unmapped()
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "plan_id"], ["action_plans.tenant_id", "action_plans.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "objective_id"], ["objectives.tenant_id", "objectives.id"]),
        ForeignKeyConstraint(["tenant_id", "owner_member_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "owner_organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "origin_decision_id"], ["decisions.tenant_id", "decisions.id"]),
        ForeignKeyConstraint(["tenant_id", "verifier_member_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')", name="status"),
        CheckConstraint(VISIBILITY_CHECK, name="visibility"),
        CheckConstraint("reporting_frequency IS NULL OR reporting_frequency IN "
                        "('monthly', 'quarterly', 'half_yearly', 'yearly')", name="frequency"),
        CheckConstraint("disaggregation IS NULL OR disaggregation IN ('sex_age', 'site')", name="disaggregation"),
        Index("ix_action_items_plan", "tenant_id", "plan_id"),
        Index("ix_action_items_owner", "tenant_id", "owner_member_id"),
        Index("ix_action_items_owner_org", "tenant_id", "owner_organisation_id"),
        Index("ix_action_items_due", "tenant_id", "due_on"),
        Index("ix_action_items_search", "search_vector", postgresql_using="gin"),
    )

    plan_id: Mapped[int] = mapped_column(BigInteger)
    objective_id: Mapped[int | None] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    owner_member_id: Mapped[int | None] = mapped_column(BigInteger)
    owner_organisation_id: Mapped[int | None] = mapped_column(BigInteger)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    issue_area: Mapped[str | None] = mapped_column(String(100))
    mineral: Mapped[str | None] = mapped_column(String(60))
    place: Mapped[str | None] = mapped_column(String(120))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str | None] = mapped_column(String(200))
    indicator: Mapped[str | None] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    current_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    reporting_frequency: Mapped[str | None] = mapped_column(String(12))
    # issue 40: a disaggregated indicator is reported in cells (sex x age band, or one per site) summing to the total
    disaggregation: Mapped[str | None] = mapped_column(String(8))
    sites: Mapped[str | None] = mapped_column(Text)  # one site a line, for disaggregation "site"
    # issue 40: figures checked before they count (reports always are); by the secretariat or the member named
    verify_figures: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    verifier_member_id: Mapped[int | None] = mapped_column(BigInteger)
    milestones: Mapped[str | None] = mapped_column(Text)
    evidence_link: Mapped[str | None] = mapped_column(String(500))
    origin_decision_id: Mapped[int | None] = mapped_column(BigInteger)
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    search_vector = search.vector_column(search.document_any_language(
        "title", "coalesce(indicator, '') || ' ' || coalesce(milestones, '')"))


class ActionUpdate(TenantScoped, db.Model):
    """The dated log of an item: notes, status changes and indicator values."""

    __tablename__ = "action_updates"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "item_id"], ["action_items.tenant_id", "action_items.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "author_member_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "body_id"], ["reporting_bodies.tenant_id", "reporting_bodies.id"]),
        CheckConstraint("via IN ('web', 'sms')", name="via"),
        CheckConstraint("(body_id IS NULL) = (period IS NULL)", name="report_period"),
        CheckConstraint("verification IN ('pending', 'verified', 'sent_back')", name="verification"),
        Index("ix_action_updates_item", "tenant_id", "item_id", "at"),
        # a body's report for a period is kept, never overwritten: one per period (a report sent back stays, and
        # the body sends the period's report again)
        Index("ux_action_updates_report", "tenant_id", "body_id", "period", unique=True,
              postgresql_where=text("body_id IS NOT NULL AND verification <> 'sent_back'")),
    )

    item_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str | None] = mapped_column(String(12))
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    # who wrote it (the name above is what readers see) and what it replaced: its author may correct or
    # withdraw it while it is the item's latest update, and a withdrawal puts these back
    author_member_id: Mapped[int | None] = mapped_column(BigInteger)
    previous_status: Mapped[str | None] = mapped_column(String(12))
    previous_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    # issue 40: a reporting body's report for a period (body and period set), its value that period's figure
    body_id: Mapped[int | None] = mapped_column(BigInteger)
    period: Mapped[str | None] = mapped_column(String(7))
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    via: Mapped[str] = mapped_column(String(3), default="web", server_default="web")
    # issue 40: the figure counts once verified; sent back, its author corrects it (the note says why)
    verification: Mapped[str] = mapped_column(String(10), default="verified", server_default="verified")
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verifier_note: Mapped[str | None] = mapped_column(String(500))

    @property
    def is_report(self) -> bool:
        return self.body_id is not None


class ReportingBody(TenantScoped, db.Model):
    """Who reports on an item's indicator each period (issue 40): an organisation (a community child-protection
    committee, a district office, an implementing organisation: its seated members report) or one member."""

    __tablename__ = "reporting_bodies"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "item_id"], ["action_items.tenant_id", "action_items.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint("(organisation_id IS NULL) <> (member_id IS NULL)", name="one_reporter"),
        UniqueConstraint("tenant_id", "item_id", "organisation_id"),
        UniqueConstraint("tenant_id", "item_id", "member_id"),
    )

    item_id: Mapped[int] = mapped_column(BigInteger)
    organisation_id: Mapped[int | None] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ActionUpdateCell(TenantScoped, db.Model):
    """One cell of a disaggregated update (issue 40): girls aged 12-14, or one site. The update's value is the sum
    of its cells; the labels are kept as written then, so renaming a band later does not rewrite the past."""

    __tablename__ = "action_update_cells"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "update_id"], ["action_updates.tenant_id", "action_updates.id"],
                             ondelete="CASCADE"),
        CheckConstraint("sex IS NULL OR sex IN ('f', 'm')", name="sex"),
        CheckConstraint("value >= 0", name="value"),
        Index("ix_action_update_cells_update", "tenant_id", "update_id", "position"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(1))
    band: Mapped[str] = mapped_column(String(120))  # the age band, or the site
    value: Mapped[Decimal] = mapped_column(Numeric(14, 4))


class ActionEvidence(TenantScoped, db.Model):
    """A photo or document attached to an update or a report (issue 40): members-only, kept in PostgreSQL; a photo
    is kept without its metadata (webapp/actions/evidence.py)."""

    __tablename__ = "action_evidence"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "update_id"], ["action_updates.tenant_id", "action_updates.id"],
                             ondelete="CASCADE"),
        Index("ix_action_evidence_update", "tenant_id", "update_id"),
        CheckConstraint("publication IN ('none', 'published', 'refused')", name="publication"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # members-only ("none") until the secretariat publishes it after the checklist (webapp/actions/evidence.py), or
    # refuses to, with the reason kept ("identifies_child", "identifies_case", "no_consent", "other")
    publication: Mapped[str] = mapped_column(String(10), default="none", server_default="none")
    publication_reason: Mapped[str | None] = mapped_column(String(20))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
