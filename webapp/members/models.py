from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tenants.models import TenantScoped
from webapp.auth.models import User
from webapp.core.permissions import ROLES
from webapp.extensions import db


class Member(TenantScoped, db.Model):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        CheckConstraint("role IN ({})".format(", ".join(f"'{r}'" for r in ROLES)), name="role"),
    )

    user_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20), default="member")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))  # preferred language for notices
    email_bouncing: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")

    user: Mapped[User | None] = relationship(User, lazy="raise")

    def __repr__(self) -> str:
        return f"<Member {self.tenant_id}/{self.id} {self.name}>"
