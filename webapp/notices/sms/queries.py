from __future__ import annotations

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.notices.sms.models import SMS_STATUSES, SmsMessage

PAGE_SIZE = 100


def messages(status: str | None = None, limit: int = PAGE_SIZE) -> list[SmsMessage]:
    """The forum's SMS, newest first."""
    stmt = select(SmsMessage).where(SmsMessage.tenant_id == current_tenant_id())
    if status in SMS_STATUSES:
        stmt = stmt.where(SmsMessage.status == status)
    return list(db.session.scalars(stmt.order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc()).limit(limit)))


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(SmsMessage.status, func.count())
                              .where(SmsMessage.tenant_id == current_tenant_id()).group_by(SmsMessage.status)).all()
    return {s: 0 for s in SMS_STATUSES} | {s: n for s, n in rows}
