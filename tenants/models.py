"""The Tenant (a forum) and the mixin every tenant-owned model uses."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Integer, String, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from webapp.extensions import db

TENANT_KINDS = ("steering_committee", "provincial_platform", "round_table", "other")
DEFAULT_SETTINGS: dict[str, Any] = {
    "core_constituencies": ["government", "employers", "workers"],
    "quorum_share": 0.5,
    "sms_plain_accents": True,  # SMS in French, Spanish, Swahili drop accents GSM-7 lacks (notices/sms/gsm.py)
    # the age bands a disaggregated indicator is reported in (issue 40; ILO's child-labour bands, then adults)
    "age_bands": ["5-11", "12-14", "15-17", "18+"],
}


class Tenant(db.Model):
    """A forum. A global (platform) table: no tenant_id and no row-level security."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # who its SMS are from (NSCCL, IDAK, ASM-RT); None: suggested from its initials (notices/sms/services.sms_name)
    short_name: Mapped[str | None] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(40), default="steering_committee")
    country: Mapped[str | None] = mapped_column(String(2))
    default_locale: Mapped[str] = mapped_column(String(10), default="en")
    enabled_locales: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=lambda: ["en"])
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=lambda: dict(DEFAULT_SETTINGS))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # kept here for the public directory, which never reads tenant tables across forums
    last_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the forum's members (webapp/members/membership.py), refreshed when its roll changes; None: not counted yet
    member_count: Mapped[int | None] = mapped_column(Integer)
    # open public consultations (issue 42), kept here for the directory of forums (it reads no tenant table)
    open_consultations: Mapped[int | None] = mapped_column(Integer)
    # reporting bodies late with the latest period's report (webapp/actions/reporting.py refresh_late), read by the
    # chair dashboard; None: not counted yet
    late_reports: Mapped[int | None] = mapped_column(Integer)

    def setting(self, key: str) -> Any:
        return (self.settings or {}).get(key, DEFAULT_SETTINGS.get(key))

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class TenantOwned:
    """Mixin for every tenant-owned table: tenant_id leads the primary key; rows are stamped with
    the current tenant on flush and every ORM query is filtered by it (tenants/rls.py).

    Foreign keys between tenant tables must include tenant_id (ForeignKeyConstraint on both
    columns); relationships over them use an explicit primaryjoin marking only the id column
    ``foreign()``, so that ``obj.rel = None`` never blanks the primary key's tenant_id.
    """

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"),
                             primary_key=True, sort_order=-100)


class TenantScoped(TenantOwned):
    """A tenant-owned entity with its own identity: primary key (tenant_id, id)."""

    @declared_attr
    def id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(BigInteger, Identity(), primary_key=True, autoincrement=True, sort_order=-99)
