"""Reads for consultations: the open ones for the forum's public home, one consultation, its published comments (the
one rule of webapp/core/visibility.py: the public sees a public comment only once published) and the queue."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from tenants.context import current_tenant_id
from webapp.comments import anchors
from webapp.comments.models import Comment
from webapp.consultations.models import Consultation, Contact
from webapp.consultations.rules import needs_a_look
from webapp.core import content
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.meetings.outcomes.markdown import render_markdown


def consultation(consultation_id: int) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.tenant_id == current_tenant_id(),
                                                        Consultation.id == consultation_id))


def public_consultation(consultation_id: int) -> Consultation | None:
    """A consultation the public may read: open (within its period) or closed; not one whose period has not begun."""
    c = consultation(consultation_id)
    return c if c is not None and c.opens_on <= forum_today() else None


def open_ones() -> list[Consultation]:
    """Open for comment today, closing soonest first: the forum's public home lists them."""
    today = forum_today()
    return list(db.session.scalars(select(Consultation).where(
        Consultation.tenant_id == current_tenant_id(), Consultation.status == "open",
        Consultation.opens_on <= today, Consultation.closes_on >= today).order_by(Consultation.closes_on,
                                                                                    Consultation.id)))


def every_one() -> list[Consultation]:
    return list(db.session.scalars(select(Consultation).where(Consultation.tenant_id == current_tenant_id())
                                   .order_by(Consultation.id.desc())))


def published(c: Consultation, reader: Reader) -> list[Comment]:
    """The comments the reader may see on the consultation's page, oldest first."""
    return list(db.session.scalars(select(Comment).where(
        Comment.tenant_id == current_tenant_id(), Comment.consultation_id == c.id,
        vis.public_comment_sql(reader, Comment.moderation)).order_by(Comment.created_at, Comment.id)))


def published_comment(c: Consultation, comment_id: int) -> Comment | None:
    """A published comment of this consultation (the report button's), else None."""
    return db.session.scalar(select(Comment).where(
        Comment.tenant_id == current_tenant_id(), Comment.consultation_id == c.id, Comment.id == comment_id,
        vis.public_comment_sql(Reader.anyone(), Comment.moderation)))


def comment(c: Consultation, comment_id: int) -> Comment | None:
    return db.session.scalar(select(Comment).where(
        Comment.tenant_id == current_tenant_id(), Comment.consultation_id == c.id, Comment.id == comment_id))


def contact(contact_id: int | None) -> Contact | None:
    return db.session.scalar(select(Contact).where(Contact.tenant_id == current_tenant_id(), Contact.id == contact_id))


@dataclass(frozen=True)
class Queued:
    comment: Comment
    contact: str  # the verified e-mail or phone: the secretariat always knows who wrote
    flagged: bool  # links or long: look closely


def queue(c: Consultation) -> list[Queued]:
    """Every comment of the consultation for the secretariat: waiting first (reported ones at the top), then the
    rest, with the contact that verified."""
    rows = db.session.execute(select(Comment, Contact.address).outerjoin(
        Contact, (Contact.tenant_id == Comment.tenant_id) & (Contact.id == Comment.author_contact_id)).where(
        Comment.tenant_id == current_tenant_id(), Comment.consultation_id == c.id).order_by(
        (Comment.moderation != "held"), Comment.reports.desc(), Comment.created_at, Comment.id))
    return [Queued(cm, address or "", needs_a_look(cm.body)) for cm, address in rows]


def paragraphs(text: str | None) -> list[Markup]:
    """The text's paragraphs as sanitised HTML, in the order comments anchor to."""
    return [Markup(render_markdown(t)) for t in anchors.paragraphs(text or "")]  # noqa: S704  (sanitised)


def rendered(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # noqa: S704  (sanitised)


SHOWN = ("title", "question_1", "question_2", "heard", "final_text")  # what the forum's translators translate


def in_language(c: Consultation, locale: str, forum_locale: str) -> dict[str, str | None]:
    """The consultation's texts in the reader's language where translated (webapp/core/content.py), else as
    written, in one query."""
    table = content.translations("consultation", [c.id], locale) if locale != forum_locale else {}
    return {f: table.get((c.id, f)) or getattr(c, f) for f in SHOWN}
