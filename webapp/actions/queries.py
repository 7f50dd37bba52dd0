"""Reads for action pages: a fixed number of queries whatever the number of items."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from tenants.context import current_tenant_id
from webapp.actions.models import ActionItem, ActionPlan, ActionUpdate, Objective
from webapp.actions.progress import ItemFacts, Rollup, item_progress, rollup
from webapp.extensions import db
from webapp.members.models import Member, Organisation


def facts(item: ActionItem) -> ItemFacts:
    return ItemFacts(item.status, item.baseline, item.target, item.current_value, item.due_on)


@dataclass
class ItemRow:
    item: ActionItem
    owner: str | None
    organisation: str | None
    constituency: str | None

    @property
    def percent(self) -> int:
        return round(item_progress(facts(self.item)) * 100)


def plans(levels: tuple[str, ...], today: date) -> list[tuple[ActionPlan, Rollup]]:
    tid = current_tenant_id()
    plan_rows = list(db.session.scalars(select(ActionPlan).where(ActionPlan.tenant_id == tid,
                                                                 ActionPlan.visibility.in_(levels))
                                        .order_by(ActionPlan.period_start.desc().nulls_last(), ActionPlan.id)))
    items: dict[int, list[ItemFacts]] = {}
    for it in db.session.scalars(select(ActionItem).where(ActionItem.tenant_id == tid,
                                                          ActionItem.visibility.in_(levels))):
        items.setdefault(it.plan_id, []).append(facts(it))
    return [(p, rollup(items.get(p.id, []), today)) for p in plan_rows]


def plan(plan_id: int, levels: tuple[str, ...]) -> ActionPlan | None:
    return db.session.scalar(select(ActionPlan).where(ActionPlan.tenant_id == current_tenant_id(),
                                                      ActionPlan.id == plan_id, ActionPlan.visibility.in_(levels)))


def objectives(plan_id: int) -> list[Objective]:
    return list(db.session.scalars(select(Objective).where(Objective.tenant_id == current_tenant_id(),
                                                           Objective.plan_id == plan_id).order_by(Objective.position)))


def _item_rows(stmt) -> list[ItemRow]:  # noqa: ANN001
    return [ItemRow(i, owner, org, constituency) for i, owner, org, constituency in db.session.execute(stmt)]


def _item_select():  # noqa: ANN202
    tid = current_tenant_id()
    owner = select(Member.id, Member.name, Member.organisation_id).where(Member.tenant_id == tid).subquery()
    return (select(ActionItem, owner.c.name, Organisation.name, Organisation.constituency)
            .outerjoin(owner, owner.c.id == ActionItem.owner_member_id)
            .outerjoin(Organisation, and_(Organisation.tenant_id == ActionItem.tenant_id,
                                          Organisation.id == func.coalesce(ActionItem.owner_organisation_id,
                                                                           owner.c.organisation_id)))
            .where(ActionItem.tenant_id == tid))


def plan_items(plan_id: int, levels: tuple[str, ...], *, status: str = "", owner: int | None = None,
               owner_org: int | None = None, constituency: str = "", objective: int | None = None,
               overdue_on: date | None = None) -> list[ItemRow]:
    stmt = _item_select().where(ActionItem.plan_id == plan_id, ActionItem.visibility.in_(levels))
    if status:
        stmt = stmt.where(ActionItem.status == status)
    if owner:
        stmt = stmt.where(ActionItem.owner_member_id == owner)
    if owner_org:  # the organisation's own actions and those of its members
        stmt = stmt.where(Organisation.id == owner_org)
    if constituency:
        stmt = stmt.where(Organisation.constituency == constituency)
    if objective:
        stmt = stmt.where(ActionItem.objective_id == objective)
    if overdue_on:
        stmt = stmt.where(ActionItem.due_on < overdue_on, ActionItem.status.not_in(("done", "dropped")))
    return _item_rows(stmt.order_by(ActionItem.objective_id.nulls_last(), ActionItem.due_on.nulls_last(),
                                    ActionItem.id))


def my_items(member: Member) -> list[ItemRow]:
    conditions = [ActionItem.owner_member_id == member.id]
    if member.organisation_id:
        conditions.append(ActionItem.owner_organisation_id == member.organisation_id)
    stmt = _item_select().where(or_(*conditions), ActionItem.status != "dropped")
    return _item_rows(stmt.order_by(ActionItem.status == "done", ActionItem.due_on.nulls_last(), ActionItem.id))


def item(item_id: int, levels: tuple[str, ...]) -> ActionItem | None:
    return db.session.scalar(select(ActionItem).where(ActionItem.tenant_id == current_tenant_id(),
                                                      ActionItem.id == item_id, ActionItem.visibility.in_(levels)))


def item_row(item_id: int, levels: tuple[str, ...]) -> ItemRow | None:
    rows = _item_rows(_item_select().where(ActionItem.id == item_id, ActionItem.visibility.in_(levels)))
    return rows[0] if rows else None


def updates(item_id: int, limit: int = 50) -> list[ActionUpdate]:
    return list(db.session.scalars(select(ActionUpdate).where(ActionUpdate.tenant_id == current_tenant_id(),
                                                              ActionUpdate.item_id == item_id)
                                   .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc()).limit(limit)))


def owner_choices() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == current_tenant_id(), Member.active, Member.erased_at.is_(None)).order_by(Member.name))]


def export_rows(plan_id: int, levels: tuple[str, ...]) -> list[ItemRow]:
    return plan_items(plan_id, levels)
