"""Sign-in throttling, one-time password tokens and TOTP. Flush, never commit."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pyotp
import segno
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from webapp.auth.models import LoginFailure, User
from webapp.extensions import db

WINDOW = timedelta(minutes=15)
TOKEN_PURPOSES = {"reset": 3600, "invitation": 7 * 86400}


# --- throttling -------------------------------------------------------------------------------

def is_throttled(email: str, ip: str) -> bool:
    """Too many failures for this account or from this address in the last 15 minutes."""
    since = datetime.now(UTC) - WINDOW
    per_account, per_address = db.session.execute(
        select(func.count().filter(LoginFailure.email == email), func.count().filter(LoginFailure.ip == ip))
        .where(LoginFailure.at > since, (LoginFailure.email == email) | (LoginFailure.ip == ip))).one()
    return per_account >= current_app.config["LOGIN_MAX_PER_ACCOUNT"] or \
        per_address >= current_app.config["LOGIN_MAX_PER_ADDRESS"]


def record_failure(email: str, ip: str) -> None:
    db.session.add(LoginFailure(email=email[:254], ip=ip[:64]))


def purge_old_failures() -> int:
    return db.session.execute(delete(LoginFailure).where(LoginFailure.at < datetime.now(UTC) - timedelta(days=1))
                              ).rowcount


# --- one-time tokens (password reset, invitation) ----------------------------------------------
# Single use without a table: the token carries a fingerprint of the password hash,
# so setting a password makes every earlier token invalid.

def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"baraza-{purpose}")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.id}|{user.password_hash or ''}".encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str, purpose: str) -> User | None:
    """The user, if the token is genuine, unexpired and unused; otherwise None."""
    try:
        data = _serializer(purpose).loads(token, max_age=TOKEN_PURPOSES[purpose])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or _fingerprint(user) != data.get("f"):
        return None
    return user


# --- TOTP -------------------------------------------------------------------------------------

def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_ok(secret: str, code: str) -> bool:
    code = "".join(ch for ch in code if ch.isdigit())
    return len(code) == 6 and pyotp.TOTP(secret).verify(code, valid_window=1)


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Baraza")


def totp_qr_svg(secret: str, email: str) -> str:
    return segno.make(totp_uri(secret, email), error="m").svg_inline(scale=4, dark="#111", light="#fff")
