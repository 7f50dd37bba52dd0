"""Reads about recommendations: one decision's answers, and the public ledger of a forum in three statements
(the recommendations a reader may see, their answers, the decisions' translations) whatever their number."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import array

from tenants.context import current_tenant_id
from webapp.core import content
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db
from webapp.meetings.models import Decision, Meeting
from webapp.meetings.recommendations.models import Recommendation, RecommendationAnswer

ANSWERED = ("accepted", "partly_accepted", "rejected")  # an answer on the substance; "under consideration" is not
ACCEPTED = ("accepted", "partly_accepted")


def answers(decision_id: int) -> list[RecommendationAnswer]:
    return list(db.session.scalars(select(RecommendationAnswer).where(
        RecommendationAnswer.tenant_id == current_tenant_id(), RecommendationAnswer.decision_id == decision_id)
        .order_by(RecommendationAnswer.answered_on, RecommendationAnswer.id)))


@dataclass
class Entry:
    rec: Recommendation
    text: str
    meeting_id: int
    history: list[RecommendationAnswer] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "no_answer"


@dataclass
class Totals:
    count: int = 0
    by_status: Counter = field(default_factory=Counter)

    def add(self, status: str) -> None:
        self.count += 1
        self.by_status[status] += 1

    @property
    def answered(self) -> int:
        return sum(self.by_status[s] for s in ANSWERED)

    @property
    def accepted(self) -> int:
        return sum(self.by_status[s] for s in ACCEPTED)


@dataclass
class Ledger:
    entries: list[Entry]
    by_addressee: dict[str, Totals]
    by_year: dict[int, Totals]
    overall: Totals


def ledger(reader: Reader, locale: str) -> Ledger:
    """Every recommendation ``reader`` may see (its decision's rule: no wider than its meeting), newest
    transmitted first, with its answers in date order and the totals per addressee and per year."""
    tid = current_tenant_id()
    rows = db.session.execute(
        select(Recommendation, Decision.text, Decision.meeting_id)
        .join(Decision, and_(Decision.tenant_id == Recommendation.tenant_id,
                             Decision.id == Recommendation.decision_id))
        .join(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
        .where(Recommendation.tenant_id == tid, vis.decision_sql(reader, Decision.visibility, Meeting.visibility),
               vis.meeting_sql(reader, Meeting.visibility, Meeting.status))
        .order_by(Recommendation.transmitted_on.desc(), Recommendation.decision_id.desc())).all()
    entries = [Entry(rec, text, meeting_id) for rec, text, meeting_id in rows]
    ids = [e.rec.decision_id for e in entries]
    if ids:
        by_id = {e.rec.decision_id: e for e in entries}
        for a in db.session.scalars(select(RecommendationAnswer).where(
                RecommendationAnswer.tenant_id == tid, RecommendationAnswer.decision_id.in_(ids))
                .order_by(RecommendationAnswer.answered_on, RecommendationAnswer.id)):
            by_id[a.decision_id].history.append(a)
        translated = content.translations("decision", ids, locale)
        for e in entries:
            e.text = translated.get((e.rec.decision_id, "text"), e.text)
    by_addressee: dict[str, Totals] = {}
    by_year: dict[int, Totals] = {}
    overall = Totals()
    for e in entries:
        by_addressee.setdefault(e.rec.addressee, Totals()).add(e.status)
        by_year.setdefault(e.rec.transmitted_on.year, Totals()).add(e.status)
        overall.add(e.status)
    return Ledger(entries, dict(sorted(by_addressee.items(), key=lambda kv: kv[0].casefold())),
                  dict(sorted(by_year.items(), reverse=True)), overall)


def uptake_sql(reader: Reader) -> Any:  # noqa: ANN401  (a scalar SQL expression)
    """The uptake of the recommendations ``reader`` may see, as one scalar expression an existing statement selects
    (the chair dashboard is at its statement budget): ``[count, answered, accepted]``, an addressee's latest answer
    deciding (answered: accepted, partly accepted or rejected; accepted: in whole or in part)."""
    tid = current_tenant_id()
    latest = (select(RecommendationAnswer.status).where(
        RecommendationAnswer.tenant_id == Recommendation.tenant_id,
        RecommendationAnswer.decision_id == Recommendation.decision_id)
        .order_by(RecommendationAnswer.answered_on.desc(), RecommendationAnswer.id.desc()).limit(1)
        .correlate(Recommendation).scalar_subquery())
    seen = (select(func.coalesce(latest, "no_answer").label("status")).select_from(Recommendation)
            .join(Decision, and_(Decision.tenant_id == Recommendation.tenant_id,
                                 Decision.id == Recommendation.decision_id))
            .join(Meeting, and_(Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id))
            .where(Recommendation.tenant_id == tid, vis.decision_sql(reader, Decision.visibility, Meeting.visibility),
                   vis.meeting_sql(reader, Meeting.visibility, Meeting.status))
            .subquery("seen_recommendations"))
    return (select(array([func.count(), func.count().filter(seen.c.status.in_(ANSWERED)),
                          func.count().filter(seen.c.status.in_(ACCEPTED))])).select_from(seen)
            .scalar_subquery())


def overdue(today: date) -> list[Recommendation]:
    """Recommendations whose follow-up date has passed with no answer on the substance yet."""
    tid = current_tenant_id()
    answered = select(RecommendationAnswer.decision_id).where(
        RecommendationAnswer.tenant_id == tid, RecommendationAnswer.status.in_(ANSWERED))
    return list(db.session.scalars(select(Recommendation).where(
        Recommendation.tenant_id == tid, Recommendation.follow_up_on < today,
        Recommendation.decision_id.not_in(answered)).order_by(Recommendation.follow_up_on)))
