"""Reads for decisions, minutes and published outcomes (fixed query counts)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from tenants.context import current_tenant, current_tenant_id
from webapp.core.content import ContentTranslation
from webapp.core.permissions import COMMITTEE_CHAIRS, is_forum_chair, leads_committee
from webapp.core.visibility import Reader, decision_sql, level_sql, public_sql
from webapp.extensions import db
from webapp.meetings.models import Decision, DecisionPosition, Invitation, Meeting, Minutes, MinutesVersion
from webapp.meetings.quorum import QuorumResult, Seat, quorum
from webapp.members.models import CommitteeMember, Member, Organisation


def decision(meeting_id: int, decision_id: int) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.tenant_id == current_tenant_id(),
                                                    Decision.meeting_id == meeting_id, Decision.id == decision_id))


def positions(decision_ids: list[int]) -> dict[int, dict[str, str]]:
    if not decision_ids:
        return {}
    out: dict[int, dict[str, str]] = {}
    for did, constituency, position in db.session.execute(
            select(DecisionPosition.decision_id, DecisionPosition.constituency, DecisionPosition.position)
            .where(DecisionPosition.tenant_id == current_tenant_id(), DecisionPosition.decision_id.in_(decision_ids))):
        out.setdefault(did, {})[constituency] = position
    return out


def minutes(meeting_id: int) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.tenant_id == current_tenant_id(),
                                                   Minutes.meeting_id == meeting_id))


def versions(minutes_id: int) -> list[tuple[MinutesVersion, str | None, str | None]]:
    """The minutes' versions, newest first, each with who circulated it and who sent it back (one statement)."""
    tid = current_tenant_id()
    circulator, returner = aliased(Member), aliased(Member)
    rows = db.session.execute(
        select(MinutesVersion, circulator.name, returner.name)
        .outerjoin(circulator, and_(circulator.tenant_id == MinutesVersion.tenant_id,
                                    circulator.id == MinutesVersion.circulated_by_id))
        .outerjoin(returner, and_(returner.tenant_id == MinutesVersion.tenant_id,
                                  returner.id == MinutesVersion.returned_by_id))
        .where(MinutesVersion.tenant_id == tid, MinutesVersion.minutes_id == minutes_id)
        .order_by(MinutesVersion.number.desc()))
    return [(v, by, back) for v, by, back in rows]


def published(limit: int = 20, offset: int = 0,
              meeting_id: int | None = None) -> list[tuple[Meeting, Minutes | None]]:
    """Public meetings whose outcomes are published, newest first, with their minutes when approved and public."""
    tid = current_tenant_id()
    stmt = (select(Meeting, Minutes)
            .outerjoin(Minutes, and_(Minutes.tenant_id == Meeting.tenant_id, Minutes.meeting_id == Meeting.id,
                                     Minutes.status == "approved", public_sql(Minutes.visibility)))
            .where(Meeting.tenant_id == tid, public_sql(Meeting.visibility), Meeting.status == "outcomes_published"))
    if meeting_id is not None:
        stmt = stmt.where(Meeting.id == meeting_id)
    stmt = stmt.order_by(Meeting.start_at.desc(), Meeting.id.desc()).limit(limit).offset(offset)
    return [(m, n) for m, n in db.session.execute(stmt)]


def public_decisions(meeting_ids: list[int]) -> dict[int, list[Decision]]:
    if not meeting_ids:
        return {}
    out: dict[int, list[Decision]] = {}
    for d in db.session.scalars(select(Decision).where(
            Decision.tenant_id == current_tenant_id(), Decision.meeting_id.in_(meeting_ids),
            public_sql(Decision.visibility)).order_by(Decision.id)):
        out.setdefault(d.meeting_id, []).append(d)
    return out


def decisions_by_id(ids: list[int], reader: Reader) -> list[Decision]:
    """Those of the decisions ``ids`` the reader may see: a meeting's no wider than their meeting (a decision taken
    between meetings by its own level here: proposals sit above meetings; their callers are the secretariat's)."""
    if not ids:
        return []
    meeting_of_decision = and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id)
    return list(db.session.scalars(select(Decision).outerjoin(Meeting, meeting_of_decision).where(
        Decision.tenant_id == current_tenant_id(), Decision.id.in_(ids),
        decision_sql(reader, Decision.visibility, func.coalesce(Meeting.visibility, Decision.visibility)))))


def approvable_sql(member, member_id: Any = None, tid: Any = None) -> ColumnElement[bool]:  # noqa: ANN001, ANN401
    """The rule of ``outcomes.services.may_approve`` as a WHERE clause on ``Meeting``: the forum chair approves any
    minutes; otherwise a chair or co-chair of the meeting's committee. Keep the two in step. A statement built once
    (home.queries.mine) passes ``bindparam``s as ``member_id`` and ``tid``: then only ``member.role`` is read."""
    if is_forum_chair(member):
        return true()
    seats = select(CommitteeMember.committee_id).where(
        CommitteeMember.tenant_id == (current_tenant_id() if tid is None else tid),
        CommitteeMember.member_id == (member.id if member_id is None else member_id),
        CommitteeMember.role.in_(COMMITTEE_CHAIRS))
    return Meeting.committee_id.in_(seats)


def decisions_for_page(meeting_id: int, reader: Reader, locale: str) -> tuple[
        list[Decision], dict[tuple[int, str], str], dict[int, dict[str, str]]]:
    """The meeting page's decisions in one statement: each with its text in ``locale`` (if translated) and the
    constituencies' positions; returns (decisions, {(id, "text"): translation}, {id: {constituency: position}})."""
    tid = current_tenant_id()
    translated = (select(ContentTranslation.text).where(
        ContentTranslation.tenant_id == tid, ContentTranslation.object_type == "decision",
        ContentTranslation.object_id == Decision.id, ContentTranslation.field == "text",
        ContentTranslation.locale == locale).correlate(Decision).scalar_subquery())
    stances = (select(func.json_object_agg(DecisionPosition.constituency, DecisionPosition.position)).where(
        DecisionPosition.tenant_id == tid, DecisionPosition.decision_id == Decision.id)
        .correlate(Decision).scalar_subquery())
    rows = db.session.execute(select(Decision, translated, stances).where(
        Decision.tenant_id == tid, Decision.meeting_id == meeting_id,
        level_sql(reader, Decision.visibility))  # sees_decision: the page's meeting is one the reader sees
        .order_by(Decision.created_at, Decision.id)).all()
    return ([d for d, _t, _p in rows], {(d.id, "text"): t for d, t, _p in rows if t is not None},
            {d.id: p for d, _t, p in rows if p})


def quorum_for(meeting: Meeting) -> QuorumResult:
    """Voting members present against the forum's quorum share of the committee's voting members (DESIGN.md):
    the committee's seated members, present if they attended, plus invited alternates who may stand in for an
    absent titular. Guests do not change the bar. A committee with no seats falls back on the invitees."""
    tid = current_tenant_id()
    constituency = func.coalesce(Member.constituency, Organisation.constituency)
    org_join = and_(Organisation.tenant_id == Member.tenant_id, Organisation.id == Member.organisation_id)
    invitation_join = and_(Invitation.tenant_id == Member.tenant_id, Invitation.member_id == Member.id,
                           Invitation.meeting_id == meeting.id)
    seated = select(CommitteeMember.member_id).where(CommitteeMember.tenant_id == tid,
                                                     CommitteeMember.committee_id == meeting.committee_id)
    has_seats = db.session.scalar(select(seated.exists()))
    stmt = (select(Member.id, Member.role, constituency, Member.alternate_of_id,
                   func.coalesce(Invitation.attended, False))
            .outerjoin(Invitation, invitation_join).outerjoin(Organisation, org_join)
            .where(Member.tenant_id == tid))
    over = meeting.end_at < datetime.now(UTC) or meeting.status in ("held", "outcomes_published")
    snapshot = over and db.session.scalar(select(exists().where(
        Invitation.tenant_id == tid, Invitation.meeting_id == meeting.id, Invitation.seated)))
    if snapshot:  # the committee as it stood when the invitations were made: later changes do not rewrite it
        stmt = stmt.where(Invitation.member_id.is_not(None),
                          or_(Invitation.seated, Member.role == "alternate"))
    elif has_seats:
        stmt = stmt.where(or_(and_(Member.id.in_(seated), Member.active),
                              and_(Member.role == "alternate", Invitation.member_id.is_not(None))))
    else:
        stmt = stmt.where(Invitation.member_id.is_not(None))
    rows = db.session.execute(stmt).all()
    tenant = current_tenant()
    return quorum([Seat(mid, role, constituency, bool(present), alternate_of)
                   for mid, role, constituency, alternate_of, present in rows],
                  share=float(tenant.setting("quorum_share") or 0.5), core=tenant.setting("core_constituencies") or (),
                  require_each_core=bool(tenant.setting("quorum_requires_each_core")))


def may_approve(member: Member, meeting: Meeting) -> bool:
    """The forum chair, or a chair or co-chair of the meeting's committee (as SQL: outcomes.queries.approvable_sql)."""
    if is_forum_chair(member):
        return True
    seat = db.session.get(CommitteeMember, (current_tenant_id(), meeting.committee_id, member.id))
    return seat is not None and leads_committee(seat.role)
