"""SMS outbox relay: claim rows within the forum's monthly allowance, hand them to the gateway (Kannel's smsbox), mark
them sent.

The e-mail outbox's semantics (worker/delivery.py): a row is claimed (pending -> sending, committed) before it is sent
and marked sent (committed) right after the gateway accepted it, so a job that runs twice sends once; only a worker
dying between the acceptance and that commit causes a duplicate. "Accepted" means bearerbox holds the message in its
persistent store, so a bearerbox killed afterwards loses nothing. The allowance is checked when rows are claimed,
under a per-forum lock: rows beyond it stay pending (the Messages page says so) and go once the month turns or the
platform admin raises the allowance.

A worker asked to stop (worker/stopping.py) ends the batch after the message in hand: the rows not yet sent go back to
pending, their attempt not spent, and the sweep re-enqueues them. No job sleeps: retries are RQ's (Retry) and the
sweep's."""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, text

from tenants.context import current_tenant, current_tenant_id
from webapp.extensions import db
from webapp.notices import recipients
from webapp.notices.services import queue_notice
from webapp.notices.sms import delivery_reports
from webapp.notices.sms import gateway as gateways
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsMessage
from worker.runtime import give_back, stop_requested, tenant_job

log = logging.getLogger(__name__)

CLAIM_SQL = """
WITH due AS (
    SELECT id, segments, next_attempt_at FROM sms_outbox
    WHERE tenant_id = :tid AND status = 'pending' AND (id = :id OR next_attempt_at <= now())
      AND (kind IN ('opt_out', 'opt_in') OR recipient_phone NOT IN (SELECT phone FROM sms_opt_outs))
    ORDER BY (id = :id) DESC, next_attempt_at, id
    LIMIT :n FOR UPDATE SKIP LOCKED),
fit AS (
    SELECT id FROM (SELECT id, sum(segments) OVER (ORDER BY (id = :id) DESC, next_attempt_at, id) AS running
                    FROM due) d
    WHERE running <= :room)
UPDATE sms_outbox SET status = 'sending', claimed_at = now(), attempts = attempts + 1
WHERE tenant_id = :tid AND id IN (SELECT id FROM fit)
RETURNING id
"""


OPTED_OUT_SQL = """
UPDATE sms_outbox SET status = 'failed', last_error = 'the number sent STOP'
WHERE tenant_id = :tid AND status = 'pending' AND kind NOT IN ('opt_out', 'opt_in')
  AND recipient_phone IN (SELECT phone FROM sms_opt_outs)
"""


def _claim(sms_id: int) -> list[int]:
    tenant = current_tenant()
    # one claimer per forum at a time: the allowance is counted and spent under this lock
    db.session.execute(text("SELECT pg_advisory_xact_lock(2402, CAST(:tid AS integer))"), {"tid": tenant.id})
    # a number that sent STOP gets nothing more (but the acknowledgement), whichever forum queued it and when
    db.session.execute(text(OPTED_OUT_SQL), {"tid": tenant.id})
    room = max(sms.allowance(tenant) - sms.used_this_month(tenant.id), 0)
    ids: list[int] = []
    if room:
        ids = [r[0] for r in db.session.execute(text(CLAIM_SQL), {
            "tid": tenant.id, "id": sms_id, "n": current_app.config["NOTICE_BATCH_SIZE"], "room": room})]
    db.session.commit()  # the claim is visible to every other worker before anything is sent
    return ids


def _mark_sent(row: SmsMessage, ref: str | None) -> None:
    """Marks a row the gateway accepted as sent — unless its delivery report came first: Kannel's fake SMSC (and a
    fast operator) reports within milliseconds, and the report's request locks and settles the row ('sending' ->
    'delivered') before this commit; writing 'sent' over it from the stale object would undo the report."""
    db.session.refresh(row, with_for_update=True)
    row.gateway_ref, row.last_error = ref, None
    row.sent_at = row.sent_at or datetime.now(UTC)
    if row.status == "sending":
        row.status = "sent"


def _back_off(row: SmsMessage, error: str) -> None:
    intervals = current_app.config["NOTICE_RETRY_INTERVALS"]
    row.last_error = error[:2000]
    if row.attempts >= 1 + len(intervals):
        row.status = "failed"
    else:
        row.status = "pending"
        delay = intervals[min(row.attempts, len(intervals)) - 1] if intervals else 0
        row.next_attempt_at = datetime.now(UTC) + timedelta(seconds=delay)


def _warn_secretariat() -> None:
    """At 80 % and at 100 % of the month's allowance, the secretariat hears of it by e-mail, once a month each."""
    tenant = current_tenant()
    state = sms.allowance_state(tenant)
    if not state.warn:
        return
    email = recipients.secretariat_email(tenant.id)
    if not email:
        return
    level = 100 if state.exhausted else 80
    month = sms.month_start().strftime("%Y-%m")
    queue_notice("sms_allowance", email=email, name=tenant.name, locale=tenant.default_locale,
                 payload={"level": level, "used": state.used, "allowed": state.allowed, "month": month},
                 dedupe_key=f"sms-allowance:{month}:{level}")


@tenant_job
def deliver_sms(sms_id: int) -> int:
    """Sends this SMS and up to NOTICE_BATCH_SIZE - 1 other due SMS of the same forum, within its allowance."""
    gateway = gateways.from_config(current_app.config)
    if gateway is None:
        return 0  # no gateway configured: the rows wait (the Messages page says so)
    if stop_requested():
        return 0  # the worker is stopping: the rows stay pending for the next one
    tid = current_tenant_id()
    ids = _claim(sms_id)
    if not ids:
        _warn_secretariat()
        return 0
    rows = list(db.session.scalars(select(SmsMessage).where(SmsMessage.tenant_id == tid, SmsMessage.id.in_(ids))
                                   .order_by(SmsMessage.id)))
    sent = 0
    own_error: gateways.Transient | None = None
    down: gateways.Transient | None = None
    for i, row in enumerate(rows):
        if stop_requested():
            give_back(rows[i:], "SMS")
            break
        try:
            if down is not None:
                raise down  # the gateway is unreachable: the rest of the batch waits for the retry
            ref = gateway.send(row.recipient_phone, row.body, coding=row.encoding,
                               ref=f"t{tid}-s{row.id}", dlr_url=delivery_reports.dlr_url(tid, row.id))
        except gateways.Permanent as e:
            row.status, row.last_error = "failed", str(e)[:2000]
        except gateways.Transient as e:
            if isinstance(e, gateways.Unreachable):
                row.attempts -= 1  # the gateway is down, not this message: it waits for it, however long
            _back_off(row, str(e))
            down = e
            if row.id == sms_id and row.status == "pending":
                own_error = e
        else:
            _mark_sent(row, ref)
            sent += 1
        db.session.commit()
    _warn_secretariat()
    if own_error is not None:
        raise own_error  # RQ retries the job after the next interval
    return sent
