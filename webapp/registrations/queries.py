"""Reads: whether a meeting takes registrations, and who registered."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.core.visibility import public_sql
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.registrations.models import Opening, Registration

OPEN_STATUS = "notified"  # announced and not yet held: registration is open


def opening(meeting_id: int) -> Opening | None:
    return db.session.get(Opening, (current_tenant_id(), meeting_id))


def open_meeting(meeting_id: int) -> tuple[Meeting, Opening] | None:
    """The one rule: a public meeting, announced and not yet held, that the secretariat opened to registration.
    Drafts, members-only meetings, held or cancelled ones and other forums' ids: None."""
    row = db.session.execute(select(Meeting, Opening).join(
        Opening, (Opening.tenant_id == Meeting.tenant_id) & (Opening.meeting_id == Meeting.id)).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.id == meeting_id, public_sql(Meeting.visibility),
        Meeting.status == OPEN_STATUS)).first()
    return (row[0], row[1]) if row else None


def of_meeting(meeting_id: int) -> list[Registration]:
    """Confirmed first, then the waiting list in its order."""
    return list(db.session.scalars(select(Registration).where(
        Registration.tenant_id == current_tenant_id(), Registration.meeting_id == meeting_id)
        .order_by(Registration.status, Registration.id)))


def confirmed_count(meeting_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.tenant_id == current_tenant_id(), Registration.meeting_id == meeting_id,
        Registration.status == "confirmed")) or 0


def by_token(token: str) -> tuple[Registration, Meeting] | None:
    """A registrant's own cancel link: the registration and its meeting."""
    row = db.session.execute(select(Registration, Meeting).join(
        Meeting, (Meeting.tenant_id == Registration.tenant_id) & (Meeting.id == Registration.meeting_id)).where(
        Registration.tenant_id == current_tenant_id(), Registration.token == token)).first()
    return (row[0], row[1]) if row else None


def one(meeting_id: int, registration_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.tenant_id == current_tenant_id(), Registration.meeting_id == meeting_id,
        Registration.id == registration_id))
