"""Reads for comments: the draft a reader may comment on (under the one rule by reader of webapp/core/visibility.py),
its comments with their authors' names (one statement whatever their number), and the page's paragraphs with the
comments anchored to each."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from tenants.context import current_tenant_id
from webapp.comments import anchors
from webapp.comments.models import Comment
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings import queries as meeting_queries
from webapp.meetings.models import Minutes, MinutesVersion
from webapp.meetings.outcomes.markdown import render_markdown
from webapp.members.models import Member
from webapp.proposals import queries as proposal_queries


@dataclass(frozen=True)
class Draft:
    """A text that takes comments, as one reader may see it."""

    kind: str  # models.TARGETS
    target_id: int
    title: str
    text: str  # Markdown, as it stands now
    version: int  # the number of the version now circulated (0: none yet)
    open: bool  # takes new comments
    versioned: bool  # minutes are circulated in versions; a proposal's text is one version

    @property
    def paragraphs(self) -> list[str]:
        return anchors.paragraphs(self.text)


def _minutes(meeting_id: int, reader: Reader) -> Draft | None:
    m = meeting_queries.meeting(meeting_id, reader)
    minutes = db.session.scalar(select(Minutes).where(Minutes.tenant_id == current_tenant_id(),
                                                      Minutes.meeting_id == meeting_id)) if m else None
    if m is None or minutes is None or not vis.sees_minutes(reader, minutes.visibility, minutes.status, m.visibility):
        return None
    number = db.session.scalar(select(func.max(MinutesVersion.number)).where(
        MinutesVersion.tenant_id == current_tenant_id(), MinutesVersion.minutes_id == minutes.id)) or 0
    return Draft("minutes", m.id, m.title, minutes.body_md, number, minutes.status == "circulated", True)


def _proposal(proposal_id: int, reader: Reader) -> Draft | None:
    p = proposal_queries.proposal(proposal_id, reader)
    if p is None:
        return None
    return Draft("proposal", p.id, p.title, p.text, 1, p.status == "open", False)


def draft(kind: str, target_id: int, reader: Reader) -> Draft | None:
    """The draft if the reader may read it (else None: the page answers 404, as for another forum's)."""
    loader = {"minutes": _minutes, "proposal": _proposal}.get(kind)
    return loader(target_id, reader) if loader else None


@dataclass(frozen=True)
class Row:
    comment: Comment
    author: str
    answered_by: str | None


def comments(d: Draft, reader: Reader) -> list[Row]:
    """The draft's comments the reader may see (held ones only for the staff and their author), oldest first."""
    author, by = aliased(Member), aliased(Member)
    stmt = (select(Comment, author.name, by.name)
            .outerjoin(author, (author.tenant_id == Comment.tenant_id) & (author.id == Comment.author_member_id))
            .outerjoin(by, (by.tenant_id == Comment.tenant_id) & (by.id == Comment.answered_by_id))
            .where(Comment.tenant_id == current_tenant_id(), Comment.target_kind == d.kind,
                   Comment.target_id == d.target_id).order_by(Comment.created_at, Comment.id))
    if not reader.sees_restricted:
        stmt = stmt.where((Comment.moderation == "visible") | (Comment.author_member_id == reader.member_id))
    return [Row(c, a or "", b) for c, a, b in db.session.execute(stmt)]


def comment(comment_id: int) -> Comment | None:
    return db.session.scalar(select(Comment).where(Comment.tenant_id == current_tenant_id(), Comment.id == comment_id))


@dataclass(frozen=True)
class SendBack:
    """The approver's "send back" on one version of the minutes: a thread among the comments, with its version."""

    version: int
    comments: str
    by: str | None
    at: object


def send_backs(d: Draft) -> list[SendBack]:
    if d.kind != "minutes":
        return []
    rows = db.session.execute(
        select(MinutesVersion.number, MinutesVersion.comments, Member.name, MinutesVersion.returned_at)
        .join(Minutes, (Minutes.tenant_id == MinutesVersion.tenant_id) & (Minutes.id == MinutesVersion.minutes_id))
        .outerjoin(Member, (Member.tenant_id == MinutesVersion.tenant_id)
                   & (Member.id == MinutesVersion.returned_by_id))
        .where(MinutesVersion.tenant_id == current_tenant_id(), Minutes.meeting_id == d.target_id,
               MinutesVersion.comments.is_not(None)).order_by(MinutesVersion.number))
    return [SendBack(n, text, name, at) for n, text, name, at in rows]


@dataclass
class Anchored:
    row: Row
    changed: bool  # the paragraph was edited since the comment was written


@dataclass
class Paragraph:
    index: int
    html: Markup
    comments: list[Anchored] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    paragraphs: list[Paragraph]
    whole: list[Anchored]  # on the whole text, or whose paragraph is gone


def page(d: Draft, rows: list[Row]) -> Page:
    """The draft's paragraphs, each with the comments anchored to it in this version (webapp/comments/anchors.py)."""
    texts = d.paragraphs
    paras = [Paragraph(i, Markup(render_markdown(t))) for i, t in enumerate(texts)]  # noqa: S704  (sanitised)
    whole: list[Anchored] = []
    for row in rows:
        c = row.comment
        place = anchors.locate(c.anchor_text, c.anchor_position, texts)
        if place.index is None:
            whole.append(Anchored(row, place.changed))
        else:
            paras[place.index].comments.append(Anchored(row, place.changed))
    return Page(paras, whole)
