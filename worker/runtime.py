"""The job wrappers: each job gets an app context, and tenant jobs a tenant context, and
commits or rolls back once. No global app context: the app object is created once per worker
process, and connections inherited through RQ's fork are dropped in the child."""
from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import select

from tenants.context import TenantRequired
from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core import logs
from webapp.extensions import db

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
_app: Flask | None = None
_pid: int | None = None
_stop = False


def set_app(app: Flask) -> None:
    """The worker entry point (and the tests) hand over the app the jobs run in."""
    global _app, _pid
    _app, _pid = app, os.getpid()


def get_app() -> Flask:
    global _app, _pid
    if _app is None:
        from webapp import create_app

        set_app(create_app())
    assert _app is not None
    if _pid != os.getpid():
        # RQ forked a work horse: never share the parent's pooled connections
        with _app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)
        _pid = os.getpid()
    return _app


def request_stop(_signum: int = 0, _frame: object = None) -> None:
    """The worker was asked to stop (worker/stopping.py passes its SIGTERM on to the work horse): the batch jobs
    finish the message in hand, give back the rows they have not sent and return."""
    global _stop
    _stop = True


def stop_requested() -> bool:
    """Checked by the batch jobs between messages."""
    return _stop


def give_back(rows: list[Any], what: str) -> None:
    """The worker is stopping: these claimed outbox rows (e-mails or SMS) were not tried; they go back to pending,
    their attempt unspent, and the outbox sweep re-enqueues them."""
    for row in rows:
        row.status, row.claimed_at, row.attempts = "pending", None, row.attempts - 1
    db.session.commit()
    if rows:
        log.info("worker stopping: %d %s given back to the outbox", len(rows), what)


def _once(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs the job body and commits once, or rolls back on any error."""
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
        return result
    except BaseException:
        db.session.rollback()
        raise


def _logged(fn: Callable[..., Any], forum: str | None, *args: Any, **kwargs: Any) -> Any:
    """``_once``, with one log line (issue 44): queue, kind, forum, duration, outcome, and the id of the request
    that enqueued the job (kept for the jobs this one enqueues)."""
    from rq import get_current_job

    job = get_current_job()
    token = logs.set_job_request_id((job.meta or {}).get("request_id") if job else None)
    started, outcome = time.perf_counter(), "failed"
    try:
        result = _once(fn, *args, **kwargs)
        outcome = "done"
        return result
    finally:
        logs.JOBS.info("job", extra={
            "request_id": logs.current_request_id(), "queue": job.origin if job else None, "kind": fn.__name__,
            "forum": forum, "duration_ms": round((time.perf_counter() - started) * 1000, 1), "outcome": outcome,
            "job_id": job.id if job else None})
        logs.reset_job_request_id(token)


def tenant_job(fn: F) -> F:
    """A job whose first argument is a tenant id; it refuses to run without one."""

    @functools.wraps(fn)
    def run(tenant_id: int, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(tenant_id, int) or isinstance(tenant_id, bool):
            raise TenantRequired(f"{fn.__name__} needs a tenant id as its first argument")
        with get_app().app_context():
            tenant = db.session.get(Tenant, tenant_id)
            if tenant is None:
                return None  # the forum is gone: nothing to do
            with tenant_context(tenant):
                return _logged(fn, tenant.slug, *args, **kwargs)

    return run  # type: ignore[return-value]


def platform_job(fn: F) -> F:
    """A job that is explicitly not about one forum (platform mail, sweeps over all forums)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with get_app().app_context():
            return _logged(fn, None, *args, **kwargs)

    return run  # type: ignore[return-value]


def each_tenant(work: Callable[[Tenant], int]) -> dict[str, int]:
    """The sweeps' loop over every forum: ``work(tenant)`` runs inside that forum's own context, forum by forum in
    id order, and each forum's work is committed before the next begins. Returns what was done (a count), by forum
    slug, for the forums where it was not nothing."""
    counts: dict[str, int] = {}
    for tenant in db.session.scalars(select(Tenant).order_by(Tenant.id)).all():
        with tenant_context(tenant):
            done = work(tenant)
            db.session.commit()
        if done:
            counts[tenant.slug] = done
    return counts
