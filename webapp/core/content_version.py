"""Each forum's content version: a number in Redis, bumped after every commit that changed the forum's rows.

Public pages are cached by it (webapp/public/cache.py): a page rendered at version n stays right until the next
change. It lives in Redis, not on the ``tenants`` row (a platform table written on every change would be a hot
row, and under Citus a reference table copied to every node).

What bumps it: a commit whose session flushed a new, changed or deleted row of a tenant table (or the forum's
``tenants`` row: its name, languages, settings), or ran a bulk ``update``/``delete`` through the ORM inside a
forum. That is wider than what public pages show (an RSVP bumps it too: attendance feeds the public scorecard)
and never narrower, except for the tables below, whose rows no public page shows. Rows written with plain SQL
text outside the ORM do not bump it; the cached pages also carry the forum's date, so a page never outlives its
day.

The version lives in the jobs' Redis (``noeviction``: an evicted counter would restart and serve stale pages); the
pages in the cache's own server. ``bump`` runs after the commit and cannot undo it, so a bump that fails (Redis
down, or refusing writes) marks the forum dirty instead: a marker in the cache's server (and in this process, in
case that server refuses it too). A dirty forum's cached pages are neither served nor stored until a bump succeeds
(which clears the marker) or the marker expires, after every page stored under the old version has expired.
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from tenants.context import current_tenant_id
from tenants.models import Tenant, TenantOwned
from webapp.extensions import db

log = logging.getLogger(__name__)
_INFO = "baraza_changed_forums"
_KEY = "baraza:content-version:{}"
# the e-mail outbox, a roll import's staging rows, the SMS outbox and its delivery reports (the other SMS tables,
# reply codes, opt-outs, the inbound log and automatic replies, are platform tables: they never bump it); and the
# live meeting's state (webapp/live: its session, the speakers' queue, interventions), which keeps a version per
# meeting instead (webapp/live/version.py)
NOT_PUBLIC = frozenset({"notices", "roll_imports", "sms_outbox", "sms_delivery_reports",
                        "live_sessions", "speaker_requests", "interventions", "proposal_answers", "comments",
                        "date_polls", "date_poll_slots", "date_poll_invitees", "date_poll_answers", "self_checkins",
                        "live_votes", "live_vote_tallies", "live_vote_ballots", "registrations",
                        "consultation_contacts", "agenda_suggestions"})
PAGE_TTL = 24 * 3600  # seconds a cached public page is kept (a new version makes new keys; old ones wait to expire)


def _redis() -> Any:
    from webapp.core import redis_client

    return redis_client.get()


def version(tenant_id: int) -> int | None:
    """The forum's content version (0 before its first change); None if Redis does not answer (no caching)."""
    try:
        raw = _redis().get(_KEY.format(tenant_id))
    except Exception:  # a page is served uncached rather than not at all
        log.warning("content version unavailable", exc_info=True)
        return None
    return int(raw or 0)


DIRTY_KEY = "baraza:page-dirty:{}"  # in the page cache's server
_dirty_here: set[int] = set()  # forums whose marker could not be written either


def bump(tenant_id: int) -> None:
    try:
        _redis().incr(_KEY.format(tenant_id))
    except Exception:
        log.exception("content version of forum %s not bumped: its cached pages are not served", tenant_id)
        _mark_dirty(tenant_id)
        return
    _clear_dirty(tenant_id)


def changed(session: Session, tenant_id: int) -> None:
    """A change to a table in NOT_PUBLIC that the public does see (a queue row published): the forum's version is
    bumped when the session commits, as for any public table."""
    session.info.setdefault(_INFO, set()).add(tenant_id)


def _cache() -> Any:
    from webapp.core import redis_client

    return redis_client.cache()


def _mark_dirty(tenant_id: int) -> None:
    cache = _cache()
    if cache is None:
        return  # no page is cached
    try:  # outlives every page stored under the old version (they expire after PAGE_TTL)
        cache.set(DIRTY_KEY.format(tenant_id), 1, ex=PAGE_TTL + 3600)
    except Exception:
        log.exception("forum %s could not be marked dirty in the page cache", tenant_id)
        _dirty_here.add(tenant_id)


def _clear_dirty(tenant_id: int) -> None:
    cache = _cache()
    try:
        if cache is not None:
            cache.delete(DIRTY_KEY.format(tenant_id))
    except Exception:
        log.warning("page cache unavailable: forum %s stays dirty here", tenant_id, exc_info=True)
        return
    _dirty_here.discard(tenant_id)


def dirty_here(tenant_id: int) -> bool:
    """This process failed to bump the forum and to mark it dirty in the page cache."""
    return tenant_id in _dirty_here


def _forum_of(obj: Any) -> int | None:
    if isinstance(obj, Tenant):
        return obj.id
    if isinstance(obj, TenantOwned) and obj.__tablename__ not in NOT_PUBLIC:
        return obj.tenant_id
    return None


def _after_flush(session: Session, _ctx: Any) -> None:
    changed = session.info.setdefault(_INFO, set())
    for obj in (*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))):
        tid = _forum_of(obj)
        if tid is not None:
            changed.add(tid)


def _orm_execute(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and current_tenant_id() is not None:
        tables = {m.persist_selectable.name for m in state.all_mappers if issubclass(m.class_, TenantOwned)}
        if tables - NOT_PUBLIC:
            state.session.info.setdefault(_INFO, set()).add(current_tenant_id())


def _after_commit(session: Session) -> None:
    for tid in session.info.pop(_INFO, ()):
        bump(tid)


def _after_rollback(session: Session, *_: Any) -> None:
    session.info.pop(_INFO, None)


def install() -> None:
    """Registers the hooks once, on the Session class Flask-SQLAlchemy uses (web, worker, CLI)."""
    session_cls = db.session.session_factory.class_
    if not event.contains(session_cls, "after_flush", _after_flush):
        event.listen(session_cls, "after_flush", _after_flush)
        event.listen(session_cls, "do_orm_execute", _orm_execute)
        event.listen(session_cls, "after_commit", _after_commit)
        event.listen(session_cls, "after_rollback", _after_rollback)
