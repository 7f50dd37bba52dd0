"""Reads for suggestions: the published ones for the forum's public home (the one rule of webapp/core/visibility.py:
the public sees a suggestion only once published), one suggestion, and the secretariat's queue."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tenants.context import current_tenant_id
from webapp.consultations.models import Contact
from webapp.consultations.rules import needs_a_look
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.suggestions.models import Suggestion

HOME_SUGGESTIONS = 10


def published(limit: int = HOME_SUGGESTIONS) -> list[Suggestion]:
    """The newest published suggestions with their answers, for the forum's public home (one statement)."""
    return list(db.session.scalars(select(Suggestion).where(
        Suggestion.tenant_id == current_tenant_id(),
        vis.public_comment_sql(Reader.anyone(), Suggestion.moderation)).order_by(
        Suggestion.created_at.desc(), Suggestion.id.desc()).limit(limit)))


def suggestion(suggestion_id: int) -> Suggestion | None:
    return db.session.scalar(select(Suggestion).where(Suggestion.tenant_id == current_tenant_id(),
                                                      Suggestion.id == suggestion_id))


@dataclass(frozen=True)
class Queued:
    suggestion: Suggestion
    contact: str  # the verified e-mail or phone: the secretariat always knows who wrote
    flagged: bool  # links or long: look closely


def queue() -> list[Queued]:
    """Every suggestion for the secretariat: waiting first, then published (not yet on an agenda first), then
    declined; with the contact that verified."""
    rows = db.session.execute(select(Suggestion, Contact.address).outerjoin(
        Contact, (Contact.tenant_id == Suggestion.tenant_id) & (Contact.id == Suggestion.contact_id)).where(
        Suggestion.tenant_id == current_tenant_id()).order_by(
        (Suggestion.moderation == "hidden"), (Suggestion.moderation != "held"), Suggestion.agenda_item_id.is_not(None),
        Suggestion.created_at.desc(), Suggestion.id.desc()))
    return [Queued(s, address or "", needs_a_look(f"{s.title}\n{s.body}")) for s, address in rows]


def draft_meetings() -> list[Meeting]:
    """The draft meetings whose agenda a suggestion may join, soonest first."""
    return list(db.session.scalars(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.status == "draft").order_by(Meeting.start_at, Meeting.id)))


def draft_meeting(meeting_id: int | None) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(
        Meeting.tenant_id == current_tenant_id(), Meeting.id == meeting_id, Meeting.status == "draft"))
