"""Writing and answering comments on drafts (issue 37). Services flush, never commit."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from webapp.comments.models import ANSWERS, Comment
from webapp.comments.queries import Draft
from webapp.core import audit, signals
from webapp.core.service_errors import ServiceError
from webapp.extensions import db
from webapp.members.models import Member

MAX_LENGTH = 4000


class CommentError(ServiceError):
    """A comment or an answer refused: ``field`` and ``code`` say which and why."""


def add_comment(d: Draft, author: Member, position: int | None, body: str) -> Comment:
    """A member's comment on one paragraph (``position`` in the draft as it stands) or on the whole text."""
    body = (body or "").strip()
    if not d.open:
        raise CommentError("body", "closed")
    if not body:
        raise CommentError("body", "required")
    if len(body) > MAX_LENGTH:
        raise CommentError("body", "too_long")
    texts = d.paragraphs
    if position is not None and not 0 <= position < len(texts):
        raise CommentError("position", "invalid")
    c = Comment(target_kind=d.kind, target_id=d.target_id, version=max(d.version, 1), anchor_position=position,
                anchor_text=texts[position] if position is not None else "", author_member_id=author.id, body=body)
    db.session.add(c)
    db.session.flush()
    audit.record("commented", "comment", c.id, ["body"])
    return c


def answer_comment(d: Draft, c: Comment, by: Member, answer: str, text: str | None) -> Comment:
    """The secretariat's answer: accepted (the next version takes it in), declined with a reason, or answered."""
    text = (text or "").strip() or None
    if answer not in ANSWERS:
        raise CommentError("answer", "invalid")
    if answer == "declined" and not text:
        raise CommentError("answer_text", "reason_required")
    if answer == "answered" and not text:
        raise CommentError("answer_text", "required")
    c.answer, c.answer_text, c.answered_by_id, c.answered_at = answer, text, by.id, datetime.now(UTC)
    c.taken_in_version = d.version + 1 if answer == "accepted" and d.versioned else None
    db.session.flush()
    audit.record("answered", "comment", c.id, ["answer"])
    return c


@signals.member_erased.connect
def _erase_member(_sender: str, erasure: signals.Erasure) -> None:
    """Member erasure: the text of their comments goes (a dash stays, with the secretariat's answer, so that the
    thread still reads); the anchor and the answer stay."""
    db.session.execute(update(Comment).where(Comment.tenant_id == erasure.tenant_id,
                                             Comment.author_member_id == erasure.member_id).values(body="—"))
