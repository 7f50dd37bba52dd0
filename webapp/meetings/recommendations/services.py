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
from webapp.meetings.services import MeetingError


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
