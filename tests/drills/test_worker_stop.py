"""A worker asked to stop (SIGTERM, what a deploy or systemd sends) stops within seconds whatever the SMS gateway or
the mail relay does (issue 47): it finishes the message in hand, gives back the rest of its batch (pending again,
attempt unspent), and the next worker sends those, each once. Real worker processes (`python -m worker.main`),
a real RQ and PostgreSQL; the gateway is a small HTTP server here (slow, or never answering), the relay the tests'
SMTP sink with a delay per message."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.notices import services as notices
from webapp.notices.models import Notice
from webapp.notices.sms import builder
from webapp.notices.sms import services as sms
from webapp.notices.sms.builder import Draft, Fields
from webapp.notices.sms.models import SmsMessage
from worker import sweeps

N = 40
STOP_WITHIN = 10  # seconds: the promise of docs/operations.md


class SlowGateway:
    """An smsbox stand-in that accepts each SMS after ``delay`` seconds and remembers who it was for."""

    def __init__(self, delay: float) -> None:
        self.delay, self.received, self.lock = delay, [], threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                to = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["to"][0]
                time.sleep(gateway.delay)
                with gateway.lock:
                    gateway.received.append(to)
                body = b"0: Accepted for delivery"
                self.send_response(202)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/sendsms"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


@pytest.fixture
def slow_gateway() -> Iterator[SlowGateway]:
    gateway = SlowGateway(0.5)
    yield gateway
    gateway.server.shutdown()
    gateway.server.server_close()


@pytest.fixture
def silent_gateway() -> Iterator[str]:
    """A gateway that takes connections (the kernel completes them) and never answers: a hung smsbox."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(64)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/cgi-bin/sendsms"


def worker_env(databases, redis_url, **extra: str) -> dict[str, str]:
    return {**os.environ, "BARAZA_ENV": "test", "SECRET_KEY": "test-secret", "DATABASE_URL": databases.app_url,
            "DATABASE_OWNER_URL": databases.owner_url, "REDIS_URL": redis_url, "NOTICE_RETRY_INTERVALS": "0",
            "NOTICE_BATCH_SIZE": "50", "SMS_DEFAULT_MONTHLY_ALLOWANCE": str(10 * N), "SMS_DEV_DIR": "",
            "SMS_CALLBACK_URL": "", "BASE_URL": "http://baraza.test", **extra}


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "worker.main", "notices"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(worker: subprocess.Popen) -> float:
    """SIGTERM, as systemd or a deploy sends it; the seconds until the worker has exited (killed after 60)."""
    t = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    took = time.monotonic() - t
    print(f"\nworker stopped {took:.1f}s after SIGTERM")
    return took


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def queue_texts(app, tenant, n: int) -> None:
    with app.app_context(), tenant_context(tenant):
        sms.queue_sms([{"phone": f"+2332013{i:05d}", "name": f"Miner {i}", "kind": "test",
                        "sms": builder.build(Draft("test", Fields(who=f"Stop drill {i}")), "en"),
                        "dedupe_key": f"stop:{i}"} for i in range(n)])
        db.session.commit()


def rows(app, tenant, model) -> list:
    with app.app_context(), tenant_context(tenant):
        found = list(db.session.scalars(select(model).order_by(model.id)))
        db.session.expunge_all()
        return found


def resend_given_back(app, env: dict[str, str], monkeypatch) -> None:
    """What happens after the restart: the sweep re-enqueues the rows given back, a worker sends them."""
    monkeypatch.setitem(app.config, "OUTBOX_STALE_AFTER", 0)
    with app.app_context():
        sweeps.sweep_outboxes()
    subprocess.run([sys.executable, "-m", "worker.main", "notices", "--burst"], env=env, check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigterm_mid_batch_of_sms_stops_at_once_and_the_rest_goes_once(app, databases, redis_url, queue_redis,
                                                                       two_forums, slow_gateway, monkeypatch):
    tenant = two_forums["a"]
    monkeypatch.setitem(app.config, "SMS_DEFAULT_MONTHLY_ALLOWANCE", 10 * N)
    queue_texts(app, tenant, N)  # one batch: a single job would take N * 0.5 s = 20 s
    env = worker_env(databases, redis_url, SMS_GATEWAY_URL=slow_gateway.url)
    worker = start_worker(env)
    try:
        wait_for(lambda: slow_gateway.count() >= 5)
    finally:
        took = stop(worker)
    assert took < STOP_WITHIN
    at_stop = rows(app, tenant, SmsMessage)
    statuses = Counter(r.status for r in at_stop)
    # the message in hand was finished and recorded; the rest were given back untried, their attempt unspent
    assert statuses["sent"] == slow_gateway.count() and 5 <= statuses["sent"] < N // 2, statuses
    assert statuses["pending"] == N - statuses["sent"] and not statuses["sending"] and not statuses["failed"]
    assert all(r.attempts == 0 and r.claimed_at is None for r in at_stop if r.status == "pending")

    resend_given_back(app, env, monkeypatch)
    assert Counter(r.status for r in rows(app, tenant, SmsMessage)) == {"sent": N}
    assert sorted(Counter(slow_gateway.received).values()) == [1] * N  # every SMS once: none lost, none twice


def test_sigterm_while_the_gateway_never_answers_stops_within_seconds(app, databases, redis_url, queue_redis,
                                                                      two_forums, silent_gateway, monkeypatch):
    tenant = two_forums["a"]
    monkeypatch.setitem(app.config, "SMS_DEFAULT_MONTHLY_ALLOWANCE", 10 * N)
    queue_texts(app, tenant, 10)
    worker = start_worker(worker_env(databases, redis_url, SMS_GATEWAY_URL=silent_gateway))
    try:  # the batch is claimed and its first SMS is waiting for the gateway's answer
        wait_for(lambda: any(r.status == "sending" for r in rows(app, tenant, SmsMessage)))
        time.sleep(0.5)
    finally:
        took = stop(worker)
    assert took < STOP_WITHIN  # the read timeout (SMS_READ_TIMEOUT, 5 s) ends the message in hand
    at_stop = rows(app, tenant, SmsMessage)
    assert {r.status for r in at_stop} == {"pending"}  # nothing stuck in sending, nothing failed
    assert all(r.attempts == 0 for r in at_stop)  # a gateway that does not answer spends no attempt


def test_sigterm_mid_batch_of_emails_stops_at_once_and_the_rest_goes_once(app, smtp, smtp_server, databases,
                                                                          redis_url, queue_redis, two_forums,
                                                                          monkeypatch):
    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        notices.queue_notices("test", [{"email": f"stop{i}@example.org", "name": f"Stop {i}", "locale": "en",
                                        "payload": {}, "dedupe_key": f"stop:{i}"} for i in range(N)])
        db.session.commit()
    smtp.delay = 0.5
    env = worker_env(databases, redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_server[1].port))
    worker = start_worker(env)
    try:
        wait_for(lambda: len(smtp.messages) >= 5)
    finally:
        took = stop(worker)
    assert took < STOP_WITHIN
    at_stop = rows(app, tenant, Notice)
    statuses = Counter(r.status for r in at_stop)
    assert statuses["sent"] == len(smtp.messages) and 5 <= statuses["sent"] < N // 2, statuses
    assert statuses["pending"] == N - statuses["sent"] and not statuses["sending"] and not statuses["failed"]
    assert all(r.attempts == 0 and r.claimed_at is None for r in at_stop if r.status == "pending")

    smtp.delay = 0.0
    resend_given_back(app, env, monkeypatch)
    assert Counter(r.status for r in rows(app, tenant, Notice)) == {"sent": N}
    assert sorted(Counter(m["To"] for m in smtp.messages).values()) == [1] * N
