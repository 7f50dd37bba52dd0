"""Every write of a suggestion for the agenda: a verified visitor's suggestion into the moderation queue (under the
consultations' limits), publish or decline with the consultations' reasons, a public answer, taking it onto a draft
meeting's agenda in one tap, retention and erasure. Services flush, never commit.

The queue table is live state (content_version.NOT_PUBLIC): a new suggestion does not change the public pages;
publishing, answering a published one, or declining a published one does (``content_version.changed``)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.consultations import services as consultations
from webapp.consultations import verification
from webapp.consultations.models import Contact
from webapp.consultations.services import DECLINE_REASONS
from webapp.core import audit, content_version, signals
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import AgendaItem, Meeting
from webapp.suggestions.models import Suggestion

MAX_TITLE = 200
MAX_LENGTH = 2000  # characters of a suggestion's "few lines"
MAX_ANSWER = 4000
PER_CONTACT_PER_DAY = 3
PER_NETWORK_PER_HOUR = 10


class SuggestionError(verification.VerificationError):
    """A suggestion refused: the shared verification's refusals (``field``, ``code``) and their wording."""


def add(contact: Contact, *, title: str, body: str, name: str | None, speaks_for: str | None, language: str,
        network: str | None) -> Suggestion:
    """A verified visitor's suggestion: held for moderation, on no page before the secretariat publishes it."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise SuggestionError("title", "required")
    if not body:
        raise SuggestionError("body", "required")
    if len(title) > MAX_TITLE or len(body) > MAX_LENGTH:
        raise SuggestionError("body", "too_long")
    tid = current_tenant_id()
    if network:
        verification.count(f"suggest:net:{tid}:{network}", 3600, PER_NETWORK_PER_HOUR, "body", "too_many")
    since = datetime.now(UTC) - timedelta(days=1)
    sent = db.session.scalar(select(func.count()).select_from(Suggestion).where(
        Suggestion.tenant_id == tid, Suggestion.contact_id == contact.id, Suggestion.created_at > since)) or 0
    if sent >= PER_CONTACT_PER_DAY:
        raise SuggestionError("body", "too_many")
    s = Suggestion(contact_id=contact.id, title=title, body=body, public_name=(name or "").strip()[:120] or None,
                   speaks_for=(speaks_for or "").strip()[:200] or None, language=language, moderation="held")
    db.session.add(s)
    db.session.flush()
    return s


def _public_change(s: Suggestion) -> None:
    content_version.changed(db.session, s.tenant_id)


def publish(s: Suggestion) -> Suggestion:
    """On the forum's public home from now on (with its answer, if any)."""
    if s.moderation != "visible":
        s.moderation, s.decline_reason = "visible", None
        db.session.flush()
        _public_change(s)
        audit.record("suggestion_published", "suggestion", s.id, ["moderation"])
    return s


def decline(s: Suggestion, reason: str) -> Suggestion:
    if reason not in DECLINE_REASONS:
        raise SuggestionError("reason", "invalid")
    if s.moderation == "visible":
        _public_change(s)
    s.moderation, s.decline_reason = "hidden", reason
    db.session.flush()
    audit.record("suggestion_declined", "suggestion", s.id, ["moderation"])
    return s


def answer(s: Suggestion, text: str) -> Suggestion:
    """The forum's public answer; shown beside the suggestion once it is published."""
    text = (text or "").strip()
    if not text:
        raise SuggestionError("answer", "required")
    if len(text) > MAX_ANSWER:
        raise SuggestionError("answer", "too_long")
    s.answer = text
    db.session.flush()
    if s.moderation == "visible":
        _public_change(s)
    audit.record("suggestion_answered", "suggestion", s.id, ["answer"])
    return s


def take_onto_agenda(s: Suggestion, meeting: Meeting) -> AgendaItem:
    """One tap: the suggestion's title becomes a discussion item at the end of a draft meeting's agenda."""
    if meeting.status != "draft":
        raise SuggestionError("meeting", "not_draft")
    if s.moderation == "hidden":
        raise SuggestionError("meeting", "declined")
    item = meetings.save_agenda_item(meeting, None, title=s.title, presenter=None, minutes=None, kind="discussion")
    s.meeting_id, s.agenda_item_id = meeting.id, item.id
    db.session.flush()
    audit.record("suggestion_taken", "suggestion", s.id, ["meeting_id"])
    return item


# ---- retention and erasure ------------------------------------------------------------------------------------------

def erase_contact(contact: Contact, published_text_stays: bool = False) -> None:
    """The person's suggestions lose their names and groups, and their texts (a published one may stay at the end of
    the retention period: the public already read it). Called beside the consultations' erasure."""
    verification.blank_authored(Suggestion, Suggestion.contact_id, contact, published_text_stays)


def erase(s: Suggestion) -> None:
    """Erasure on request from a suggestion's row: the contact everywhere (consultations too) and its suggestions."""
    contact = db.session.scalar(select(Contact).where(Contact.tenant_id == s.tenant_id, Contact.id == s.contact_id))
    if contact is not None:
        consultations.erase_contact(contact)  # its comments and address; its suggestions through contact_erased


def purge_expired(today: date | None = None) -> int:
    """The retention period (CONSULTATION_KEEP_DAYS, a year): the suggestions of contacts whose newest one is older
    lose their names and groups, and their texts unless published (the public already read them); the contact's
    address goes too unless another form still uses it (the one rule of ``verification.erase_unless_in_use``: a
    comment on a consultation closing within the year keeps it). Returns how many contacts."""
    since = verification.kept_since(today)
    cutoff = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
    tid = current_tenant_id()
    latest = (select(Suggestion.contact_id, func.max(Suggestion.created_at).label("last"))
              .where(Suggestion.tenant_id == tid).group_by(Suggestion.contact_id).subquery())
    old = db.session.scalars(select(Contact).join(latest, latest.c.contact_id == Contact.id).where(
        Contact.tenant_id == tid, latest.c.last < cutoff, ~Contact.address.like("erased-%"))).all()
    for contact in old:
        erase_contact(contact, published_text_stays=True)
    verification.erase_unless_in_use(list(old), since)
    return len(old)


@signals.contact_erased.connect_via("consultation_contact")
def _erase_suggestions(_sender: str, contact: Contact) -> None:
    """Erasure on request from either queue: the person's suggestions lose their names, groups and texts."""
    erase_contact(contact)


@signals.contact_in_use.connect_via("consultation_contact")
def _suggested_since(_sender: str, ids: list[int], since: date) -> set[int]:
    """The retention rule's question (webapp/consultations/verification.py): these contacts' suggestions sent on or
    after ``since`` keep their addresses."""
    cutoff = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
    return set(db.session.scalars(select(Suggestion.contact_id).where(
        Suggestion.tenant_id == current_tenant_id(), Suggestion.contact_id.in_(ids), Suggestion.created_at >= cutoff)))
