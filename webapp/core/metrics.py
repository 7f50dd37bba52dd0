"""Metrics for Prometheus (issue 44), served at ``/metrics`` to the addresses of METRICS_ALLOW only.

Three sources, none of which needs a tenant or bypasses row-level security at scrape time:

- what this node's processes counted (request latency per route and status, SQL statements per request, sign-in
  failures, inbound SMS per outcome, delivery-report latency per outcome): prometheus-client's multiprocess mode when
  PROMETHEUS_MULTIPROC_DIR is set (gunicorn's workers each write their own files there; the folder must be emptied
  before gunicorn starts), the process's own registry otherwise;
- what the jobs' Redis server knows (queue depths, failed jobs, workers alive), read at each scrape;
- per-forum figures that need the database (the oldest pending notice and SMS, SMS segments this month against
  the allowance): computed each minute by the outbox sweep, forum by forum in the forum's own tenant context
  (``worker.figures``), and written to the jobs' Redis server, where every web node reads them.

Labels carry route names, status codes, queue names, outcomes and forum slugs (public): never a user, an e-mail, a
phone number or a path with ids."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from webapp.core import addresses, redis_client

_OWN = CollectorRegistry(auto_describe=True)  # this process's metrics when not in multiprocess mode
REQUEST_SECONDS = Histogram("baraza_request_duration_seconds", "Time to answer a request, by route and status",
                            ["route", "status"], registry=_OWN,
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REQUEST_STATEMENTS = Histogram("baraza_request_statements", "SQL statements sent to answer a request, by route",
                               ["route"], registry=_OWN, buckets=(1, 2, 4, 6, 8, 12, 16, 32, 64, 128))
SIGN_IN_FAILURES = Counter("baraza_sign_in_failures", "Failed sign-ins (wrong password or code)", registry=_OWN)
SMS_INBOUND = Counter("baraza_sms_inbound", "Inbound SMS received from the gateway, by outcome", ["outcome"],
                      registry=_OWN)
SMS_REPORT_SECONDS = Histogram("baraza_sms_delivery_report_seconds",
                               "Time from the gateway accepting an SMS to each part's final delivery report, by "
                               "outcome (delivered, failed)", ["outcome"], registry=_OWN,
                               buckets=(5, 15, 30, 60, 120, 300, 900, 1800, 3600, 14400, 86400))

FIGURES_KEY = "baraza:metrics:forums"  # hash: forum slug -> JSON figures; plus the "@at" field, the sweep's time
FIGURES_TTL = 600  # figures older than this are dropped: a stopped sweep shows as missing figures, not stale ones


def write_forum_figures(figures: dict[str, dict[str, float | None]], now: float | None = None,
                        replica_lag: float | None = None) -> None:
    """The sweep's side: replaces every forum's figures at once (a deleted forum's disappear), with the replica's lag
    in bytes when there is one."""
    conn = redis_client.get()
    pipe = conn.pipeline()
    pipe.delete(FIGURES_KEY)
    mapping = {slug: json.dumps(f) for slug, f in figures.items()}
    mapping["@at"] = str(now if now is not None else time.time())
    if replica_lag is not None:
        mapping["@replica_lag"] = str(replica_lag)
    pipe.hset(FIGURES_KEY, mapping=mapping)
    pipe.expire(FIGURES_KEY, FIGURES_TTL)
    pipe.execute()


class RedisFigures(Collector):
    """Read at each scrape from the jobs' Redis server: queues, failed jobs, workers, the sweep's forum figures."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from rq import Queue, Worker
        from rq.registry import FailedJobRegistry

        from webapp.core.queue import QUEUES

        up = GaugeMetricFamily("baraza_redis_up", "1 if the jobs' Redis server answered this scrape")
        try:
            conn = redis_client.get()
            depth = GaugeMetricFamily("baraza_queue_depth", "Jobs waiting in each queue", labels=["queue"])
            failed = GaugeMetricFamily("baraza_jobs_failed", "Jobs in each queue's failed registry (kept 7 days)",
                                       labels=["queue"])
            for name in QUEUES:
                q = Queue(name, connection=conn)
                depth.add_metric([name], q.count)
                failed.add_metric([name], FailedJobRegistry(queue=q).count)
            workers = GaugeMetricFamily("baraza_workers", "RQ workers alive")
            workers.add_metric([], Worker.count(connection=conn))
            raw = {k.decode(): v.decode() for k, v in conn.hgetall(FIGURES_KEY).items()}
        except Exception:  # a scrape reports, never fails: the alert is on baraza_redis_up
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from (up, depth, failed, workers)
        yield from _forum_families(raw, time.time())


def _forum_families(raw: dict[str, str], now: float) -> Iterator[GaugeMetricFamily]:
    age = GaugeMetricFamily("baraza_forum_figures_age_seconds",
                            "Seconds since the sweep last wrote the forum figures (absent: none for 10 minutes)")
    notice = GaugeMetricFamily("baraza_forum_oldest_pending_notice_seconds",
                               "Age of the forum's oldest e-mail notice not yet sent (0: none)", labels=["forum"])
    sms = GaugeMetricFamily("baraza_forum_oldest_pending_sms_seconds",
                            "Age of the forum's oldest SMS not yet sent (0: none)", labels=["forum"])
    used = GaugeMetricFamily("baraza_forum_sms_segments_month", "SMS segments the forum sent this month (UTC)",
                             labels=["forum"])
    allowed = GaugeMetricFamily("baraza_forum_sms_allowance_month", "SMS segments the forum may send this month",
                                labels=["forum"])
    at, replica = raw.pop("@at", None), raw.pop("@replica_lag", None)
    if at is None:
        return
    if replica is not None:
        lag = GaugeMetricFamily("baraza_replica_lag_bytes", "WAL the streaming replica has not replayed yet, in bytes "
                                "(absent: no DATABASE_REPLICA_URL, or the replica did not answer)")
        lag.add_metric([], float(replica))
        yield lag
    age.add_metric([], max(now - float(at), 0))
    for slug, text in sorted(raw.items()):
        f: dict[str, Any] = json.loads(text)
        notice.add_metric([slug], max(now - f["oldest_notice"], 0) if f.get("oldest_notice") else 0)
        sms.add_metric([slug], max(now - f["oldest_sms"], 0) if f.get("oldest_sms") else 0)
        used.add_metric([slug], f.get("sms_used", 0))
        allowed.add_metric([slug], f.get("sms_allowed", 0))
    yield from (age, notice, sms, used, allowed)


def allowed(address: str | None) -> bool:
    """METRICS_ALLOW: comma-separated addresses or networks (default loopback; webapp/core/addresses.py)."""
    return addresses.allowed(address, "METRICS_ALLOW")


def exposition() -> bytes:
    """The text Prometheus scrapes: this node's counters and histograms, then the Redis-backed gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = _OWN
    shared = CollectorRegistry()
    shared.register(RedisFigures())
    return generate_latest(processes) + generate_latest(shared)


def init_app(app: Flask) -> None:
    @app.teardown_request
    def observe(exc: BaseException | None) -> None:
        started = g.get("_started")
        if started is None or request.endpoint == "core.metrics":
            return
        route = request.endpoint or "none"
        status = "500" if exc is not None else str(g.get("_status", 500))
        REQUEST_SECONDS.labels(route, status).observe(time.perf_counter() - started)
        REQUEST_STATEMENTS.labels(route).observe(g.get("_statements", 0))
