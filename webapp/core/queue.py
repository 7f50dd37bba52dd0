"""Enqueue RQ jobs by dotted name, after the request's commit. Redis being down never fails a request:
the outbox row stays pending and the sweep enqueues it later."""
from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from rq import Queue, Retry

from webapp.core import logs, redis_client
from webapp.core.uow import after_commit

log = logging.getLogger(__name__)

QUEUES = ("notices", "reports", "default")


def enqueue_now(dotted: str, *args: Any, queue: str = "default", job_id: str | None = None,
                retry: Retry | None = None, timeout: int | None = None) -> bool:
    """Enqueues at once (use from jobs and sweeps); False if Redis could not take it."""
    request_id = logs.current_request_id()  # the job's log line carries the request's id (issue 44)
    try:
        Queue(queue, connection=redis_client.get()).enqueue(
            dotted, *args, job_id=job_id, retry=retry, job_timeout=timeout,
            meta={"request_id": request_id} if request_id else None,
            result_ttl=current_app.config.get("JOB_RESULT_TTL", 3600), failure_ttl=7 * 86400)
        return True
    except (RedisError, OSError) as e:
        log.warning("could not enqueue %s (%s): %s; the sweep will retry", dotted, job_id, e)
        return False


def enqueue_after_commit(dotted: str, *args: Any, **kwargs: Any) -> None:
    after_commit(lambda: enqueue_now(dotted, *args, **kwargs))
