"""Fault drills on real processes: kill -9 a worker in the middle of a 500-notice batch; Redis down while a
meeting's notice is sent. Nothing is lost; duplicates are no more than the kills, with the same Message-ID."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from sqlalchemy import func, select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.notices import services as notices
from webapp.notices.models import Notice
from worker import sweeps


def worker_env(app, databases, redis_url, smtp_port) -> dict[str, str]:
    return {**os.environ, "BARAZA_ENV": "test", "SECRET_KEY": "test-secret", "DATABASE_URL": databases.app_url,
            "DATABASE_OWNER_URL": databases.owner_url, "REDIS_URL": redis_url, "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port), "NOTICE_RETRY_INTERVALS": "0", "NOTICE_BATCH_SIZE": "50",
            "BASE_URL": "http://baraza.test"}


def sent(app, tenant) -> int:
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(func.count()).select_from(Notice).where(Notice.status == "sent"))


def test_kill_9_a_worker_mid_batch_loses_nothing(app, smtp, smtp_server, databases, redis_url, queue_redis,
                                                 two_forums, monkeypatch):
    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        notices.queue_notices("test", [{"email": f"drill{i}@example.org", "name": f"Drill {i}", "locale": "en",
                                        "payload": {}, "dedupe_key": f"drill:{i}"} for i in range(500)])
        db.session.commit()
    smtp.delay = 0.01
    env = worker_env(app, databases, redis_url, smtp_server[1].port)
    cmd = [sys.executable, "-m", "worker.main", "notices"]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(smtp.messages) < 120 and time.monotonic() < deadline:
        time.sleep(0.05)
    import psutil

    # the worker and its work horse (RQ puts the horse in a session of its own), between two messages
    for p in [*psutil.Process(proc.pid).children(recursive=True), psutil.Process(proc.pid)]:
        p.send_signal(signal.SIGKILL)
    proc.wait()
    kills = 1
    delivered_at_kill = len(smtp.messages)
    assert 0 < delivered_at_kill < 500
    smtp.delay = 0.0
    # the rows the dead worker had claimed are reclaimed by the sweep once past the reclaim delay (the job
    # timeout by default); the jobs it enqueues keep the normal timeout, so a loaded machine does not kill them
    monkeypatch.setitem(app.config, "OUTBOX_RECLAIM_AFTER", 1)
    monkeypatch.setitem(app.config, "OUTBOX_STALE_AFTER", 0)
    time.sleep(1.5)
    with app.app_context():
        sweeps.sweep_outboxes()
    subprocess.run([*cmd, "--burst"], env=env, check=True, timeout=300, stdout=subprocess.DEVNULL,  # loaded CI: slow, not lost
                   stderr=subprocess.DEVNULL)
    assert sent(app, tenant) == 500
    recipients = Counter(m["To"] for m in smtp.messages)
    assert len(recipients) == 500  # nothing lost
    duplicates = {to: n for to, n in recipients.items() if n > 1}
    with app.app_context(), tenant_context(tenant):
        attempts = Counter(db.session.scalars(select(Notice.attempts)))
    assert attempts[1] + attempts[2] == 500
    assert sum(n - 1 for n in duplicates.values()) <= kills
    for to in duplicates:  # a duplicate carries the same Message-ID
        assert len({m["Message-ID"] for m in smtp.messages if m["To"] == to}) == 1
    print(f"drill: 500 notices, delivered before the kill {delivered_at_kill}, lost 0, "
          f"duplicates {sum(n - 1 for n in duplicates.values())}")


def test_redis_down_while_a_meeting_notice_is_sent(app, client, auth, factory, smtp, run_worker, queue_redis,
                                                   databases, two_forums, monkeypatch):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf(f"/t/forum-a/meetings/{m['id']}")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    app.extensions.pop("baraza_redis", None)
    r = client.post(f"/t/forum-a/meetings/{m['id']}/notice", data={"csrf_token": token, "confirm": "1"})
    assert r.status_code == 303  # the request succeeds
    monkeypatch.undo()
    app.extensions.pop("baraza_redis", None)
    run_worker()
    assert smtp.messages == []  # the enqueue was lost ...
    monkeypatch.setitem(app.config, "OUTBOX_STALE_AFTER", 0)
    time.sleep(0.1)
    with app.app_context():
        sweeps.sweep_outboxes()  # ... and the sweep finds the rows once Redis is back
    run_worker()
    assert sorted(msg["To"].split("<")[-1].rstrip(">") for msg in smtp.messages) == sorted(
        [two_forums["a_sec"]["email"], two_forums["a_member"]["email"]])
