"""Every write of a public consultation (issue 42): put a draft out for comment, a code to verify a contact (the
shared verification: webapp/consultations/verification.py), take a public comment into the moderation queue, publish
or decline it, a reader's report, the close with "what we heard", and erasure. Services flush, never commit.

Limits (the public forms are open to anyone): the verification's on codes and SMS, and comments per verified contact
per day and per network address per hour (``verification.count``)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update

from tenants.context import current_tenant_id
from tenants.models import Tenant
from webapp.comments import anchors
from webapp.comments.models import Comment
from webapp.comments.queries import Draft
from webapp.consultations import verification
from webapp.consultations.models import Consultation, Contact
from webapp.consultations.queries import SHOWN
from webapp.core import audit, content, signals
from webapp.core.zones import forum_today
from webapp.extensions import db

MAX_LENGTH = 4000  # characters of a public comment
COMMENTS_PER_CONTACT_PER_DAY = 10
COMMENTS_PER_NETWORK_PER_HOUR = 30
DECLINE_REASONS = ("child_or_case", "personal_data", "abusive", "off_topic", "advertising", "duplicate")


class ConsultationError(verification.VerificationError):
    """A consultation or a comment refused: ``field`` and ``code`` say which and why."""


# ---- the secretariat puts a draft out ------------------------------------------------------------------------------

def open_consultation(d: Draft, question_1: str, question_2: str | None, closes_on: date,
                      opens_on: date | None = None) -> Consultation:
    """The draft as it stands goes out for public comment until ``closes_on`` with one or two questions."""
    opens_on = opens_on or forum_today()
    if not (question_1 or "").strip():
        raise ConsultationError("question_1", "required")
    if closes_on < opens_on:
        raise ConsultationError("closes_on", "before_opening")
    c = Consultation(target_kind=d.kind, target_id=d.target_id, title=d.title, text=d.text,
                     question_1=question_1.strip(), question_2=(question_2 or "").strip() or None,
                     opens_on=opens_on, closes_on=closes_on, status="open", published_comments=0)
    db.session.add(c)
    db.session.flush()
    audit.record("consultation_opened", "consultation", c.id, ["closes_on"])
    refresh_count()
    return c


def close(c: Consultation, heard: str, final_text: str | None) -> Consultation:
    """The close: "what we heard" (comments grouped by theme, the forum's answer, what changed) and the final text,
    published together on the consultation's public page."""
    heard = (heard or "").strip()
    if not heard:
        raise ConsultationError("heard", "required")
    c.status, c.heard, c.final_text = "closed", heard, (final_text or "").strip() or None
    db.session.flush()
    audit.record("consultation_closed", "consultation", c.id, ["heard"])
    refresh_count()
    return c


def refresh_count() -> None:
    """``tenants.open_consultations`` for the directory of forums (which reads no tenant table): open and within
    their period today. Refreshed when one opens or closes, and daily by the retention sweep (a period that ends)."""
    tid, today = current_tenant_id(), forum_today()
    count = db.session.scalar(select(func.count()).select_from(Consultation).where(
        Consultation.tenant_id == tid, Consultation.status == "open", Consultation.opens_on <= today,
        Consultation.closes_on >= today)) or 0
    db.session.execute(update(Tenant).where(Tenant.id == tid).values(open_consultations=count))


def is_open(c: Consultation, today: date | None = None) -> bool:
    today = today or forum_today()
    return c.status == "open" and c.opens_on <= today <= c.closes_on


# ---- verification (webapp/consultations/verification.py) ------------------------------------------------------------

def send_code(c: Consultation, channel: str, raw_address: str, locale: str,
              network: str | None) -> verification.CodeSent:
    """A code to comment on ``c``, by e-mail or SMS: the shared verification's, while the consultation is open."""
    if not is_open(c):
        raise ConsultationError("address", "closed")
    return verification.send_code(channel, raw_address, locale, network, {"consultation_id": c.id})


# ---- public comments and moderation --------------------------------------------------------------------------------

def add_public_comment(c: Consultation, contact: Contact, *, body: str, name: str | None, speaks_for: str | None,
                       language: str, position: int | None, network: str | None) -> Comment:
    """A verified visitor's comment: held for moderation, never shown before the secretariat publishes it."""
    body = (body or "").strip()
    if not is_open(c):
        raise ConsultationError("body", "closed")
    if not body:
        raise ConsultationError("body", "required")
    if len(body) > MAX_LENGTH:
        raise ConsultationError("body", "too_long")
    tid = current_tenant_id()
    if network:
        verification.count(f"consult:comments-net:{tid}:{network}", 3600, COMMENTS_PER_NETWORK_PER_HOUR, "body",
                           "too_many")
    since = datetime.now(UTC) - timedelta(days=1)
    written = db.session.scalar(select(func.count()).select_from(Comment).where(
        Comment.tenant_id == tid, Comment.author_contact_id == contact.id, Comment.created_at > since)) or 0
    if written >= COMMENTS_PER_CONTACT_PER_DAY:
        raise ConsultationError("body", "too_many")
    texts = anchors.paragraphs(c.text)
    if position is not None and not 0 <= position < len(texts):
        position = None
    comment = Comment(target_kind=c.target_kind, target_id=c.target_id, version=1, anchor_position=position,
                      anchor_text=texts[position] if position is not None else "", author_contact_id=contact.id,
                      body=body, moderation="held", consultation_id=c.id,
                      public_name=(name or "").strip()[:120] or None,
                      speaks_for=(speaks_for or "").strip()[:200] or None, language=language, reports=0)
    db.session.add(comment)
    db.session.flush()
    return comment


def publish(c: Consultation, comment: Comment) -> Comment:
    """Published: on the public page from now on. The consultation's count changes, which bumps the forum's content
    version (the comment table itself does not: the queue is live state)."""
    if comment.moderation != "visible":
        comment.moderation, comment.decline_reason = "visible", None
        c.published_comments += 1
        db.session.flush()
        audit.record("comment_published", "comment", comment.id, ["moderation"])
    return comment


def decline(c: Consultation, comment: Comment, reason: str) -> Comment:
    if reason not in DECLINE_REASONS:
        raise ConsultationError("reason", "invalid")
    if comment.moderation == "visible":
        c.published_comments = max(c.published_comments - 1, 0)
    comment.moderation, comment.decline_reason = "hidden", reason
    db.session.flush()
    audit.record("comment_declined", "comment", comment.id, ["moderation"])
    return comment


def report(comment: Comment) -> Comment:
    """A reader's report on a published comment: counted, shown first in the secretariat's queue."""
    comment.reports += 1
    db.session.flush()
    return comment


# ---- retention and erasure ------------------------------------------------------------------------------------------

def erase_contact(contact: Contact) -> None:
    """On request: the address, the comments' names, groups and texts, the codes e-mailed to them, and what the person
    wrote through the other public forms (``signals.contact_erased``: their suggestions)."""
    verification.blank_authored(Comment, Comment.author_contact_id, contact)
    signals.contact_erased.send("consultation_contact", contact=contact)
    verification.erase(contact)


def purge_expired(today: date | None = None) -> int:
    """The retention period: a year (CONSULTATION_KEEP_DAYS) after a consultation closes, the comments of contacts
    that commented on it and on no consultation closing later lose their names and groups, and their texts unless
    published (the public already read them); the address goes too unless another form still uses it (the one rule of
    ``verification.erase_unless_in_use``: a suggestion sent within the year keeps it). Contacts that never verified
    are erased after a day. Returns how many contacts."""
    since = verification.kept_since(today)
    tid = current_tenant_id()
    latest = (select(Comment.author_contact_id, func.max(Consultation.closes_on).label("last"))
              .join(Consultation, (Consultation.tenant_id == Comment.tenant_id)
                    & (Consultation.id == Comment.consultation_id))
              .where(Comment.tenant_id == tid, Comment.author_contact_id.is_not(None))
              .group_by(Comment.author_contact_id).subquery())
    old = db.session.scalars(select(Contact).join(latest, latest.c.author_contact_id == Contact.id).where(
        Contact.tenant_id == tid, latest.c.last < since, ~Contact.address.like("erased-%"))).all()
    stale = db.session.scalars(select(Contact).where(
        Contact.tenant_id == tid, Contact.verified_at.is_(None), ~Contact.address.like("erased-%"),
        Contact.created_at < datetime.now(UTC) - timedelta(days=1))).all()
    for contact in old:
        verification.blank_authored(Comment, Comment.author_contact_id, contact, published_text_stays=True)
    verification.erase_unless_in_use([*old, *stale], since)
    refresh_count()
    return len({*old, *stale})


def content_kinds() -> tuple[content.Kind, ...]:
    """The forum's translators translate consultations (title, questions, "what we heard", the final text) as a list
    (core/content.py; bound in webapp/wiring.py); every consultation is public."""
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import true

    return (content.Kind("consultation", _l("Public consultations"), Consultation, SHOWN,
                         readable=lambda _reader: true()),)
