"""Reading recordings: those of a meeting a reader may hear (the one rule: core/visibility.sees_recording), those of
public pages, and one by its link's token."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import undefer

from tenants.context import current_tenant, current_tenant_id
from webapp.core import visibility as vis
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.recordings.models import Recording


def of_meeting(m: Meeting, reader: vis.Reader, ready_only: bool = True) -> list[Recording]:
    """A meeting's recordings the reader may hear, by purpose and language; without ``ready_only`` also those the
    worker has not finished or refused (for the members who upload)."""
    stmt = select(Recording).where(Recording.tenant_id == current_tenant_id(), Recording.meeting_id == m.id)
    if ready_only:
        stmt = stmt.where(Recording.status == "ready")
    rows = db.session.scalars(stmt.order_by(Recording.purpose, Recording.language, Recording.id)).all()
    return [r for r in rows if vis.sees_recording(reader, r.purpose, m.visibility, m.status)]


def one(m: Meeting, recording_id: int) -> Recording | None:
    return db.session.scalar(select(Recording).where(Recording.tenant_id == current_tenant_id(),
                                                     Recording.meeting_id == m.id, Recording.id == recording_id))


def by_token(token: str) -> tuple[Recording, Meeting | None] | None:
    """A ready recording of this forum by its link (the audio loaded), with its meeting (None for an announcement's)."""
    if not token or len(token) > 32:
        return None
    row = db.session.execute(
        select(Recording, Meeting).options(undefer(Recording.audio))
        .outerjoin(Meeting, (Meeting.tenant_id == Recording.tenant_id) & (Meeting.id == Recording.meeting_id))
        .where(Recording.tenant_id == current_tenant_id(), Recording.token == token, Recording.status == "ready")
    ).first()
    return (row[0], row[1]) if row else None


def of_announcements(announcement_ids: list[int], reader: vis.Reader,
                     ready_only: bool = True) -> dict[int, list[Recording]]:
    """The recordings of these announcements the reader may hear, by announcement (one query, whatever their
    number); without ``ready_only`` also those the worker has not finished or refused (for those who upload)."""
    if not announcement_ids or not vis.sees_recording(reader, "message", None, None):
        return {}
    stmt = select(Recording).where(Recording.tenant_id == current_tenant_id(),
                                   Recording.announcement_id.in_(announcement_ids))
    if ready_only:
        stmt = stmt.where(Recording.status == "ready")
    out: dict[int, list[Recording]] = {}
    for r in db.session.scalars(stmt.order_by(Recording.language, Recording.id)):
        out.setdefault(r.announcement_id, []).append(r)
    return out


def of_announcement(announcement_id: int, recording_id: int) -> Recording | None:
    return db.session.scalar(select(Recording).where(Recording.tenant_id == current_tenant_id(),
                                                     Recording.announcement_id == announcement_id,
                                                     Recording.id == recording_id))


def newest_link(meeting_id: int, purpose: str, language: str) -> str | None:
    """The token of a meeting's newest ready recording for a purpose in a language (the SMS link), or None."""
    return db.session.scalar(select(Recording.token).where(
        Recording.tenant_id == current_tenant_id(), Recording.meeting_id == meeting_id, Recording.purpose == purpose,
        Recording.language == language, Recording.status == "ready").order_by(Recording.id.desc()).limit(1))


def current_tenant_slug() -> str:
    tenant = current_tenant()
    return tenant.slug if tenant else ""


def sms_link(meeting_id: int, purpose: str, language: str) -> str:
    """The absolute short link of a meeting's newest ready recording for a purpose in a language, or "" (the link of
    an SMS: anyone holding it may listen, as anyone holding the SMS may read it)."""
    from webapp.core.urls import external_url

    token = newest_link(meeting_id, purpose, language)
    return external_url("tenant.recordings.listen", tenant_slug=current_tenant_slug(), token=token) if token else ""


def for_announcements(announcement_ids: list[int]) -> dict[int, list[Recording]]:
    """Bound to notices.queries.ANNOUNCEMENT_RECORDINGS: the ready ones the current reader may hear."""
    return of_announcements(announcement_ids, vis.current_reader())
