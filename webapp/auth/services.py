"""Account operations. They flush, never commit."""
from __future__ import annotations

import contextlib

from flask import current_app, g, url_for
from sqlalchemy import select

from tenants.models import Tenant
from webapp.auth.models import User, UserForum, new_session_token
from webapp.auth.passwords import hash_password, verify_password
from webapp.core.text import normalise_email
from webapp.core.zones import is_zone
from webapp.extensions import db

_PRELOADED = "_baraza_preloaded_user"


def user_for_session(token: str) -> User | None:
    """Flask-Login's loader: the active user whose session token this is. A forum's page has usually loaded the
    user already, beside their member row, in one statement (members.services.preload_signed_in): no query then."""
    preloaded = g.get(_PRELOADED)
    if preloaded is not None and preloaded[0] == token:
        return preloaded[1]
    return db.session.scalar(select(User).where(User.session_token == token, User.active))


def preloaded_user(token: str, user: User | None) -> None:
    """Keeps, for this request only, the user a wider statement loaded for this session token (None: no such
    active user, so the session is not signed in)."""
    g.setdefault(_PRELOADED, (token, user))


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


def set_active(user: User, active: bool) -> None:
    """Deactivating ends every session of the account at once (its session token changes); a deactivated
    account cannot sign in or reset its password, and is told so no differently from a wrong password."""
    user.active = active
    if not active:
        revoke_sessions(user)
    db.session.flush()


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


class AccountError(ValueError):
    pass


def change_password(user: User, current: str, new: str) -> None:
    """Checks the current password, sets the new one and revokes every other session."""
    if not verify_password(user.password_hash, current):
        raise AccountError("current password is wrong")
    _set_new_password(user, new)


def _set_new_password(user: User, new: str) -> None:
    if normalise_email(new) == user.email:
        raise AccountError("password equals email")
    set_password(user, new)
    revoke_sessions(user)


def change_email(user: User, current: str, new: str) -> None:
    """Checks the current password, changes the sign-in address, revokes every other session and tells the old
    address (so that a hijacked session cannot quietly take the account over)."""
    from webapp.notices.services import queue_platform_mail

    if not verify_password(user.password_hash, current):
        raise AccountError("password")
    new = normalise_email(new)
    if new == user.email:
        return
    if find_user_by_email(new) is not None:
        raise AccountError("taken")
    old = user.email
    user.email = new
    revoke_sessions(user)
    db.session.flush()
    queue_platform_mail("email_changed", email=old, name=user.name, locale=user.locale, payload={"new": new},
                        dedupe_key=f"email:{user.id}:{user.session_token[-12:]}")


def reset_password(user: User, new: str) -> None:
    _set_new_password(user, new)


def recovery_code_used(user: User, left: int) -> None:
    """Tell the account's owner, so that a stolen code does not go unnoticed."""
    from webapp.notices.services import queue_platform_mail

    queue_platform_mail("recovery_code_used", email=user.email, name=user.name, locale=user.locale,
                        payload={"left": left, "account": current_app.config["BASE_URL"] + url_for("auth.two_factor")},
                        dedupe_key=f"recovery:{user.id}:{left}:{user.session_token[-12:]}")


def second_factor(user: User, code: str) -> int | bool:
    """Checks the code given at sign-in: a recovery code (used up; its owner is told) gives how many are left, a
    current authenticator code gives True, anything else False."""
    from webapp.auth import security

    if security.looks_like_recovery_code(code) and security.use_recovery_code(user, code):
        left = len(user.totp_recovery_hashes)
        recovery_code_used(user, left)
        return left
    return security.use_totp(user, code)


def enable_two_factor(user: User, password: str, secret: str, code: str) -> str | None:
    """Turns two-step sign-in on with ``secret``; else names the field that is wrong (``current``, ``code``). The
    code that turned it on cannot sign in again."""
    from webapp.auth import security

    if not verify_password(user.password_hash, password):
        return "current"
    if not security.totp_ok(secret, code):
        return "code"
    user.totp_secret = secret
    security.use_totp(user, code)
    return None


def request_password_reset(email: str, locale: str, ip: str) -> None:
    """Queues a reset link if the account exists, is active and the limits per account and per client allow
    it. The caller answers the same either way, and the same statements run either way (a decoy stands in for
    the mail), so neither the page nor its timing tells whether an account exists."""
    from webapp.auth import security
    from webapp.notices.services import queue_platform_mail

    email = normalise_email(email)
    user = find_user_by_email(email)
    request_id = security.mail_allowed("password_reset", email, ip)
    if request_id is None:
        return
    if user is None or not user.active:
        _decoy_mail(request_id)
        return
    token = security.make_token(user, "reset")
    # from BASE_URL, never from the request's Host header (a forged Host would poison the link)
    link = current_app.config["BASE_URL"] + url_for("auth.reset_password", token=token)
    queue_platform_mail("password_reset", email=user.email, name=user.name, locale=user.locale or locale,
                        payload={"link": link}, dedupe_key=f"reset:{user.id}:{request_id}")


def _decoy_mail(request_id: int) -> None:
    """The work of queueing a mail without a mail: one indexed statement on the outbox instead of its insert,
    and after the commit one Redis round trip instead of the enqueue."""
    from redis.exceptions import RedisError

    from webapp.core import redis_client
    from webapp.core.uow import after_commit
    from webapp.notices.models import PlatformMail

    db.session.execute(select(PlatformMail.id).where(PlatformMail.dedupe_key == f"reset:-:{request_id}"))

    def round_trip() -> None:
        with contextlib.suppress(RedisError, OSError):
            redis_client.get().exists(f"rq:job:platform-mail-{request_id}")

    after_commit(round_trip)


def update_account(user: User, name: str, locale: str, time_zone: str | None = None) -> None:
    """Name, language and time zone (None: each forum's)."""
    if time_zone and not is_zone(time_zone):
        raise AccountError("not a time zone")
    user.name = name.strip()
    user.locale = locale
    user.time_zone = time_zone or None
