from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import func, select, tuple_

from tenants.context import current_tenant_id
from webapp.binding import Interface
from webapp.extensions import db
from webapp.notices.models import STATUSES, Announcement, Notice

PAGE_SIZE = 100


def notices(status: str | None = None, limit: int = PAGE_SIZE, before: int | None = None) -> list[Notice]:
    """Newest first; ``before`` (a notice id) pages to older ones by (created_at, id), which stays fast
    however deep the page."""
    tid = current_tenant_id()
    stmt = select(Notice).where(Notice.tenant_id == tid)
    if status in STATUSES:
        stmt = stmt.where(Notice.status == status)
    if before is not None:
        anchor = select(Notice.created_at).where(Notice.tenant_id == tid, Notice.id == before).scalar_subquery()
        stmt = stmt.where(tuple_(Notice.created_at, Notice.id) < tuple_(anchor, before))
    return list(db.session.scalars(stmt.order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)))


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(Notice.status, func.count()).where(Notice.tenant_id == current_tenant_id())
                              .group_by(Notice.status)).all()
    return {s: 0 for s in STATUSES} | {s: n for s, n in rows}


def notice(notice_id: int) -> Notice | None:
    return db.session.scalar(select(Notice).where(Notice.tenant_id == current_tenant_id(), Notice.id == notice_id))


class AnnouncementRecordings(Protocol):
    def __call__(self, announcement_ids: list[int]) -> dict[int, list[Any]]:
        """The ready recordings of these announcements the current reader may hear, by announcement (one query)."""


ANNOUNCEMENT_RECORDINGS: Interface[AnnouncementRecordings] = Interface(
    "notices.queries.ANNOUNCEMENT_RECORDINGS", "Announcements read aloud, for the announcements page (recordings).")


def announcement(announcement_id: int) -> Announcement | None:
    return db.session.scalar(select(Announcement).where(Announcement.tenant_id == current_tenant_id(),
                                                        Announcement.id == announcement_id))


def announcements(limit: int = 50) -> list[Announcement]:
    """The forum's announcements to all members, latest first (issue 27)."""
    return list(db.session.scalars(select(Announcement).where(Announcement.tenant_id == current_tenant_id())
                                   .order_by(Announcement.sent_at.desc(), Announcement.id.desc()).limit(limit)))
