"""Who may read an action item: the items' part of the one rule by reader (webapp/core/visibility.py), as a SQL
expression for lists and as Python for one item.

An item is seen no wider than the strictest of
- its own visibility,
- its plan's,
- for an item born of a decision: that decision's, and its parent's: its meeting (a decision is seen no wider than
  its meeting, and by the public only once the meeting's outcomes are published, as on the public outcome pages),
  or its proposal for a decision taken between meetings (no wider than the proposal, public once it is closed).

Whoever owns the item reads it whatever that gives: the member named as owner, and for an organisation's item
the organisation's seated members (an active member of it with a voting role; observers hold no seat).
Levels are ordered public < members < restricted (restricted: secretariat and chairs). Changing a plan's or a
decision's visibility later never widens an item beyond its own setting: reads take the strictest.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, false, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from webapp.actions.models import ActionItem, ActionPlan
from webapp.core.visibility import LEVELS, RANK, SEATED_ROLES, Reader, rank, sees_item, strictest, wider
from webapp.meetings.models import Decision, Meeting
from webapp.proposals.models import Proposal

__all__ = ["LEVELS", "RANK", "SEATED_ROLES", "Reader", "rank", "strictest", "wider", "effective_rank_sql",
           "effective_sql", "owns_sql", "readable_sql", "readable_shape_sql", "effective", "owns", "may_read",
           "as_reader"]
PUBLISHED = "outcomes_published"


# --- SQL ------------------------------------------------------------------------------------------------------

def _rank_sql(column: Any) -> ColumnElement[int]:  # noqa: ANN401
    return case((column == "public", 0), (column == "members", 1), else_=2)


def effective_rank_sql() -> ColumnElement[int]:
    """0 public, 1 members, 2 restricted: the item's effective level, correlated to ``ActionItem`` (no join needed,
    so any list of items keeps its one query)."""
    plan = (select(_rank_sql(ActionPlan.visibility))
            .where(ActionPlan.tenant_id == ActionItem.tenant_id, ActionPlan.id == ActionItem.plan_id)
            .correlate(ActionItem).scalar_subquery())
    # a decision's parent is a meeting (its outcomes published) or a proposal (closed: its outcome is known)
    origin = (select(func.greatest(
        _rank_sql(Decision.visibility),
        case((Meeting.id.is_not(None), _rank_sql(Meeting.visibility)), else_=_rank_sql(Proposal.visibility)),
        case((Meeting.status == PUBLISHED, 0), (and_(Meeting.id.is_(None), Proposal.status == "closed"), 0),
             else_=1)))
              .select_from(Decision)
              .outerjoin(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
              .outerjoin(Proposal, and_(Proposal.tenant_id == Decision.tenant_id, Proposal.id == Decision.proposal_id))
              .where(Decision.tenant_id == ActionItem.tenant_id, Decision.id == ActionItem.origin_decision_id)
              .correlate(ActionItem).scalar_subquery())
    return func.greatest(_rank_sql(ActionItem.visibility), func.coalesce(plan, 2),
                         case((ActionItem.origin_decision_id.is_(None), 0), else_=func.coalesce(origin, 2)))


def effective_sql() -> ColumnElement[str]:
    """The effective level as its name (one of VISIBILITIES)."""
    r = effective_rank_sql()
    return case((r == 0, LEVELS[0]), (r == 1, LEVELS[1]), else_=LEVELS[2])


def owns_sql(reader: Reader) -> ColumnElement[bool]:
    return owns_shape_sql(reader.member_id, reader.organisation_id)


def owns_shape_sql(member_id: Any, organisation_id: Any) -> ColumnElement[bool]:  # noqa: ANN401 - ids or bindparams
    conditions = []
    if member_id is not None:
        conditions.append(ActionItem.owner_member_id == member_id)
    if organisation_id is not None:
        conditions.append(ActionItem.owner_organisation_id == organisation_id)
    return or_(*conditions) if conditions else false()


def readable_sql(reader: Reader) -> ColumnElement[bool]:
    """The WHERE clause for every list of items a reader sees."""
    return readable_shape_sql(reader.level, reader.member_id, reader.organisation_id)


def readable_shape_sql(level: str, member_id: Any, organisation_id: Any) -> ColumnElement[bool]:  # noqa: ANN401
    """``readable_sql`` for a statement built once (issue 43): the reader's ids may be ``bindparam``s, given at
    execution, so the statement holds nothing of one reader (None: the reader has no such id)."""
    if rank(level) >= RANK["restricted"]:
        return true()  # the secretariat and chairs see every item: no need to work out the levels
    return or_(effective_rank_sql() <= rank(level), owns_shape_sql(member_id, organisation_id))


# --- Python, for one item -------------------------------------------------------------------------------------

def effective(item_visibility: str, plan_visibility: str, decision: Decision | None = None,
              meeting: Meeting | None = None, proposal: Proposal | None = None) -> str:
    """The same rule as ``effective_sql`` for objects already loaded (a decision's parent is needed with it: its
    meeting, or its proposal for a decision taken between meetings)."""
    levels = [item_visibility, plan_visibility]
    if decision is not None:
        levels.append(decision.visibility)
        parent = proposal if decision.meeting_id is None else meeting
        levels.append(parent.visibility if parent is not None else "restricted")
        published = (meeting.status == PUBLISHED) if isinstance(parent, Meeting) else \
            (parent is not None and parent.status == "closed")
        if parent is not None and not published:
            levels.append("members")
    return strictest(*levels)


def owns(item: ActionItem, reader: Reader) -> bool:
    return (reader.member_id is not None and item.owner_member_id == reader.member_id) or \
        (reader.organisation_id is not None and item.owner_organisation_id == reader.organisation_id)


def may_read(item: ActionItem, plan: ActionPlan, reader: Reader, decision: Decision | None = None,
             meeting: Meeting | None = None, proposal: Proposal | None = None) -> bool:
    return sees_item(reader, effective(item.visibility, plan.visibility, decision, meeting, proposal),
                     owns(item, reader))


def as_reader(who: Reader | tuple[str, ...]) -> Reader:
    """A Reader, or the older form, a tuple of levels (its widest level, owning nothing)."""
    if isinstance(who, Reader):
        return who
    return Reader(LEVELS[max((rank(level) for level in who), default=0)] if who else "public")
