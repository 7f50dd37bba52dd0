"""Every write about recommendations: the recommendation on a decision, and each answer. Services flush, never
commit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp.core import audit
from webapp.core.service_errors import tenant_id_or
from webapp.extensions import db
from webapp.meetings.models import Decision
from webapp.meetings.recommendations.models import ADDRESSEE_KINDS, STATUSES, Recommendation, RecommendationAnswer
from webapp.meetings.recommendations.queries import overdue
from webapp.meetings.services import MeetingError
from webapp.members.models import Member
from webapp.notices import services as notices


def recommendation_of(decision: Decision) -> Recommendation | None:
    return db.session.scalar(select(Recommendation).where(
        Recommendation.tenant_id == tenant_id_or(MeetingError), Recommendation.decision_id == decision.id))


def save_recommendation(decision: Decision, *, addressee: str, addressee_kind: str, transmitted_on: date,
                        letter_url: str | None, follow_up_on: date | None) -> Recommendation:
    if not addressee.strip():
        raise MeetingError("addressee", "required")
    if addressee_kind not in ADDRESSEE_KINDS:
        raise MeetingError("addressee_kind", "invalid")
    if follow_up_on is not None and follow_up_on < transmitted_on:
        raise MeetingError("follow_up_on", "before_transmitted")
    rec = recommendation_of(decision)
    if rec is None:
        rec = Recommendation(decision_id=decision.id)
        db.session.add(rec)
    rec.addressee, rec.addressee_kind, rec.transmitted_on = addressee.strip(), addressee_kind, transmitted_on
    rec.letter_url, rec.follow_up_on = (letter_url or "").strip() or None, follow_up_on
    db.session.flush()
    audit.record("saved", "recommendation", decision.id,
                 ["addressee", "addressee_kind", "transmitted_on", "letter_url", "follow_up_on"])
    return rec


def add_answer(rec: Recommendation, *, status: str, answered_on: date, summary: str,
               document_url: str | None) -> RecommendationAnswer:
    if status not in STATUSES:
        raise MeetingError("status", "invalid")
    if not summary.strip():
        raise MeetingError("summary", "required")
    if answered_on < rec.transmitted_on:
        raise MeetingError("answered_on", "before_transmitted")
    answer = RecommendationAnswer(decision_id=rec.decision_id, status=status, answered_on=answered_on,
                                  summary=summary.strip(), document_url=(document_url or "").strip() or None)
    db.session.add(answer)
    db.session.flush()
    audit.record("answer_recorded", "recommendation", rec.decision_id, ["status", "answered_on", "summary"])
    return answer


def remind_overdue(today: date) -> int:
    """Tells the secretariat of each recommendation whose addressee has not answered on the substance (accepted,
    partly accepted, rejected) by its follow-up date: once per recommendation and follow-up date."""
    tid = tenant_id_or(MeetingError)
    due = overdue(today)
    if not due:
        return 0
    rows = db.session.execute(select(Decision.id, Decision.text, Decision.meeting_id).where(
        Decision.tenant_id == tid, Decision.id.in_([r.decision_id for r in due]))).all()
    texts = {i: text for i, text, _m in rows}
    meetings = {i: meeting_id for i, _t, meeting_id in rows}
    secretariat = db.session.scalars(select(Member).where(
        Member.tenant_id == tid, Member.role == "secretariat", Member.active, Member.email.is_not(None))).all()
    recipients = [{"member_id": s.id, "email": s.email, "name": s.name, "locale": s.locale,
                   "payload": {"decision": texts.get(r.decision_id, "")[:300], "addressee": r.addressee,
                               "follow_up_on": r.follow_up_on.isoformat() if r.follow_up_on else "",
                               "meeting_id": meetings.get(r.decision_id)},
                   "dedupe_key": f"recommendation-follow-up:{r.decision_id}:{r.follow_up_on}:{s.id}"}
                  for r in due for s in secretariat]
    return len(notices.queue_notices("recommendation_follow_up", recipients))
