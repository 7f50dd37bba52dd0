from __future__ import annotations

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.notices.models import STATUSES, Notice

PAGE_SIZE = 100


def notices(status: str | None = None, limit: int = PAGE_SIZE) -> list[Notice]:
    stmt = select(Notice).where(Notice.tenant_id == current_tenant_id())
    if status in STATUSES:
        stmt = stmt.where(Notice.status == status)
    return list(db.session.scalars(stmt.order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)))


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Notice.status, func.count()).where(Notice.tenant_id == current_tenant_id())
                              .group_by(Notice.status)).all()
    return {s: 0 for s in STATUSES} | {s: n for s, n in rows}


def notice(notice_id: int) -> Notice | None:
    return db.session.scalar(select(Notice).where(Notice.tenant_id == current_tenant_id(), Notice.id == notice_id))
