"""A forum's home page (members only): what is mine, in a fixed number of statements whatever the number of rows.

Each section is one branch of a UNION ALL with its own ORDER BY and LIMIT; the outer ORDER BY keeps the sections
and the rows inside them in a stable order between visits.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from tenants.context import current_tenant_id
from tenants.rls import prebuilt
from webapp.actions.models import ActionItem
from webapp.actions.visibility import Reader, owns_shape_sql, readable_shape_sql, readable_sql
from webapp.core import visibility as vis
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting, Minutes
from webapp.meetings.outcomes.queries import approvable_sql
from webapp.members.models import Member
from webapp.proposals.models import Proposal, ProposalAnswer

APPROVERS = ("chair", "vice_chair", "member", "alternate", "secretariat")  # who may reach the approve route
SECTIONS = ("next", "due", "approve", "proposals", "outcomes", "announce", "circulate", "support", "overdue")
DUE_STATUSES = ("done", "dropped")  # an item in one of these no longer waits for its owner
DUE_LIMIT = 10


@dataclass(frozen=True)
class Row:
    """One line of a section: a meeting (with my answer, or a count), or a bare count."""

    kind: str
    meeting_id: int | None
    title: str | None
    start_at: datetime | None
    status: str | None
    rsvp: str | None
    n: int
    day: date | None = None  # an action item's due date ("due" rows)


def _branch(kind: str, sort, meeting_id, title, start_at, status, rsvp, n, day=None):  # noqa: ANN001, ANN202, PLR0913
    return select(literal(kind, String).label("kind"), cast(sort, Float).label("sort"),
                  cast(meeting_id, BigInteger).label("meeting_id"), cast(title, String).label("title"),
                  cast(start_at, DateTime(timezone=True)).label("start_at"), cast(status, String).label("status"),
                  cast(rsvp, String).label("rsvp"), cast(n, Integer).label("n"),
                  cast(null() if day is None else day, Date).label("day"))


def _epoch(column):  # noqa: ANN001, ANN202
    return extract("epoch", column)


def _union(*branches) -> Select:  # noqa: ANN002
    u = union_all(*branches).subquery()
    rank = func.array_position(literal(list(SECTIONS)), u.c.kind)
    return select(u).order_by(rank, u.c.sort, u.c.meeting_id)


def _rows(stmt: Select, params: dict[str, Any] | None = None) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {kind: [] for kind in SECTIONS}
    for r in db.session.execute(stmt, params):
        out[r.kind].append(Row(r.kind, r.meeting_id, r.title, r.start_at, r.status, r.rsvp, r.n, r.day))
    return out


def _run(*branches) -> dict[str, list[Row]]:  # noqa: ANN002
    return _rows(_union(*branches))


def mine(member: Member, reader: Reader, now: datetime, due_by: date, limit: int = 5, *,  # noqa: PLR0913
         outcomes: bool = True) -> dict[str, list[Row]]:
    """One statement: my next meetings with my answer, the open action items I (or my seat's organisation) own due
    by ``due_by``, overdue first (``meeting_id`` is the item's id, ``day`` its due date, at most ``DUE_LIMIT``),
    minutes I may approve, open proposals my seat (or the seat I stand in for) has not answered (``meeting_id`` is
    the proposal's id, ``start_at`` its deadline), the latest published outcomes (not with ``outcomes=False``: the
    page has them from its shared part); each what ``reader`` may see (webapp/core/visibility.py), drafts for no one.

    The statement is built once per shape (``_mine_statement``) and run with this member's values (issue 43). The
    action items were a statement of their own, built per request, until the second half of issue 43."""
    stmt = _mine_statement(reader.level, member.role, member.alternate_of_id is not None,
                           reader.organisation_id is not None, outcomes, limit)
    return _rows(stmt, {"mine_tid": current_tenant_id(), "mine_me": member.id, "mine_now": now,
                        "mine_alt": member.alternate_of_id, "mine_owner": reader.member_id,
                        "mine_org": reader.organisation_id, "mine_due": due_by})



@functools.lru_cache(maxsize=128)
def _mine_statement(level: str, role: str | None, alternate: bool, seated: bool, outcomes: bool,  # noqa: PLR0913
                    limit: int) -> Select:
    """``mine``'s UNION ALL for one shape: the reader's level (all the visibility rule reads of a reader here), the
    member's role (who may approve), whether they stand in for a seat, whether they hold a seat for an organisation
    (its actions are theirs too), whether the outcomes are read, the limit. Every value of a member or a forum is a
    ``bindparam`` given at execution (``mine_tid``, ``mine_me``, ``mine_alt``, ``mine_owner``, ``mine_org``,
    ``mine_now``, ``mine_due``): the statement holds nothing of the reader it was first built for, and is marked
    ``rls.prebuilt`` (its cache key memoized, not walked per request)."""
    reader = Reader(level)
    tid, me, now = bindparam("mine_tid"), bindparam("mine_me"), bindparam("mine_now")
    owner, org = bindparam("mine_owner"), bindparam("mine_org") if seated else None  # owner None: owns nothing
    due = (_branch("due", _epoch(ActionItem.due_on), ActionItem.id, ActionItem.title, null(), ActionItem.status,
                   null(), 0, ActionItem.due_on)
           .where(ActionItem.tenant_id == tid, owns_shape_sql(owner, org), readable_shape_sql(level, owner, org),
                  ActionItem.status.not_in(DUE_STATUSES), ActionItem.due_on <= bindparam("mine_due"))
           .order_by(ActionItem.due_on, ActionItem.id).limit(DUE_LIMIT))
    seen = and_(Meeting.tenant_id == tid, vis.meeting_sql(reader, Meeting.visibility, Meeting.status),
                Meeting.status != "draft")
    nxt = (_branch("next", _epoch(Meeting.start_at), Meeting.id, Meeting.title, Meeting.start_at, Meeting.status,
                   Invitation.rsvp, 0)
           .select_from(Meeting)
           .join(Invitation, and_(Invitation.tenant_id == Meeting.tenant_id, Invitation.meeting_id == Meeting.id,
                                  Invitation.member_id == me))
           .where(seen, Meeting.end_at >= now).order_by(Meeting.start_at, Meeting.id).limit(20))
    approve = (_branch("approve", _epoch(Meeting.start_at), Meeting.id, Meeting.title, Meeting.start_at,
                       Meeting.status, null(), 0)
               .select_from(Meeting)
               .join(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id))
               .where(seen, Minutes.status == "circulated",
                      vis.minutes_sql(reader, Minutes.visibility, Minutes.status, Meeting.visibility),
                      approvable_sql(SimpleNamespace(role=role), member_id=me, tid=tid) if role in APPROVERS
                      else literal(False))
               .order_by(Meeting.start_at, Meeting.id).limit(limit))
    seats = [me] + ([bindparam("mine_alt")] if alternate else [])
    proposals = (_branch("proposals", _epoch(Proposal.deadline), Proposal.id, Proposal.title, Proposal.deadline,
                         Proposal.reference, null(), 0)
                 .select_from(Proposal)
                 .join(ProposalAnswer, and_(ProposalAnswer.tenant_id == Proposal.tenant_id,
                                            ProposalAnswer.proposal_id == Proposal.id))
                 .where(Proposal.tenant_id == tid, Proposal.status == "open", Proposal.deadline >= now,
                        vis.proposal_sql(reader, Proposal.visibility), ProposalAnswer.member_id.in_(seats),
                        ProposalAnswer.answer.is_(None))
                 .order_by(Proposal.deadline, Proposal.id).limit(limit))
    if not outcomes:
        return prebuilt(_union(nxt, due, approve, proposals))
    published = func.coalesce(Meeting.outcomes_published_at, Meeting.start_at)
    latest = (_branch("outcomes", -_epoch(published), Meeting.id, Meeting.title, Meeting.start_at,
                        Meeting.status, null(), 0)
                .where(seen, Meeting.status == "outcomes_published")
                .order_by(published.desc(), Meeting.id.desc()).limit(limit))
    return prebuilt(_union(nxt, due, approve, proposals, latest))


def staff_todos(now: datetime, today: date, limit: int = 5) -> dict[str, list[Row]]:
    """One statement: meetings to announce, minutes to circulate, open support requests, overdue action items."""
    tid = current_tenant_id()
    announce = (_branch("announce", _epoch(Meeting.start_at), Meeting.id, Meeting.title, Meeting.start_at,
                        Meeting.status, null(), 0)
                .where(Meeting.tenant_id == tid, Meeting.status == "draft", Meeting.notified_at.is_(None),
                       Meeting.end_at >= now)
                .order_by(Meeting.start_at, Meeting.id).limit(limit))
    circulate = (_branch("circulate", _epoch(Meeting.start_at), Meeting.id, Meeting.title, Meeting.start_at,
                         Meeting.status, null(), 0)
                 .select_from(Meeting)
                 .join(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id))
                 .where(Meeting.tenant_id == tid, Minutes.status == "draft", Meeting.status != "cancelled",
                        or_(Meeting.status == "held", Meeting.end_at < now))
                 .order_by(Meeting.start_at, Meeting.id).limit(limit))
    requests = func.count(Invitation.id)
    support = (_branch("support", _epoch(Meeting.start_at), Meeting.id, Meeting.title, Meeting.start_at,
                       Meeting.status, null(), requests)
               .select_from(Meeting)
               .join(Invitation, and_(Invitation.tenant_id == Meeting.tenant_id, Invitation.meeting_id == Meeting.id))
               .where(Meeting.tenant_id == tid, Invitation.support_status == "requested",
                      Meeting.status != "cancelled", Meeting.end_at >= now)
               .group_by(Meeting.tenant_id, Meeting.id).order_by(Meeting.start_at, Meeting.id).limit(limit))
    overdue = (_branch("overdue", 0, null(), null(), null(), null(), null(), func.count())
               .select_from(ActionItem)
               .where(ActionItem.tenant_id == tid, readable_sql(Reader.staff()), ActionItem.due_on < today,
                      ActionItem.status.not_in(DUE_STATUSES)))
    return _run(announce, circulate, support, overdue)
