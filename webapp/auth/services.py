"""Account operations. They flush, never commit."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from webapp.auth.models import User, UserForum, new_session_token
from webapp.auth.passwords import hash_password, verify_password
from webapp.extensions import db


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The same work and the same answer for an unknown email and a wrong password."""
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        return None
    return user


def create_user(email: str, name: str, password: str | None = None, locale: str | None = None,
                is_platform_admin: bool = False) -> User:
    user = User(email=normalise_email(email), name=name, locale=locale, is_platform_admin=is_platform_admin,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def revoke_sessions(user: User) -> None:
    user.session_token = new_session_token()


def forums_of(user: User) -> list[Tenant]:
    return list(db.session.scalars(
        select(Tenant).join(UserForum, UserForum.tenant_id == Tenant.id)
        .where(UserForum.user_id == user.id).order_by(Tenant.name)))


def link_forum(user_id: int, tenant_id: int) -> None:
    if db.session.get(UserForum, (user_id, tenant_id)) is None:
        db.session.add(UserForum(user_id=user_id, tenant_id=tenant_id))


def unlink_forum(user_id: int, tenant_id: int) -> None:
    row = db.session.get(UserForum, (user_id, tenant_id))
    if row is not None:
        db.session.delete(row)
