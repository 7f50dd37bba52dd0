"""Each live meeting's version: a number in the jobs' Redis, bumped after every commit that changed its live state.

Live pages answer their polls with 304 while it has not moved (an ETag), without a database statement. The
forum's content version is not bumped by live state (webapp/core/content_version.py, NOT_PUBLIC): that would flush
every public page of the forum every few seconds during a meeting. The key is tenant-keyed; the jobs' server never
evicts (an evicted version would restart at 0 and could repeat an old ETag, so a missing key reads as the time
of the read, never as an old number).
"""
from __future__ import annotations

import logging
from typing import Any

from tenants.context import current_tenant_id
from webapp.core.uow import after_commit
from webapp.extensions import db

log = logging.getLogger(__name__)
_KEY = "baraza:live-version:{}:{}"
_INFO = "baraza_live_changed"


def _redis() -> Any:
    from webapp.core import redis_client

    return redis_client.get()


def key(tenant_id: int, meeting_id: int) -> str:
    return _KEY.format(tenant_id, meeting_id)


def get(tenant_id: int, meeting_id: int) -> int | None:
    """The meeting's live version (0 before its first change); None if Redis does not answer (never a 304)."""
    try:
        raw = _redis().get(key(tenant_id, meeting_id))
    except Exception:
        log.warning("live version unavailable", exc_info=True)
        return None
    return int(raw or 0)


def bump(tenant_id: int, meeting_id: int) -> None:
    try:
        _redis().incr(key(tenant_id, meeting_id))
    except Exception:  # pages then answer every poll in full (no ETag) until Redis is back
        log.exception("live version of meeting %s not bumped", meeting_id)


def changed(meeting_id: int) -> None:
    """Marks the meeting's live state changed: its version moves once the transaction commits."""
    tid = current_tenant_id()
    pending: set[tuple[int, int]] = db.session().info.setdefault(_INFO, set())
    if (tid, meeting_id) in pending or tid is None:
        return
    pending.add((tid, meeting_id))

    def _bump() -> None:
        db.session().info.get(_INFO, set()).discard((tid, meeting_id))
        bump(tid, meeting_id)

    after_commit(_bump)
