"""The open data's reads: every set as plain records (dicts of JSON values), for ``Reader.anyone()`` only — the one
rule of webapp/core/visibility.py, never a filter of its own. No personal data: no owner, no author, no member."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select

from tenants.context import current_tenant_id
from webapp.actions import queries as actions
from webapp.actions.initiatives import exports
from webapp.actions.initiatives import queries as initiative_queries
from webapp.actions.models import Objective
from webapp.core import content
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.meetings.models import Decision, DecisionPosition, Meeting
from webapp.meetings.recommendations import queries as rec_queries

ANYONE = Reader.anyone()
Record = dict[str, Any]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _announced() -> Any:  # noqa: ANN401  (a SQL condition)
    """A meeting the public may see (the visibility rule) and has heard of: not a draft called off unannounced."""
    return and_(Meeting.tenant_id == current_tenant_id(),
                vis.meeting_sql(ANYONE, Meeting.visibility, Meeting.status),
                or_(Meeting.status != "cancelled", Meeting.notified_at.is_not(None)))


def meetings(locale: str, limit: int, offset: int) -> list[Record]:
    rows = list(db.session.scalars(select(Meeting).where(_announced())
                                   .order_by(Meeting.start_at.desc(), Meeting.id.desc()).limit(limit).offset(offset)))
    text = content.translations("meeting", [m.id for m in rows], locale)
    return [{"id": m.id, "title": text.get((m.id, "title"), m.title), "kind": m.kind, "status": m.status,
             "starts_at": _iso(m.start_at), "ends_at": _iso(m.end_at), "venue": m.venue,
             "language": m.language, "outcomes_published_at": _iso(m.outcomes_published_at)} for m in rows]


def outcomes(locale: str, limit: int, offset: int) -> list[Record]:
    """Published outcomes, newest first: the meeting's summary and each decision the public may see, with the
    constituencies' positions."""
    rows = list(db.session.scalars(select(Meeting).where(_announced(), Meeting.status == "outcomes_published")
                                   .order_by(Meeting.start_at.desc(), Meeting.id.desc()).limit(limit).offset(offset)))
    ids = [m.id for m in rows]
    decisions: dict[int, list[Decision]] = {}
    if ids:
        for d in db.session.scalars(select(Decision).join(Meeting, and_(
                Meeting.tenant_id == Decision.tenant_id, Meeting.id == Decision.meeting_id)).where(
                Decision.tenant_id == current_tenant_id(), Decision.meeting_id.in_(ids),
                vis.decision_sql(ANYONE, Decision.visibility, Meeting.visibility)).order_by(Decision.id)):
            decisions.setdefault(d.meeting_id, []).append(d)
    decision_ids = [d.id for ds in decisions.values() for d in ds]
    positions: dict[int, dict[str, str]] = {}
    if decision_ids:
        for did, constituency, position in db.session.execute(select(
                DecisionPosition.decision_id, DecisionPosition.constituency, DecisionPosition.position).where(
                DecisionPosition.tenant_id == current_tenant_id(), DecisionPosition.decision_id.in_(decision_ids))):
            positions.setdefault(did, {})[constituency] = position
    meeting_text = content.translations("meeting", ids, locale)
    decision_text = content.translations("decision", decision_ids, locale)
    return [{"meeting_id": m.id, "title": meeting_text.get((m.id, "title"), m.title),
             "held_on": _iso(m.start_at.date()), "published_at": _iso(m.outcomes_published_at),
             "summary": meeting_text.get((m.id, "summary"), m.summary),
             "decisions": [{"id": d.id, "text": decision_text.get((d.id, "text"), d.text),
                            "positions": [{"constituency": c, "position": p}
                                          for c, p in sorted(positions.get(d.id, {}).items())]}
                           for d in decisions.get(m.id, [])]} for m in rows]


def recommendations(locale: str) -> list[Record]:
    """The ledger "What became of our recommendations": to whom, when, the status and every answer in date order."""
    return [{"decision_id": e.rec.decision_id, "meeting_id": e.meeting_id, "text": e.text,
             "addressee": e.rec.addressee, "addressee_kind": e.rec.addressee_kind,
             "transmitted_on": _iso(e.rec.transmitted_on), "letter_url": e.rec.letter_url,
             "follow_up_on": _iso(e.rec.follow_up_on), "status": e.status,
             "answers": [{"status": a.status, "answered_on": _iso(a.answered_on), "summary": a.summary,
                          "document_url": a.document_url} for a in e.history]}
            for e in rec_queries.ledger(ANYONE, locale).entries]


def plans(locale: str) -> list[Record]:
    """Action plans the public may see, their objectives, their progress and each public item's indicator (items
    without their owners)."""
    rows = actions.plans(ANYONE, forum_today())
    ids = [p.id for p, _r in rows]
    objectives: dict[int, list[Objective]] = {}
    if ids:
        for o in db.session.scalars(select(Objective).where(
                Objective.tenant_id == current_tenant_id(), Objective.plan_id.in_(ids))
                .order_by(Objective.plan_id, Objective.position, Objective.id)):
            objectives.setdefault(o.plan_id, []).append(o)
    items = actions.items_of_plans(ids, ANYONE)
    item_ids = [r.item.id for rs in items.values() for r in rs]
    plan_text = content.translations("action_plan", ids, locale)
    objective_text = content.translations("objective", [o.id for os in objectives.values() for o in os], locale)
    item_text = content.translations("action_item", item_ids, locale)
    return [{"id": p.id, "title": plan_text.get((p.id, "title"), p.title),
             "description": plan_text.get((p.id, "description"), p.description),
             "period_start": _iso(p.period_start), "period_end": _iso(p.period_end),
             "progress_percent": r.percent, "items_count": r.items, "items_done": r.done, "items_overdue": r.overdue,
             "objectives": [{"id": o.id, "title": objective_text.get((o.id, "title"), o.title)}
                            for o in objectives.get(p.id, [])],
             "items": [_item(row.item, row.percent, item_text) for row in items.get(p.id, [])]}
            for p, r in rows]


def _item(it: Any, percent: int, text: dict[tuple[int, str], str]) -> Record:  # noqa: ANN401  (an ActionItem)
    return {"id": it.id, "objective_id": it.objective_id, "title": text.get((it.id, "title"), it.title),
            "status": it.status, "due_on": _iso(it.due_on), "progress_percent": percent,
            "mineral": it.mineral, "place": it.place, "indicator": it.indicator, "unit": it.unit,
            "baseline": _number(it.baseline), "target": _number(it.target), "current_value": _number(it.current_value)}


def initiatives() -> list[Record]:
    """The register of actors and initiatives, "who does what where": the entries the forum made public."""
    return [exports.record(e) for e in initiative_queries.register(ANYONE)]
