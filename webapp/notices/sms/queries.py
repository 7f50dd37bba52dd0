from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.notices.sms.models import SMS_STATUSES, SmsInbound, SmsMessage

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


@dataclass(frozen=True)
class BusyNumber:
    phone: str  # masked
    received: int
    replied: int
    last: datetime


def masked(phone: str) -> str:
    """A number shown without its middle digits (+233•••••••20): enough to tell numbers apart, not to call one."""
    if len(phone) <= 6:
        return "•" * len(phone)
    return phone[:4] + "•" * (len(phone) - 6) + phone[-2:]


def busiest_numbers(days: int = 7, limit: int = 5) -> list[BusyNumber]:
    """The numbers that texted this forum most in the last ``days`` (issue 31: a flood shows), with the automatic
    replies they got. ``sms_inbound`` is a platform table: the forum is filtered here, not by RLS."""
    since = datetime.now(UTC) - timedelta(days=days)
    n = func.count().label("n")
    rows = db.session.execute(
        select(SmsInbound.phone, n, func.count().filter(SmsInbound.answered.is_(True)),
               func.max(SmsInbound.received_at))
        .where(SmsInbound.tenant_id == current_tenant_id(), SmsInbound.received_at >= since)
        .group_by(SmsInbound.phone).order_by(n.desc(), SmsInbound.phone).limit(limit)).all()
    return [BusyNumber(masked(phone), received, replied, last) for phone, received, replied, last in rows]
