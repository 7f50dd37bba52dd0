"""Reads of the register of initiatives, by the one visibility rule (webapp/core/visibility.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, select

from tenants.context import current_tenant_id
from webapp.actions.initiatives.models import Initiative, InitiativeObjective
from webapp.actions.models import ActionPlan, Objective
from webapp.core import visibility as vis
from webapp.core.visibility import Reader
from webapp.extensions import db

REVIEW_EVERY = timedelta(days=365)  # the register is updated yearly


@dataclass
class Entry:
    initiative: Initiative
    objectives: list[tuple[int, str]] = field(default_factory=list)  # (id, title) of those the reader may see

    def due_for_review(self, today: date) -> bool:
        return self.initiative.reviewed_on + REVIEW_EVERY < today


def register(reader: Reader) -> list[Entry]:
    """The initiatives ``reader`` may see, by name, each with the plan objectives it serves that the reader may see
    (two statements)."""
    tid = current_tenant_id()
    entries = [Entry(i) for i in db.session.scalars(select(Initiative).where(
        Initiative.tenant_id == tid, vis.initiative_sql(reader, Initiative.visibility))
        .order_by(Initiative.name, Initiative.id))]
    by_id = {e.initiative.id: e for e in entries}
    if by_id:
        for iid, oid, title in db.session.execute(
                select(InitiativeObjective.initiative_id, Objective.id, Objective.title)
                .join(Objective, and_(Objective.tenant_id == InitiativeObjective.tenant_id,
                                      Objective.id == InitiativeObjective.objective_id))
                .join(ActionPlan, and_(ActionPlan.tenant_id == Objective.tenant_id, ActionPlan.id == Objective.plan_id))
                .where(InitiativeObjective.tenant_id == tid, InitiativeObjective.initiative_id.in_(list(by_id)),
                       vis.plan_sql(reader, ActionPlan.visibility))
                .order_by(Objective.plan_id, Objective.position)):
            by_id[iid].objectives.append((oid, title))
    return entries


def initiative(initiative_id: int) -> Initiative | None:
    return db.session.scalar(select(Initiative).where(Initiative.tenant_id == current_tenant_id(),
                                                      Initiative.id == initiative_id))


def linked_objectives(initiative_id: int) -> list[int]:
    return list(db.session.scalars(select(InitiativeObjective.objective_id).where(
        InitiativeObjective.tenant_id == current_tenant_id(), InitiativeObjective.initiative_id == initiative_id)))


def objective_choices() -> list[tuple[int, str]]:
    """Every objective of every plan, as "plan — objective", for the secretariat's form."""
    return [(oid, f"{plan} — {title}") for oid, plan, title in db.session.execute(
        select(Objective.id, ActionPlan.title, Objective.title)
        .join(ActionPlan, and_(ActionPlan.tenant_id == Objective.tenant_id, ActionPlan.id == Objective.plan_id))
        .where(Objective.tenant_id == current_tenant_id()).order_by(ActionPlan.title, Objective.position))]
