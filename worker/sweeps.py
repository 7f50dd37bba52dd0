"""Scheduled sweeps (registered in worker/cron.py, run by `rq cron`)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from tenants.models import Tenant
from webapp.core.queue import enqueue_after_commit
from webapp.core.uow import after_commit
from webapp.extensions import db
from webapp.notices.services import DELIVER_PLATFORM_MAIL, enqueue_batches
from webapp.notices.sms import services as sms
from worker.runtime import each_tenant, platform_job

RECLAIM_SQL = """
UPDATE {table} SET status = 'pending', next_attempt_at = now(),
       last_error = 'reclaimed: no answer from the worker within the job timeout'
WHERE {tenant} status = 'sending' AND claimed_at < now() - make_interval(secs => :timeout)
RETURNING id
"""
STALE_SQL = """
SELECT id FROM {table}
WHERE {tenant} status = 'pending' AND next_attempt_at < now() - make_interval(secs => :stale)
ORDER BY id LIMIT 5000 FOR UPDATE SKIP LOCKED
"""


def _sweep(table: str, tenant_id: int | None) -> list[int]:
    tenant = "tenant_id = :tid AND" if tenant_id is not None else ""
    reclaim_after = current_app.config.get("OUTBOX_RECLAIM_AFTER") or current_app.config["NOTICE_JOB_TIMEOUT"]
    params = {"tid": tenant_id, "timeout": reclaim_after,
              "stale": current_app.config["OUTBOX_STALE_AFTER"]}
    reclaimed = [r[0] for r in db.session.execute(text(RECLAIM_SQL.format(table=table, tenant=tenant)), params)]
    stale = [r[0] for r in db.session.execute(text(STALE_SQL.format(table=table, tenant=tenant)), params)]
    return sorted(set(reclaimed) | set(stale))


@platform_job
def sweep_outboxes() -> dict[str, int]:
    """Re-enqueues pending rows whose job was lost and reclaims rows stuck in `sending`, forum by
    forum inside each forum's own context, then the platform mail outbox."""

    def forum(tenant: Tenant) -> int:
        ids = _sweep("notices", tenant.id)
        enqueue_batches(tenant.id, ids)  # after an outage: a job per batch of rows, not one per row
        texts = _sweep("sms_outbox", tenant.id)
        if texts:  # one job per batch: each claims up to NOTICE_BATCH_SIZE due rows of the forum
            tenant_id, leaders = tenant.id, texts[::max(current_app.config["NOTICE_BATCH_SIZE"], 1)]
            after_commit(lambda: sms.enqueue_many(tenant_id, leaders))
        return len(ids) + len(texts)

    counts = each_tenant(forum)
    ids = _sweep("platform_mail", None)
    for mail_id in ids:
        enqueue_after_commit(DELIVER_PLATFORM_MAIL, mail_id, queue="notices", job_id=f"platform-mail-{mail_id}")
    db.session.commit()
    if ids:
        counts["platform"] = len(ids)
    return counts


@platform_job
def purge_login_failures() -> int:
    """Failed sign-ins older than a day no longer count for throttling."""
    from webapp.auth.security import purge_old_failures

    return purge_old_failures()


@platform_job
def remind_term_ends() -> dict[str, int]:
    """Daily: each forum's secretariat hears of terms ending within 30 days (once per member and term)."""
    from webapp.members.services import remind_term_ends as remind

    return each_tenant(lambda _tenant: remind())


@platform_job
def send_meeting_reminders() -> dict[str, int]:
    """Every few minutes: reminders at each forum's offsets before its meetings (once per offset)."""
    from webapp.meetings.services import send_reminders
    from webapp.registrations import services as registrations

    return each_tenant(lambda _tenant: send_reminders() + registrations.send_reminders())


@platform_job
def remind_decision_reviews() -> dict[str, int]:
    """Daily: the secretariat hears of decisions whose review date has come (once per decision and date)."""
    from webapp.core.zones import forum_today
    from webapp.meetings.outcomes.services import remind_decision_reviews as remind

    return each_tenant(lambda _tenant: remind(forum_today()))


@platform_job
def remind_recommendations() -> dict[str, int]:
    """Daily: the secretariat hears of recommendations not answered by their follow-up date (issue 41; once per
    recommendation and date)."""
    from webapp.core.zones import forum_today
    from webapp.meetings.recommendations.services import remind_overdue

    return each_tenant(lambda _tenant: remind_overdue(forum_today()))


@platform_job
def close_proposals() -> dict[str, int]:
    """Every few minutes: proposals whose deadline has passed are closed and their rule applied (once each); the
    seats that have not answered are reminded within two days of the deadline (once each)."""
    from webapp.proposals.services import close_due, remind_due

    return each_tenant(lambda _tenant: close_due() + remind_due())


@platform_job
def close_date_polls() -> dict[str, int]:
    """Every few minutes: date polls whose deadline has passed close (issue 37); a poll whose date was chosen is
    closed already."""
    from webapp.polls.services import close_due

    return each_tenant(lambda _tenant: close_due())


@platform_job
def remind_actions() -> dict[str, int]:
    """Daily: due-soon (7 days, once per due date) and overdue (once a week) reminders to owners; once a month,
    a digest of overdue actions to the chairs: tried every day, sent on the first day of the month the sweep runs
    (deduplicated per month), so a scheduler that was down on the 1st does not skip a month; and to reporting bodies,
    their period's report while it is due (once) and late (once a week; issue 40)."""
    from webapp.actions.reporting import send_report_reminders
    from webapp.actions.services import send_monthly_digest, send_reminders
    from webapp.core.zones import forum_today

    def forum(_tenant: Tenant) -> int:
        day = forum_today()
        return send_reminders(day) + send_monthly_digest(day) + send_report_reminders(day)

    return each_tenant(forum)


@platform_job
def purge_sms_inbound() -> int:
    """Daily: inbound SMS (a number and what it texted) older than SMS_INBOUND_KEEP_DAYS are deleted."""
    from webapp.notices.sms.inbound import purge_old

    return purge_old(current_app.config["SMS_INBOUND_KEEP_DAYS"])


@platform_job
def purge_roll_imports() -> dict[str, int]:
    """Hourly: member-roll previews never confirmed are deleted once expired, forum by forum (each new upload
    also deletes its forum's expired ones)."""
    from webapp.members.services import purge_expired_imports

    return each_tenant(lambda _tenant: purge_expired_imports())


@platform_job
def purge_consultation_contacts() -> dict[str, int]:
    """Daily: the public's verification contacts and commenters' details past the forum's retention period (issue
    42) and of the suggestions for the agenda, forum by forum."""
    from webapp.consultations.services import purge_expired
    from webapp.suggestions import services as suggestions

    return each_tenant(lambda _tenant: suggestions.purge_expired() + purge_expired())


@platform_job
def retry_recordings() -> dict[str, int]:
    """Uploaded recordings whose transcoding job was lost (webapp/recordings/services.py)."""
    from datetime import UTC, datetime

    from webapp.recordings.services import retry_lost

    return each_tenant(lambda _tenant: retry_lost(datetime.now(UTC)))
