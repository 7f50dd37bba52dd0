"""Issue 44: /metrics for Prometheus. This worker's processes' counts (multiprocess mode when the test command sets
PROMETHEUS_MULTIPROC_DIR), queue depths and workers from Redis, per-forum figures written by the per-minute job in
each forum's tenant context; only for METRICS_ALLOW's addresses; no private data in labels."""
from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from tenants.rls import tenant_context
from tests.notices.sms.test_replies import callbacks, dlr, forum_a, sent_sms  # noqa: F401  (fixtures and helpers)
from tests.notices.test_delivery import queue_test_notice
from webapp.core.queue import enqueue_now
from webapp.extensions import db
from webapp.notices.sms.models import SmsMessage
from worker import figures


def scrape(client) -> dict[tuple[str, tuple], float]:  # noqa: ANN001
    r = client.get("/metrics")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(r.get_data(as_text=True)) for s in family.samples}


def value(samples, name: str, **labels) -> float:  # noqa: ANN001
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_answer_only_the_allowed_addresses(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics").status_code == 200  # the test client is 127.0.0.1, in the default allow-list


def test_requests_sign_in_failures_and_inbound_sms_are_counted(app, client, auth, callbacks, two_forums):  # noqa: F811
    assert os.environ.get("PROMETHEUS_MULTIPROC_DIR"), "the test command runs prometheus-client in multiprocess mode"
    before = scrape(client)
    client.get("/readyz")
    client.get("/readyz")
    assert auth.login(two_forums["a_sec"]["email"], "wrong password").status_code == 422
    assert client.post("/sms/inbound?key=s3cret&id=metrics-1&from=%2B233201234599", data="HELLO").status_code == 200
    after = scrape(client)
    route = {"route": "core.readyz", "status": "200"}
    assert value(after, "baraza_request_duration_seconds_count", **route) == \
        value(before, "baraza_request_duration_seconds_count", **route) + 2
    assert value(after, "baraza_request_statements_count", route="core.readyz") == \
        value(before, "baraza_request_statements_count", route="core.readyz") + 2
    assert value(after, "baraza_request_statements_sum", route="core.readyz") >= \
        value(before, "baraza_request_statements_sum", route="core.readyz") + 2  # at least one statement each
    assert value(after, "baraza_sign_in_failures_total") == value(before, "baraza_sign_in_failures_total") + 1
    inbound = {k: v for k, v in after.items() if k[0] == "baraza_sms_inbound_total"}
    assert sum(inbound.values()) == sum(v for k, v in before.items() if k[0] == "baraza_sms_inbound_total") + 1
    text = client.get("/metrics").get_data(as_text=True)
    assert "@" not in text and "+233" not in text and "233201234599" not in text  # no address, no phone


def test_delivery_report_latency_is_observed_once_per_part(app, client, callbacks, queue_redis, forum_a):  # noqa: F811
    sid = sent_sms(app, forum_a, 1)
    with app.app_context(), tenant_context(forum_a):
        db.session.get(SmsMessage, (forum_a.id, sid)).sent_at = datetime.now(UTC) - timedelta(seconds=42)
        db.session.commit()
    before = scrape(client)
    ref = f"{forum_a.id}-{sid}"
    assert dlr(client, ref, 8, "p1").status_code == 200  # "sent by the SMSC": not a final report, not observed
    assert dlr(client, ref, 1, "p1").status_code == 200
    assert dlr(client, ref, 1, "p1").status_code == 200  # the same report again: one row, observed once
    after = scrape(client)
    name = "baraza_sms_delivery_report_seconds"
    assert value(after, f"{name}_count", outcome="delivered") == value(before, f"{name}_count", outcome="delivered") + 1
    assert 42 <= value(after, f"{name}_sum", outcome="delivered") - value(before, f"{name}_sum", outcome="delivered") < 60
    assert value(after, f"{name}_bucket", outcome="delivered", le="60.0") == \
        value(before, f"{name}_bucket", outcome="delivered", le="60.0") + 1
    assert value(after, f"{name}_bucket", outcome="delivered", le="30.0") == \
        value(before, f"{name}_bucket", outcome="delivered", le="30.0")


def test_queues_workers_and_forum_figures(app, client, queue_redis, two_forums):
    with app.app_context():
        assert enqueue_now("worker.sweeps.purge_login_failures", queue="reports")
    notice_id = queue_test_notice(app, two_forums["a"], two_forums["a_sec"]["id"])  # pending: no worker runs
    assert notice_id
    samples = scrape(client)
    assert value(samples, "baraza_redis_up") == 1
    assert value(samples, "baraza_queue_depth", queue="reports") == 1
    assert value(samples, "baraza_workers") == 0  # the alert "no worker" fires on this
    assert ("baraza_jobs_failed", (("queue", "notices"),)) in samples
    assert not any(k[0] == "baraza_forum_figures_age_seconds" for k in samples)  # no sweep yet: no figures

    assert figures.record_forum_figures() == 2  # the cron job, run in-process: each forum in its own context
    samples = scrape(client)
    assert 0 <= value(samples, "baraza_forum_figures_age_seconds") < 60
    assert value(samples, "baraza_forum_oldest_pending_notice_seconds", forum="forum-a") > 0
    assert value(samples, "baraza_forum_oldest_pending_notice_seconds", forum="forum-b") == 0
    assert value(samples, "baraza_forum_sms_allowance_month", forum="forum-a") == \
        app.config["SMS_DEFAULT_MONTHLY_ALLOWANCE"]
    assert value(samples, "baraza_forum_sms_segments_month", forum="forum-b") == 0
    labels = {v for k in samples for _, v in k[1]}
    assert not any(re.search(r"@|\+\d", v) for v in labels)
