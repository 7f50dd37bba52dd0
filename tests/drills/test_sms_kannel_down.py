"""Drill: Kannel (bearerbox and smsbox) killed in the middle of a batch of SMS, then started again (bearerbox first):
nothing is lost — every SMS reaches the fake SMSC — and duplicates stay few (a message bearerbox had handed on but
not yet cleared from its store, or one accepted as the connection broke). The worker, sent SIGTERM while Kannel is down,
stops within 10 s (DRILL_WORKER_LOG=path keeps its log)."""
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
from webapp.notices.sms import builder
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsMessage
from worker import sweeps

N = 300


def test_kannel_stopped_mid_batch_and_started_again_loses_nothing(app, kannel, databases, redis_url, queue_redis,
                                                                  two_forums, monkeypatch):
    tenant = two_forums["a"]
    monkeypatch.setitem(app.config, "SMS_DEFAULT_MONTHLY_ALLOWANCE", 10 * N)
    with app.app_context(), tenant_context(tenant):
        sms.queue_sms([{"phone": f"+2332012{i:05d}", "name": f"Miner {i}", "kind": "test",
                        "sms": builder.build(builder.Draft("test", builder.Fields(who=f"DRILL{i}")), "en"),
                        "dedupe_key": f"drill:{i}"} for i in range(N)])
        db.session.commit()
    env = {**os.environ, "BARAZA_ENV": "test", "SECRET_KEY": "test-secret", "DATABASE_URL": databases.app_url,
           "DATABASE_OWNER_URL": databases.owner_url, "REDIS_URL": redis_url, "NOTICE_RETRY_INTERVALS": "0",
           "NOTICE_BATCH_SIZE": "50", "SMS_DEFAULT_MONTHLY_ALLOWANCE": str(10 * N), **kannel.environment()}
    cmd = [sys.executable, "-m", "worker.main", "notices"]
    log = open(os.environ.get("DRILL_WORKER_LOG", os.devnull), "ab")  # noqa: SIM115 - the worker's log, to look into
    worker = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while len(kannel.received()) < N // 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        kannel.kill("bearerbox", signal.SIGKILL)  # mid-batch: bearerbox dies with messages in its store
        kannel.kill("smsbox", signal.SIGKILL)
        received_at_kill = len(kannel.received())
        time.sleep(3)  # the worker keeps trying: the gateway does not answer, nothing is spent
    finally:  # a worker asked to stop stops within seconds, whatever the gateway does (issue 47)
        t = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        finally:
            stopped_in = time.monotonic() - t
            print(f"\nworker stopped in {stopped_in:.1f}s", flush=True)
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            log.close()
    assert 0 < received_at_kill < N
    with app.app_context(), tenant_context(tenant):
        waiting = db.session.scalar(select(func.count()).select_from(SmsMessage).where(SmsMessage.status != "sent"))
        # what the stopped worker had claimed and not sent went back to pending: nothing is left in `sending`
        assert db.session.scalar(select(func.count()).select_from(SmsMessage)
                                 .where(SmsMessage.status == "sending")) == 0
        assert db.session.scalar(select(func.count()).select_from(SmsMessage).where(SmsMessage.status == "failed")) == 0
    t0 = time.monotonic()
    kannel.restart()  # bearerbox (with its spool) first, then smsbox
    monkeypatch.setitem(app.config, "OUTBOX_RECLAIM_AFTER", 1)
    monkeypatch.setitem(app.config, "OUTBOX_STALE_AFTER", 0)
    time.sleep(1.5)
    with app.app_context():
        sweeps.sweep_outboxes()
    t1 = time.monotonic()
    subprocess.run([*cmd, "--burst"], env=env, check=True, timeout=300, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    t2 = time.monotonic()
    got = kannel.wait_received(N, timeout=60)
    print(f"restart+sweep {t1 - t0:.1f}s, worker burst {t2 - t1:.1f}s, fakesmsc {time.monotonic() - t2:.1f}s")
    counts = Counter(r.to for r in got)
    with app.app_context(), tenant_context(tenant):
        statuses = Counter(db.session.scalars(select(SmsMessage.status)))
    # accepted by Kannel, and perhaps already reported delivered by the fake SMSC (issue 25's delivery reports)
    assert sum(statuses.values()) == N and set(statuses) <= {"sent", "delivered"}, statuses
    assert len(counts) == N  # nothing lost
    duplicates = sum(n - 1 for n in counts.values())
    print(f"\ndrill: {N} SMS, {received_at_kill} at the fake SMSC when Kannel was killed, {waiting} not yet sent then, "
          f"lost 0, duplicates {duplicates}")
    assert duplicates <= N // 10
