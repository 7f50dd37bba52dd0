"""Signed links: the one place that signs and reads every link Baraza mails (RSVP, proposal answer, member
invitation, webinar chair, unsubscribe, password reset, account invitation) and every signed value it hands a
browser (the known-device cookie); Flask's own session cookie is signed by Flask.

A link carries ``{"v": 1, "f": forum id or null, "d": {...}}`` through itsdangerous, with a salt per purpose
(a link for one purpose is nothing for another) and a timestamp:
- forum: a forum's link names its forum; read under another forum's URL it is no link (the view answers 404);
- keys: signed with SECRET_KEY, read with it or any of SECRET_KEY_FALLBACKS, so a key can be rotated
  without breaking the links that are out;
- version: ``v`` lets the payload change later; a reader keeps handling every version still in inboxes;
- lifetime: each purpose has a max age; ``None`` means as long as the thing it answers: links about a meeting
  end ``LINK_DAYS_AFTER_MEETING`` days after it ends (``meeting_link_expired``, asked by the feature that
  knows the meeting);
- legacy: links mailed before this module (their own salts, no version, the forum as ``t`` in the data) are
  still read until their old max age; drop a purpose's ``legacy_salt`` once the last of them has expired.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

VERSION = 1
LINK_DAYS_AFTER_MEETING = 28  # default of the LINK_DAYS_AFTER_MEETING setting


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age: timedelta | None  # None: the feature checks the lifetime (a meeting's end)
    forum: bool  # bound to one forum
    legacy_salt: str | None = None  # how links were signed before this module
    legacy_max_age: timedelta | None = None  # None with a legacy salt: legacy links had no timestamp


PURPOSES: dict[str, Purpose] = {
    "rsvp": Purpose("baraza.link.rsvp", None, True, "baraza-rsvp", timedelta(days=400)),
    "member_invitation": Purpose("baraza.link.member-invitation", timedelta(days=14), True,
                                 "baraza-member-invite", timedelta(days=14)),
    # a member's answer to a proposal (webapp/proposals): it acts while the proposal is open, then shows the outcome
    "proposal_answer": Purpose("baraza.link.proposal-answer", timedelta(days=400), True),
    "webinar_chair": Purpose("baraza.link.webinar-chair", None, True, "baraza-webinar-chair", timedelta(days=400)),
    # every reminder brings a fresh one; legacy unsubscribe links had no timestamp and keep working
    "unsubscribe": Purpose("baraza.link.unsubscribe", timedelta(days=365), True, "unsubscribe", None),
    "password_reset": Purpose("baraza.link.password-reset", timedelta(hours=1), False, "baraza-reset",
                              timedelta(hours=1)),
    "account_invitation": Purpose("baraza.link.account-invitation", timedelta(days=7), False,
                                  "baraza-invitation", timedelta(days=7)),
    # a browser that signed in before (auth/security.py); LOGIN_DEVICE_DAYS may shorten or lengthen it
    "known_device": Purpose("baraza.cookie.known-device", timedelta(days=180), False, "baraza-known-device",
                            timedelta(days=180)),
}


@dataclass(frozen=True)
class Link:
    data: dict[str, Any]
    forum_id: int | None
    issued_at: datetime | None  # None for a legacy link without a timestamp
    version: int  # 0: a legacy link


def _keys() -> list[str | bytes]:
    """Oldest first: itsdangerous signs with the last and reads with any."""
    return [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.config["SECRET_KEY"]]


def sign(purpose: str, data: dict[str, Any], forum_id: int | None = None) -> str:
    p = PURPOSES[purpose]
    if p.forum != (forum_id is not None):
        raise ValueError(f"a {purpose} link {'needs' if p.forum else 'takes no'} forum")
    return URLSafeTimedSerializer(_keys(), salt=p.salt).dumps({"v": VERSION, "f": forum_id, "d": data})


def verify(purpose: str, token: str, forum_id: int | None = None, max_age: timedelta | None = None) -> Link | None:
    """The link's data if it is genuine, for this purpose and this forum, and not too old (``max_age``, when given,
    stands for the purpose's own lifetime, new and legacy); otherwise None."""
    p = PURPOSES[purpose]
    if max_age is not None:
        p = replace(p, max_age=max_age, legacy_max_age=max_age if p.legacy_salt is not None else None)
    if p.forum and forum_id is None:
        return None
    link = _read(p, token) or _read_legacy(p, token)
    return link if link is not None and link.forum_id == forum_id else None


def _read(p: Purpose, token: str) -> Link | None:
    try:
        payload, at = URLSafeTimedSerializer(_keys(), salt=p.salt).loads(
            token, max_age=p.max_age.total_seconds() if p.max_age is not None else None, return_timestamp=True)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("v") != 1 or not isinstance(payload.get("d"), dict):
        return None  # a later version would be read here, beside version 1
    return Link(payload["d"], payload.get("f"), at, 1)


def _read_legacy(p: Purpose, token: str) -> Link | None:
    if p.legacy_salt is None:
        return None
    try:
        if p.legacy_max_age is None:
            data, at = URLSafeSerializer(_keys(), salt=p.legacy_salt).loads(token), None
        else:
            data, at = URLSafeTimedSerializer(_keys(), salt=p.legacy_salt).loads(
                token, max_age=p.legacy_max_age.total_seconds(), return_timestamp=True)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    data = dict(data)
    return Link(data, data.pop("t", None), at, 0)


def meeting_link_expired(end_at: datetime, now: datetime | None = None) -> bool:
    """Links about a meeting (answering, chairing) stop working some weeks after it ends."""
    days = int(current_app.config.get("LINK_DAYS_AFTER_MEETING", LINK_DAYS_AFTER_MEETING))
    return (now or datetime.now(UTC)) > end_at + timedelta(days=days)


# --- machine callbacks: an HMAC of a short value (Kannel's dlr-url carries one per SMS) -----------------------------

def mac(purpose: str, value: str, key: str) -> str:
    """HMAC-SHA256 of ``value`` for ``purpose`` under ``key`` (hex, 32 characters: it goes in a URL)."""
    import hashlib
    import hmac

    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def mac_ok(purpose: str, value: str, key: str, given: str | None) -> bool:
    return bool(key) and bool(given) and same(given, mac(purpose, value, key))


def same(given: str | None, expected: str) -> bool:
    """Whether a value a request carries (a secret, a signature, a code) is the expected one, in constant time. Both
    are compared as UTF-8 bytes: compare_digest refuses text with non-ASCII characters (a TypeError, an answer
    500), and a request may carry any."""
    import hmac

    return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                                                     expected.encode("utf-8", "surrogatepass"))
