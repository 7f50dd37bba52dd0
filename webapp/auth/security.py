"""Sign-in throttling, one-time password tokens and TOTP. Flush, never commit."""
from __future__ import annotations

import base64
import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, insert, select

from webapp.auth.models import LoginFailure, MailRequest, User
from webapp.core import metrics, signing
from webapp.extensions import db

WINDOW = timedelta(minutes=15)
TOKEN_PURPOSES = {"reset": "password_reset", "invitation": "account_invitation"}  # lifetimes: core/signing.py


# --- throttling -------------------------------------------------------------------------------
# OWASP's "device cookies" scheme (Blocking Brute Force Attacks; Authentication Cheat Sheet):
# failures are counted per (account, address) and per address, so guessing from one place stops
# there and nowhere else. The account-wide count (every address together, against a botnet) only
# holds back browsers the account has never signed in from: a browser that carries the signed
# known-device cookie of a past successful sign-in is counted on its own, per device, instead.
# An attacker can no longer keep the real user out by failing on purpose.

DEVICE_COOKIE = "baraza_device"


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def new_device_cookie(email: str) -> str:
    """Set on a successful sign-in: this browser is now known for this account."""
    return signing.sign("known_device", {"e": _email_digest(email), "n": secrets.token_hex(16)})


def device_of(cookie: str | None, email: str) -> str | None:
    """The device's nonce if the cookie is genuine, unexpired and for this account; otherwise None."""
    if not cookie:
        return None
    link = signing.verify("known_device", cookie, max_age=timedelta(days=current_app.config["LOGIN_DEVICE_DAYS"]))
    data = link.data if link is not None else None
    if not isinstance(data, dict) or not signing.same(str(data.get("e", "")), _email_digest(email)):
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) and len(nonce) == 32 else None


def is_throttled(email: str, ip: str, device: str | None = None) -> bool:
    """Too many recent failures: for a known device, from that device; otherwise for this account from this
    address, from this address, or for this account from all unknown browsers together."""
    config = current_app.config
    recent = LoginFailure.at > datetime.now(UTC) - WINDOW
    if device is not None:
        failures = db.session.scalar(select(func.count()).where(recent, LoginFailure.device == device))
        return failures >= config["LOGIN_MAX_PER_DEVICE"]
    per_pair, per_address, per_account = db.session.execute(
        select(func.count().filter(LoginFailure.email == email, LoginFailure.ip == ip),
               func.count().filter(LoginFailure.ip == ip), func.count().filter(LoginFailure.email == email))
        .where(recent, (LoginFailure.email == email) | (LoginFailure.ip == ip))).one()
    return per_pair >= config["LOGIN_MAX_PER_ACCOUNT_AND_ADDRESS"] or \
        per_address >= config["LOGIN_MAX_PER_ADDRESS"] or per_account >= config["LOGIN_MAX_PER_ACCOUNT"]


def record_failure(email: str, ip: str, device: str | None = None) -> None:
    db.session.add(LoginFailure(email=email[:254], ip=ip[:64], device=device))
    metrics.SIGN_IN_FAILURES.inc()


def purge_old_failures() -> int:
    old = datetime.now(UTC) - timedelta(days=1)
    purged = db.session.execute(delete(MailRequest).where(MailRequest.at < old)).rowcount
    return purged + db.session.execute(delete(LoginFailure).where(LoginFailure.at < old)).rowcount


# --- anonymous mail requests (password reset): limited per account and per address -------------

MAIL_WINDOW = timedelta(hours=1)


def mail_allowed(kind: str, email: str, ip: str) -> int | None:
    """Whether this mail may be sent: no more than MAIL_REQUESTS_MAX_PER_ACCOUNT an hour to one address,
    whoever asks, and MAIL_REQUESTS_MAX_PER_ADDRESS an hour asked from one client. An allowed request is
    recorded (known account or not: the same statements run either way) and its id returned; else None."""
    config = current_app.config
    per_account, per_address = db.session.execute(
        select(func.count().filter(MailRequest.email == email), func.count().filter(MailRequest.ip == ip))
        .where(MailRequest.kind == kind, MailRequest.at > datetime.now(UTC) - MAIL_WINDOW,
               (MailRequest.email == email) | (MailRequest.ip == ip))).one()
    if per_account >= config["MAIL_REQUESTS_MAX_PER_ACCOUNT"] or per_address >= config["MAIL_REQUESTS_MAX_PER_ADDRESS"]:
        return None
    return db.session.execute(insert(MailRequest).values(kind=kind, email=email[:254], ip=ip[:64])
                              .returning(MailRequest.id)).scalar_one()


# --- one-time tokens (password reset, invitation) ----------------------------------------------
# Single use without a table: the token carries a fingerprint of the password hash,
# so setting a password makes every earlier token invalid.

def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.id}|{user.password_hash or ''}".encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return signing.sign(TOKEN_PURPOSES[purpose], {"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str, purpose: str) -> User | None:
    """The user, if the token is genuine, unexpired and unused; otherwise None."""
    link = signing.verify(TOKEN_PURPOSES[purpose], token)
    user = db.session.get(User, link.data.get("u")) if link else None
    if user is None or not user.active or _fingerprint(user) != link.data.get("f"):
        return None
    return user


# --- TOTP -------------------------------------------------------------------------------------

def new_totp_secret() -> str:
    return pyotp.random_base32()


def _six_digits(code: str) -> str | None:
    """The code's six digits, spaces and other separators left out; None unless they are six ASCII digits (isdigit()
    also admits "٣" or "²", which no authenticator shows)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return digits if len(digits) == 6 and digits.isascii() else None


def totp_ok(secret: str, code: str) -> bool:
    digits = _six_digits(code)
    return digits is not None and pyotp.TOTP(secret).verify(digits, valid_window=1)


def totp_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The 30-second step the code belongs to (this one, the one before or the one after), or None."""
    digits = _six_digits(code)
    if digits is None:
        return None
    totp = pyotp.TOTP(secret)
    step = int((time.time() if now is None else now) // totp.interval)
    for candidate in (step - 1, step, step + 1):
        if signing.same(digits, totp.generate_otp(candidate)):
            return candidate
    return None


def use_totp(user: User, code: str, now: float | None = None) -> bool:
    """Accept a code once: a code (or an older one) seen before is refused, so an overheard code cannot be
    replayed within its 90-second window."""
    step = totp_step(user.totp_secret or "", code, now)
    if step is not None:
        db.session.flush()  # keep pending changes: refresh reloads the row
        db.session.refresh(user, with_for_update=True)  # two requests with the same code: one wins
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


# --- recovery codes: for a lost phone -----------------------------------------------------------

RECOVERY_CODES = 10


def _recovery_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len("".join(ch for ch in code if ch.isalnum())) == 16


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (the old ones stop working); shown once, only their hashes are kept."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits, 16 characters
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    user.totp_recovery_hashes = [_recovery_hash(c) for c in codes]
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    digest = _recovery_hash(code)
    db.session.flush()
    db.session.refresh(user, with_for_update=True)
    left = [h for h in user.totp_recovery_hashes or [] if not signing.same(digest, h)]
    if len(left) == len(user.totp_recovery_hashes or []):
        return False
    user.totp_recovery_hashes = left
    db.session.flush()
    return True


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Baraza")


def totp_qr_svg(secret: str, email: str) -> str:
    return segno.make(totp_uri(secret, email), error="m").svg_inline(scale=4, dark="#111", light="#fff")
