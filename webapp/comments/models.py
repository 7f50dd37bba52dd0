"""One comment model for every draft (issue 37): what it is anchored to, who wrote it, the text, the secretariat's
answer and the version that took it in.

The anchor is the paragraph's text as the author read it, its place in that version and the version's number:
webapp/comments/anchors.py finds it again in a later version (the same text, or the closest paragraph with "the
paragraph changed"). An author is a member today; ``author_contact_id`` and ``moderation`` are kept for the public
consultation (a verified contact writes, the secretariat moderates before the comment shows): exactly one author
is named, and a member's comment shows at once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKeyConstraint, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from tenants.models import TenantScoped
from webapp.extensions import db

TARGETS = ("minutes", "proposal")  # draft minutes (by meeting id) and a proposal's text
ANSWERS = ("accepted", "declined", "answered")
MODERATION = ("visible", "held", "hidden")  # members' comments are visible; the public consultation holds its own


def _in(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    check = "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))
    return f"{column} IS NULL OR {check}" if nullable else check


class Comment(TenantScoped, db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "author_member_id"], ["members.tenant_id", "members.id"]),
        ForeignKeyConstraint(["tenant_id", "answered_by_id"], ["members.tenant_id", "members.id"]),
        CheckConstraint(_in("target_kind", TARGETS), name="target_kind"),
        CheckConstraint(_in("answer", ANSWERS, nullable=True), name="answer"),
        CheckConstraint(_in("moderation", MODERATION), name="moderation"),
        CheckConstraint("num_nonnulls(author_member_id, author_contact_id) = 1", name="one_author"),
        CheckConstraint("answer IS DISTINCT FROM 'declined' OR length(answer_text) > 0", name="declined_reason"),
        Index("ix_comments_target", "tenant_id", "target_kind", "target_id", "created_at"),
        Index("ix_comments_consultation", "tenant_id", "consultation_id", "moderation"),
    )

    target_kind: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[int] = mapped_column(BigInteger)  # the meeting (its minutes) or the proposal
    version: Mapped[int] = mapped_column(Integer, default=1)  # the version the author read
    anchor_position: Mapped[int | None] = mapped_column(Integer)  # the paragraph's place in that version; None: all
    anchor_text: Mapped[str] = mapped_column(Text, default="")  # the paragraph as the author read it
    author_member_id: Mapped[int | None] = mapped_column(BigInteger)
    author_contact_id: Mapped[int | None] = mapped_column(BigInteger)  # a verified contact (public consultation)
    body: Mapped[str] = mapped_column(Text)
    moderation: Mapped[str] = mapped_column(String(8), default="visible", server_default="visible")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    answer: Mapped[str | None] = mapped_column(String(10))
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(BigInteger)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    taken_in_version: Mapped[int | None] = mapped_column(Integer)  # an accepted comment: the version that takes it in
    # a public comment (issue 42, webapp/consultations): the consultation, the name shown to the public (None:
    # anonymous to the public, never to the secretariat, which sees the verified contact), the group the author
    # speaks for, the language they wrote in, why it was declined, how many readers reported it
    consultation_id: Mapped[int | None] = mapped_column(BigInteger)
    public_name: Mapped[str | None] = mapped_column(String(120))
    speaks_for: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(10))
    decline_reason: Mapped[str | None] = mapped_column(String(20))
    reports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
