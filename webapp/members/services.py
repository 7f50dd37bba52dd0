"""Every write to the member roll. Services flush, never commit."""
from __future__ import annotations

from sqlalchemy import select

from tenants.context import current_tenant_id
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.core.permissions import ROLES, member_loader
from webapp.extensions import db
from webapp.members.models import Member


class MemberError(ValueError):
    pass


def add_member(name: str, email: str | None = None, role: str = "member", user: User | None = None) -> Member:
    if role not in ROLES:
        raise MemberError(f"unknown role {role!r}")
    member = Member(name=name, email=email, role=role, user_id=user.id if user else None)
    db.session.add(member)
    db.session.flush()
    if user is not None:
        accounts.link_forum(user.id, member.tenant_id)
    return member


def member_for_user(user_id: int) -> Member | None:
    """The signed-in user's row in the current forum (filtered by tenant explicitly and by RLS)."""
    tid = current_tenant_id()
    if tid is None:
        return None
    return db.session.scalar(select(Member).where(Member.tenant_id == tid, Member.user_id == user_id))


member_loader(member_for_user)
