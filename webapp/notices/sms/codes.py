"""Reply codes: issued here, for every kind, against the one routing table (``sms_reply_codes``, issue 34).

A code leads to (forum, kind, object id, member, phone) until it expires (each kind gives its own expiry: an
invitation's code lives until the meeting ends). It is unique among every live code of every kind in every forum,
and a forum never reuses a code it gave another object: issuing takes a lock on the code, checks, then inserts, and a
code that is taken is never overwritten — the generator tries another. Sending the same object again (a meeting
changed) keeps its code and refreshes its route. A shared kind (a room code, later) has no member and no phone: it
leads to its object from any phone.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.dialects.postgresql import insert

from webapp.extensions import db
from webapp.notices.sms.models import SmsReplyCode

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no 0/O, 1/I, 2/Z, 5/S, 6/B, 8: read aloud or typed on a keypad
CODE_LENGTH = 5  # 25^5: almost ten million


def new_code() -> str:
    """A candidate code (tests force repeats by replacing this function)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue(tenant_id: int, kind: str, object_id: int, *, member_id: int | None, phone: str | None,
          expires_at: datetime, keep: str | None = None, taken: Callable[[str], bool] | None = None) -> str:
    """The code that now leads to this object of this forum (from ``phone``; from any phone when None) until
    ``expires_at``. ``keep``: the code the object already has, kept (its route refreshed) unless another object
    holds it; ``taken``: the owning feature's own test of a code it cannot use."""
    if keep:
        row = db.session.scalar(select(SmsReplyCode).where(SmsReplyCode.tenant_id == tenant_id,
                                                           SmsReplyCode.reply_code == keep).with_for_update())
        if row is not None and (row.kind, row.object_id) == (kind, object_id):
            row.member_id, row.phone, row.expires_at = member_id, phone, expires_at
            db.session.flush()
            return keep
        if row is None and _claim(keep, tenant_id, kind, object_id, member_id, phone, expires_at):
            return keep
    while True:
        code = new_code()
        if taken is not None and taken(code):
            continue
        if _claim(code, tenant_id, kind, object_id, member_id, phone, expires_at):
            return code


def _claim(code: str, tenant_id: int, kind: str, object_id: int, member_id: int | None, phone: str | None,
           expires_at: datetime) -> bool:
    """Inserts the route if no live route anywhere, and no route of this forum, has the code; False otherwise."""
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"sms-reply-code:{code}"})
    held = db.session.scalar(select(SmsReplyCode.id).where(
        SmsReplyCode.reply_code == code,
        or_(SmsReplyCode.tenant_id == tenant_id, SmsReplyCode.expires_at > func.now())).limit(1))
    if held is not None:
        return False
    table = SmsReplyCode.__table__
    inserted = db.session.execute(insert(table).values(
        tenant_id=tenant_id, reply_code=code, kind=kind, object_id=object_id, member_id=member_id, phone=phone,
        expires_at=expires_at).on_conflict_do_nothing(index_elements=["tenant_id", "reply_code"])
        .returning(table.c.id)).scalar()
    return inserted is not None


def live_kinds(phone: str, now: datetime | None = None) -> list[str]:
    """The kinds of code live for this number, in a stable order (HELP names them)."""
    return list(db.session.scalars(select(SmsReplyCode.kind).where(
        SmsReplyCode.phone == phone, SmsReplyCode.expires_at > (now or datetime.now(UTC)))
        .group_by(SmsReplyCode.kind).order_by(SmsReplyCode.kind)))


def held(tenant_id: int, kind: str, object_id: int, member_id: int) -> str | None:
    """The code this forum last gave this member for this object (kept when the object is sent again: a reminder
    answers with the opening's code), or None. For a feature that keeps no code on its own rows."""
    return db.session.scalar(select(SmsReplyCode.reply_code).where(
        SmsReplyCode.tenant_id == tenant_id, SmsReplyCode.kind == kind, SmsReplyCode.object_id == object_id,
        SmsReplyCode.member_id == member_id).order_by(SmsReplyCode.id.desc()).limit(1))
