"""Who was present at each meeting, kept on the meeting row (issue 23: counters kept with the rows they count).

``meetings.present_women``, ``present_men_or_another`` and ``present_constituencies`` (the distinct constituencies
of the members present, a member's own or else their organisation's) are what the chair dashboard's trends need;
reading them instead of joining every invitation of the year keeps the dashboard fast at 20,000 meetings.

They are recomputed from the invitations, in the same transaction, whenever anything they depend on changes
through the ORM: an invitation added, removed, or its ``attended`` or member changed (one by one or in a bulk
``update``/``delete``); a member's gender, constituency or organisation; an organisation's constituency.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.meetings.models import Invitation
from webapp.members.models import Member, Organisation

_REFRESH = """
UPDATE meetings AS m SET present_women = a.women, present_men_or_another = a.others, present_constituencies = a.cs
FROM (SELECT mt.tenant_id, mt.id,
             count(*) FILTER (WHERE mem.gender = 'woman') AS women,
             count(*) FILTER (WHERE mem.gender IN ('man', 'another')) AS others,
             coalesce(array_agg(DISTINCT coalesce(mem.constituency, o.constituency))
                      FILTER (WHERE coalesce(mem.constituency, o.constituency) IS NOT NULL), '{{}}') AS cs
      FROM meetings mt
      LEFT JOIN invitations i ON i.tenant_id = mt.tenant_id AND i.meeting_id = mt.id AND i.attended
      LEFT JOIN members mem ON mem.tenant_id = i.tenant_id AND mem.id = i.member_id
      LEFT JOIN organisations o ON o.tenant_id = mem.tenant_id AND o.id = mem.organisation_id
      WHERE {where}
      GROUP BY mt.tenant_id, mt.id) AS a
WHERE {pin}m.tenant_id = a.tenant_id AND m.id = a.id
"""
# the meetings a set of members attended (their gender or constituency changed)
_BY_MEMBERS = ("mt.tenant_id = :tid AND mt.id IN (SELECT meeting_id FROM invitations WHERE tenant_id = :tid "
               "AND attended AND member_id = ANY(:members))")
_BY_ORGANISATIONS = ("mt.tenant_id = :tid AND mt.id IN (SELECT i2.meeting_id FROM invitations i2 JOIN members m2 "
                     "ON m2.tenant_id = i2.tenant_id AND m2.id = i2.member_id WHERE i2.tenant_id = :tid "
                     "AND i2.attended AND m2.organisation_id = ANY(:orgs))")
REFRESH_ALL = _REFRESH.format(where="true", pin="")  # bench data and the migration's backfill (per forum under RLS)
_PIN = "m.tenant_id = :tid AND "  # the updated rows pinned to one forum too (Citus routes the UPDATE)
_INFO = "baraza_presence_changes"


def refresh(tenant_id: int, meeting_ids: Iterable[int]) -> None:
    ids = sorted(set(meeting_ids))
    if ids:
        db.session.execute(text(_REFRESH.format(where="mt.tenant_id = :tid AND mt.id = ANY(:ids)", pin=_PIN)),
                           {"tid": tenant_id, "ids": ids})


def _changed(obj: Any, *attrs: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs)


def _collect(session: Session, _ctx: Any, _instances: Any) -> None:
    """Before the flush: what the counters of which meetings depend on is about to change."""
    todo: dict[int, tuple[set[int], set[int], set[int]]] = session.info.setdefault(_INFO, {})

    def note(obj: Any, kind: int, value: int | None) -> None:
        tid = obj.tenant_id if obj.tenant_id is not None else current_tenant_id()
        if tid is not None and value is not None:
            todo.setdefault(tid, (set(), set(), set()))[kind].add(value)

    for obj in session.new:
        if isinstance(obj, Invitation) and obj.attended:
            note(obj, 0, obj.meeting_id)
    for obj in session.deleted:
        if isinstance(obj, Invitation):
            note(obj, 0, obj.meeting_id)
    for obj in session.dirty:
        if isinstance(obj, Invitation) and _changed(obj, "attended", "member_id"):
            note(obj, 0, obj.meeting_id)
        elif isinstance(obj, Member) and _changed(obj, "gender", "constituency", "organisation_id"):
            note(obj, 1, obj.id)
        elif isinstance(obj, Organisation) and _changed(obj, "constituency"):
            note(obj, 2, obj.id)


def _apply(session: Session, _ctx: Any) -> None:
    """After the flush, in the same transaction: the counters of those meetings, from the invitations."""
    todo = session.info.pop(_INFO, None)
    if not todo:
        return
    conn = session.connection()
    for tid, (meetings, members, orgs) in todo.items():
        if meetings:
            conn.execute(text(_REFRESH.format(where="mt.tenant_id = :tid AND mt.id = ANY(:ids)", pin=_PIN)),
                         {"tid": tid, "ids": sorted(meetings)})
        if members:
            conn.execute(text(_REFRESH.format(where=_BY_MEMBERS, pin=_PIN)), {"tid": tid, "members": sorted(members)})
        if orgs:
            conn.execute(text(_REFRESH.format(where=_BY_ORGANISATIONS, pin=_PIN)), {"tid": tid, "orgs": sorted(orgs)})


def _bulk(state: ORMExecuteState) -> Any:
    """A bulk ``update``/``delete`` of invitations (the flush never sees it): the meetings it touches are read
    first, the statement runs, then their counters are recomputed."""
    if not (state.is_update or state.is_delete) or not any(m.class_ is Invitation for m in state.all_mappers):
        return None
    tid = current_tenant_id()
    if tid is None:
        return None
    where = state.statement.whereclause
    ids = list(state.session.scalars(select(Invitation.meeting_id).where(Invitation.tenant_id == tid).where(
        *([where] if where is not None else [])).distinct()))
    result = state.invoke_statement()
    refresh(tid, ids)
    return result


def install() -> None:
    session_cls = db.session.session_factory.class_
    if not event.contains(session_cls, "before_flush", _collect):
        event.listen(session_cls, "before_flush", _collect)
        event.listen(session_cls, "after_flush_postexec", _apply)
        event.listen(session_cls, "do_orm_execute", _bulk)
