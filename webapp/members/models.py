"""The member roll: organisations, members and committees (tenant tables, composite keys)."""
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
    Index,
    String,
    UniqueConstraint,
    and_,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, column_property, foreign, mapped_column, relationship

from tenants.models import TenantOwned, TenantScoped
from webapp.auth.models import User
from webapp.core.permissions import ROLES
from webapp.extensions import db

CONSTITUENCIES = ("government", "employers", "workers", "civil_society", "asm_miners", "industry",
                  "development_partners", "academia", "community", "other")
GENDERS = ("woman", "man", "another", "undisclosed")
COMMITTEE_KINDS = ("plenary", "subcommittee", "working_group", "task_force")
LEVELS = ("national", "provincial", "district", "community")
COMMITTEE_ROLES = ("chair", "co_chair", "member")
CHANNELS = ("email", "sms", "both")  # how a member is reached; SMS also needs a phone and the member's consent


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


class Organisation(TenantScoped, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        CheckConstraint(_in("constituency", CONSTITUENCIES), name="constituency"),
        Index("ix_organisations_name_trgm", "name", postgresql_using="gin",
              postgresql_ops={"name": "gin_trgm_ops"}),
    )

    name: Mapped[str] = mapped_column(String(200))
    acronym: Mapped[str | None] = mapped_column(String(40))
    constituency: Mapped[str] = mapped_column(String(30))
    country: Mapped[str | None] = mapped_column(String(2))


class Member(TenantScoped, db.Model):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        UniqueConstraint("tenant_id", "calendar_token"),
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(_in("gender", GENDERS), name="gender"),
        CheckConstraint("constituency IS NULL OR " + _in("constituency", CONSTITUENCIES), name="constituency"),
        CheckConstraint(_in("channels", CHANNELS), name="channels"),
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "alternate_of_id"], ["members.tenant_id", "members.id"]),
        Index("ix_members_tenant_email", "tenant_id", "email"),  # emails are stored lower-case
        Index("ix_members_tenant_name", "tenant_id", "name"),
        Index("ix_members_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
        Index("ix_members_region_trgm", "region", postgresql_using="gin",
              postgresql_ops={"region": "gin_trgm_ops"}),
    )

    user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20), default="member")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_id: Mapped[int | None] = mapped_column(BigInteger)
    constituency: Mapped[str | None] = mapped_column(String(30))  # None: the organisation's
    alternate_of_id: Mapped[int | None] = mapped_column(BigInteger)
    gender: Mapped[str] = mapped_column(String(12), default="undisclosed", server_default="undisclosed")
    youth: Mapped[bool | None] = mapped_column(Boolean)  # under 35, optional
    languages: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list, server_default="{}")
    locale: Mapped[str | None] = mapped_column(String(10))  # preferred language for notices
    # the zone the roll gives the member (for members without an account, or who chose none); None: the forum's
    time_zone: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(100))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    consent_public_name: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    notify_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    notify_digests: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    channels: Mapped[str] = mapped_column(String(5), default="email", server_default="email")
    sms_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when SMS were agreed to
    # a capability added to their role (issue 27): translate the forum's content (core/permissions.may_translate)
    may_translate: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    email_bouncing: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    calendar_token: Mapped[str | None] = mapped_column(String(64))  # personal .ics feed, revocable

    user: Mapped[User | None] = relationship(User, lazy="raise")
    # the zone chosen on the member's account, which comes first (webapp/core/zones.py recipient_zone); loaded when read
    account_time_zone: Mapped[str | None] = column_property(
        select(User.time_zone).where(User.id == user_id).correlate_except(User).scalar_subquery(), deferred=True)
    organisation: Mapped[Organisation | None] = relationship(
        Organisation, lazy="raise",
        primaryjoin=lambda: and_(Organisation.tenant_id == Member.tenant_id,
                                 Organisation.id == foreign(Member.organisation_id)))
    alternate_of: Mapped[Member | None] = relationship(
        "Member", lazy="raise", remote_side=lambda: [Member.tenant_id, Member.id],
        primaryjoin=lambda: and_(Member.tenant_id == Member.tenant_id,
                                 Member.id == foreign(Member.alternate_of_id)))

    @property
    def sms_consent(self) -> bool:
        """The member agreed to notices by SMS (when: ``sms_consent_at``)."""
        return self.sms_consent_at is not None

    def effective_constituency(self, organisation: Organisation | None = None) -> str | None:
        org = organisation if organisation is not None else None
        return self.constituency or (org.constituency if org is not None else None)

    def __repr__(self) -> str:
        return f"<Member {self.tenant_id}/{self.id} {self.name}>"


class Committee(TenantScoped, db.Model):
    __tablename__ = "committees"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        CheckConstraint(_in("kind", COMMITTEE_KINDS), name="kind"),
        CheckConstraint(_in("level", LEVELS), name="level"),
    )

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="subcommittee")
    level: Mapped[str] = mapped_column(String(20), default="national")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CommitteeMember(TenantOwned, db.Model):
    """A member's seat on a committee, with the committee role (chair, co-chair, member)."""

    __tablename__ = "committee_members"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "committee_id"], ["committees.tenant_id", "committees.id"],
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["tenant_id", "member_id"], ["members.tenant_id", "members.id"], ondelete="CASCADE"),
        CheckConstraint(_in("role", COMMITTEE_ROLES), name="role"),
        Index("ix_committee_members_member", "tenant_id", "member_id"),
    )

    committee_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    role: Mapped[str] = mapped_column(String(10), default="member")


class RollImport(TenantScoped, db.Model):
    """A parsed member roll kept on the server between the preview and the secretariat's confirmation, so the
    confirmation carries only this row's id. Deleted once applied; expired rows are deleted by the next upload
    and by the hourly sweep (worker.sweeps.purge_roll_imports)."""

    __tablename__ = "roll_imports"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "created_by_id"], ["members.tenant_id", "members.id"]),
        Index("ix_roll_imports_expires", "tenant_id", "expires_at"),
    )

    created_by_id: Mapped[int | None] = mapped_column(BigInteger)  # the secretariat member who uploaded it
    filename: Mapped[str] = mapped_column(String(200))
    parsed_rows: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)  # csv_io.RowData as JSON, in file order
    summary: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # rows, ignored columns
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
