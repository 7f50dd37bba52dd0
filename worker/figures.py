"""The per-forum figures behind /metrics (issue 44), computed once a minute (worker/cron.py) forum by forum in each
forum's own tenant context — row-level security applies, as in any job — and written to the jobs' Redis server,
which every web node's /metrics reads (webapp.core.metrics). A scrape itself never reads a forum's rows."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine

from tenants.models import Tenant
from webapp.core import metrics
from webapp.extensions import db
from webapp.notices.models import Notice
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsMessage
from worker.runtime import each_tenant, platform_job

UNSENT = ("pending", "sending")
_replicas: dict[str, Engine] = {}


def replica_lag_bytes() -> float | None:
    """How far the replica of DATABASE_REPLICA_URL has replayed behind the primary's WAL, in bytes (None: no replica
    set, or it did not answer). Functions only: no table is read, so no tenant is needed."""
    url = current_app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return None
    engine = _replicas.setdefault(url, create_engine(url, pool_pre_ping=True, pool_size=1))
    try:
        with engine.connect() as conn:
            replayed = conn.execute(text("SELECT pg_last_wal_replay_lsn()::text")).scalar()
    except Exception:  # a figure, never a failed job: the alert is on the gauge's absence
        return None
    if replayed is None:
        return None
    lag = db.session.execute(text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(:r AS pg_lsn))"), {"r": replayed})
    return max(float(lag.scalar() or 0), 0.0)


def _figures(tenant: Tenant) -> dict[str, float | None]:
    oldest_notice = db.session.scalar(select(func.min(Notice.created_at)).where(
        Notice.tenant_id == tenant.id, Notice.status.in_(UNSENT)))
    oldest_sms = db.session.scalar(select(func.min(SmsMessage.created_at)).where(
        SmsMessage.tenant_id == tenant.id, SmsMessage.status.in_(UNSENT)))
    return {"oldest_notice": oldest_notice.timestamp() if oldest_notice else None,
            "oldest_sms": oldest_sms.timestamp() if oldest_sms else None,
            "sms_used": sms.used_this_month(tenant.id), "sms_allowed": sms.allowance(tenant)}


@platform_job
def record_forum_figures() -> int:
    """Writes every forum's figures at once; returns the number of forums."""
    figures: dict[str, dict[str, float | None]] = {}

    def forum(tenant: Tenant) -> int:
        figures[tenant.slug] = _figures(tenant)
        return 0

    each_tenant(forum)
    metrics.write_forum_figures(figures, replica_lag=replica_lag_bytes())
    return len(figures)
