"""The per-forum figures behind /metrics (issue 44), computed once a minute (worker/cron.py) forum by forum in each
forum's own tenant context — row-level security applies, as in any job — and written to the jobs' Redis server,
which every web node's /metrics reads (webapp.core.metrics). A scrape itself never reads a forum's rows."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.models import Tenant
from webapp.core import metrics
from webapp.extensions import db
from webapp.notices.models import Notice
from webapp.notices.sms import services as sms
from webapp.notices.sms.models import SmsMessage
from worker.runtime import each_tenant, platform_job

UNSENT = ("pending", "sending")


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
    metrics.write_forum_figures(figures)
    return len(figures)
