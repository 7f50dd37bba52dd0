"""What happens in the room and after: attendance and quorum, minutes, decisions and positions,
published outcomes, decision reviews, search. Services flush, never commit."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import markdown
import nh3
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, literal, or_, select, union_all, update

from tenants.context import current_tenant
from webapp.core import audit
from webapp.core.service_errors import tenant_id_or
from webapp.extensions import db
from webapp.meetings.models import (
    POSITIONS,
    VISIBILITIES,
    AgendaItem,
    Decision,
    DecisionPosition,
    Invitation,
    Meeting,
    Minutes,
)
from webapp.meetings.quorum import QuorumResult, Seat, quorum
from webapp.meetings.services import MeetingError, set_translation
from webapp.members.models import CONSTITUENCIES, CommitteeMember, Member, Organisation
from webapp.notices import services as notices

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "table",
                "thead", "tbody", "tr", "th", "td", "a", "hr"}


def _tid() -> int:
    return tenant_id_or(MeetingError)


# --- attendance and quorum ------------------------------------------------------------------

def set_attendance(invitation: Invitation, present: bool) -> None:
    invitation.attended = present
    db.session.flush()
    audit.record("attendance", "meeting", invitation.meeting_id, ["attended"])


def quorum_for(meeting: Meeting) -> QuorumResult:
    """Voting members present against the forum's quorum share of the committee's voting members (DESIGN.md):
    the committee's seated members, present if they attended, plus invited alternates who may stand in for an
    absent titular. Guests do not change the bar. A committee with no seats falls back on the invitees."""
    from webapp.members.models import CommitteeMember

    tid = _tid()
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


def quorum_sentence(result: QuorumResult) -> str:
    text = _("Quorum reached: %(present)d of %(seats)d voting members present (%(needed)d needed).",
             present=result.present, seats=result.seats, needed=result.needed) if result.reached else \
        _("Quorum not reached: %(present)d of %(seats)d voting members present (%(needed)d needed).",
          present=result.present, seats=result.seats, needed=result.needed)
    if result.missing_core:
        text += " " + _("No one present for: %(constituencies)s.", constituencies=", ".join(result.missing_core))
    return text


# --- minutes --------------------------------------------------------------------------------

def render_markdown(body: str) -> str:
    """User-written Markdown to HTML, sanitised: no script, no style, no event handler, safe links only."""
    html = markdown.markdown(body or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")


def minutes_of(meeting: Meeting) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.tenant_id == _tid(), Minutes.meeting_id == meeting.id))


def save_minutes(meeting: Meeting, body_md: str, non_attributed: bool, visibility: str) -> Minutes:
    if visibility not in VISIBILITIES:
        raise MeetingError("visibility", "invalid")
    minutes = minutes_of(meeting)
    if minutes is None:
        minutes = Minutes(meeting_id=meeting.id)
        db.session.add(minutes)
    minutes.body_md, minutes.body_html = body_md, render_markdown(body_md)
    minutes.non_attributed, minutes.visibility = non_attributed, visibility
    if minutes.status == "approved":  # a change after approval needs a new approval
        minutes.status, minutes.approved_by, minutes.approved_at = "circulated", None, None
    db.session.flush()
    audit.record("updated", "minutes", minutes.id, ["body"])
    return minutes


def circulate_minutes(meeting: Meeting) -> int:
    minutes = minutes_of(meeting)
    if minutes is None or not minutes.body_md.strip():
        raise MeetingError("minutes", "empty")
    if minutes.status == "draft":
        minutes.status = "circulated"
    db.session.flush()
    audit.record("circulated", "minutes", minutes.id)
    from webapp.meetings.services import _notify_invitees

    return _notify_invitees(meeting, "minutes_circulated")


def may_approve(member: Member, meeting: Meeting) -> bool:
    """The forum chair, or a chair or co-chair of the meeting's committee (as SQL: outcomes.queries.approvable_sql)."""
    if member.role == "chair":
        return True
    seat = db.session.get(CommitteeMember, (_tid(), meeting.committee_id, member.id))
    return seat is not None and seat.role in ("chair", "co_chair")


def approve_minutes(meeting: Meeting, approver: Member) -> Minutes:
    minutes = minutes_of(meeting)
    if minutes is None or minutes.status == "draft":
        raise MeetingError("minutes", "not_circulated")
    if not may_approve(approver, meeting):
        raise MeetingError("minutes", "not_allowed")
    with force_locale(meeting.language):
        minutes.quorum_note = quorum_sentence(quorum_for(meeting))
    minutes.status, minutes.approved_by, minutes.approved_at = "approved", approver.name, datetime.now(UTC)
    if meeting.status == "notified":
        meeting.status = "held"
    db.session.flush()
    audit.record("approved", "minutes", minutes.id)
    return minutes


# --- decisions ------------------------------------------------------------------------------

def save_decision(meeting: Meeting, decision: Decision | None, *, text: str, agenda_item_id: int | None,
                  visibility: str | None = None, policy_outcome: str | None, review_on: date | None,
                  positions: dict[str, str], translations: dict[str, str] | None = None) -> Decision:
    tid = _tid()
    if not text.strip():
        raise MeetingError("text", "required")
    if visibility is None:  # by default a decision is seen by those who see its meeting
        visibility = decision.visibility if decision is not None else meeting.visibility
    if visibility not in VISIBILITIES:
        raise MeetingError("visibility", "invalid")
    if agenda_item_id is not None and db.session.scalar(select(AgendaItem.id).where(
            AgendaItem.tenant_id == tid, AgendaItem.meeting_id == meeting.id, AgendaItem.id == agenda_item_id)) is None:
        raise MeetingError("agenda_item_id", "invalid")
    if any(c not in CONSTITUENCIES or p not in POSITIONS for c, p in positions.items() if p):
        raise MeetingError("positions", "invalid")
    if decision is None:
        decision = Decision(meeting_id=meeting.id)
        db.session.add(decision)
    decision.text, decision.agenda_item_id, decision.visibility = text.strip(), agenda_item_id, visibility
    decision.policy_outcome, decision.review_on = (policy_outcome or "").strip() or None, review_on
    db.session.flush()
    existing = {p.constituency: p for p in db.session.scalars(select(DecisionPosition).where(
        DecisionPosition.tenant_id == tid, DecisionPosition.decision_id == decision.id))}
    for constituency, position in positions.items():
        row = existing.get(constituency)
        if not position and row is not None:
            db.session.delete(row)
        elif position and row is None:
            db.session.add(DecisionPosition(decision_id=decision.id, constituency=constituency, position=position))
        elif position and row is not None:
            row.position = position
    for locale, translated in (translations or {}).items():
        set_translation("decision", decision.id, "text", locale, translated, source=decision.text)
    db.session.flush()
    audit.record("saved", "decision", decision.id, ["text", "positions"])
    return decision


def remind_decision_reviews(today: date) -> int:
    """Tells the secretariat of each decision whose review date has come (once per decision and date)."""
    tid = _tid()
    due = db.session.execute(select(Decision.id, Decision.text, Decision.review_on, Decision.meeting_id).where(
        Decision.tenant_id == tid, Decision.review_on.is_not(None), Decision.review_on <= today)).all()
    if not due:
        return 0
    secretariat = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.role == "secretariat", Member.active, Member.email.is_not(None))).all()
    recipients = [{"member_id": s.id, "email": s.email, "name": s.name, "locale": s.locale,
                   "payload": {"decision": text[:300], "review_on": review_on.isoformat(), "meeting_id": meeting_id},
                   "dedupe_key": f"decision-review:{decision_id}:{review_on}:{s.id}"}
                  for decision_id, text, review_on, meeting_id in due for s in secretariat]
    return len(notices.queue_notices("decision_review", recipients))


# --- published outcomes ---------------------------------------------------------------------

def publish_outcomes(meeting: Meeting, summary: str, translations: dict[str, str] | None = None) -> int:
    if not summary.strip():
        raise MeetingError("summary", "required")
    if meeting.status in ("draft", "cancelled"):
        raise MeetingError("status", "invalid")
    meeting.summary = summary.strip()
    first = meeting.outcomes_published_at is None
    meeting.status, meeting.outcomes_published_at = "outcomes_published", meeting.outcomes_published_at or \
        datetime.now(UTC)
    for locale, text in (translations or {}).items():
        set_translation("meeting", meeting.id, "summary", locale, text, source=meeting.summary)
    db.session.flush()
    audit.record("published", "meeting", meeting.id, ["summary"])
    from tenants.models import Tenant

    # kept on the tenants row for the public directory (an UPDATE: the tenant object may be detached)
    db.session.execute(update(Tenant).where(Tenant.id == _tid()).values(last_published_at=func.now()))
    if not first:
        return 0
    members = db.session.execute(select(Member.id, Member.name, Member.email, Member.locale).where(
        Member.tenant_id == _tid(), Member.active, Member.email.is_not(None), Member.erased_at.is_(None))).all()
    return len(notices.queue_notices("outcomes_published", [
        {"member_id": mid, "email": email, "name": name, "locale": locale, "payload": {"meeting_id": meeting.id},
         "dedupe_key": f"outcomes:{meeting.id}:{mid}"} for mid, name, email, locale in members]))


# --- search ---------------------------------------------------------------------------------

def search(q: str, levels: tuple[str, ...], include_drafts: bool, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over meetings, minutes and decisions the reader may see (PostgreSQL tsvector)."""
    q = q.strip()[:200]
    if not q:
        return []
    tid = _tid()
    query = func.websearch_to_tsquery("simple", q)
    meeting_ok = and_(Meeting.tenant_id == tid, Meeting.visibility.in_(levels),
                      or_(literal(include_drafts), Meeting.status != "draft"))
    m_doc = func.to_tsvector("simple", func.concat_ws(" ", Meeting.title, Meeting.expected_outputs, Meeting.summary))
    n_doc = func.to_tsvector("simple", Minutes.body_md)
    d_doc = func.to_tsvector("simple", func.concat_ws(" ", Decision.text, Decision.policy_outcome))
    meetings_q = select(literal("meeting").label("kind"), Meeting.id.label("meeting_id"), Meeting.title.label("title"),
                        Meeting.title.label("text"), Meeting.start_at.label("at"),
                        func.ts_rank(m_doc, query).label("rank")).where(meeting_ok, m_doc.op("@@")(query))
    minutes_q = (select(literal("minutes"), Meeting.id, Meeting.title, func.left(Minutes.body_md, 300),
                        Meeting.start_at, func.ts_rank(n_doc, query))
                 .join(Meeting, and_(Meeting.tenant_id == Minutes.tenant_id, Meeting.id == Minutes.meeting_id))
                 .where(meeting_ok, Minutes.tenant_id == tid, Minutes.visibility.in_(levels), n_doc.op("@@")(query),
                        # draft minutes are the secretariat's working text: members search them once circulated
                        or_(literal(include_drafts), Minutes.status != "draft")))
    decisions_q = (select(literal("decision"), Meeting.id, Meeting.title, func.left(Decision.text, 300),
                          Meeting.start_at, func.ts_rank(d_doc, query))
                   .join(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
                   .where(meeting_ok, Decision.tenant_id == tid, Decision.visibility.in_(levels),
                          d_doc.op("@@")(query)))
    union = union_all(meetings_q, minutes_q, decisions_q).subquery()
    rows = db.session.execute(select(union).order_by(union.c.rank.desc(), union.c.at.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]
