"""Reads for federation pages and jobs.

``affiliations`` is the ONE read of the global affiliation table (tests/federation: an ast check). Inside a
forum it keeps only the rows where that forum is one side; ``everyone=True`` (the platform admin's page and the
platform sweep, with no forum current) is refused inside a forum.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from tenants.context import TenantRequired, current_tenant_id
from tenants.models import Tenant
from webapp.actions.models import ActionPlan, Objective
from webapp.core.visibility import Reader, plan_sql
from webapp.extensions import db
from webapp.federation.models import Affiliation, ObjectiveLink, ReceivedObjective, SharedObjective, Snapshot


def affiliations(*, affiliation_id: int | None = None, status: tuple[str, ...] = (), side: str = "",
                 everyone: bool = False, for_update: bool = False, with_newest: bool = False) -> list[Any]:
    """Affiliations where the current forum is the coordinator or the affiliate (``side``: "coordinator" or
    "affiliate" keeps one of the two), newest first. ``with_newest`` (inside a forum): each as a row
    (affiliation, the affiliate forum, its newest snapshot or None), in the same statement."""
    stmt = select(Affiliation)
    tid = current_tenant_id()
    if with_newest and tid is not None:
        newest = (select(Snapshot.affiliation_id, func.max(Snapshot.period).label("period"))
                  .where(Snapshot.tenant_id == tid).group_by(Snapshot.affiliation_id).subquery())
        on = and_(newest.c.affiliation_id == Snapshot.affiliation_id, newest.c.period == Snapshot.period)
        latest = aliased(Snapshot, select(Snapshot).join(newest, on).where(Snapshot.tenant_id == tid).subquery())
        stmt = (select(Affiliation, Tenant, latest).outerjoin(Tenant, Tenant.id == Affiliation.affiliate_id)
                .outerjoin(latest, latest.affiliation_id == Affiliation.id))
    if everyone:
        if tid is not None:
            raise TenantRequired("every affiliation is read by the platform only, never inside a forum")
    else:
        if tid is None:
            raise TenantRequired("affiliations are read inside a forum")
        stmt = stmt.where({"coordinator": Affiliation.coordinator_id == tid,
                           "affiliate": Affiliation.affiliate_id == tid}.get(
            side, or_(Affiliation.coordinator_id == tid, Affiliation.affiliate_id == tid)))
    if affiliation_id is not None:
        stmt = stmt.where(Affiliation.id == affiliation_id)
    if status:
        stmt = stmt.where(Affiliation.status.in_(status))
    if for_update:
        stmt = stmt.with_for_update()
    stmt = stmt.order_by(Affiliation.id.desc())
    return list(db.session.execute(stmt).tuples()) if with_newest else list(db.session.scalars(stmt))


def affiliation(affiliation_id: int, *, side: str = "", for_update: bool = False) -> Affiliation | None:
    found = affiliations(affiliation_id=affiliation_id, side=side, for_update=for_update)
    return found[0] if found else None


def forums(ids: set[int]) -> dict[int, Tenant]:
    """The forums named by affiliations (a platform table: names and addresses only)."""
    if not ids:
        return {}
    return {t.id: t for t in db.session.scalars(select(Tenant).where(Tenant.id.in_(ids)))}


def every_affiliation() -> list[tuple[Affiliation, Tenant | None, Tenant | None]]:
    """The platform admin's list: every affiliation with its two forums (no forum current)."""
    every = affiliations(everyone=True)
    names = forums({a.coordinator_id for a in every} | {a.affiliate_id for a in every})
    return [(a, names.get(a.coordinator_id), names.get(a.affiliate_id)) for a in every]


def forum_by_slug(slug: str) -> Tenant | None:
    return db.session.scalar(select(Tenant).where(Tenant.slug == slug.strip().lower()))


# --- the coordinating forum ---------------------------------------------------------------------------------------

def shared_objective_ids() -> set[int]:
    return set(db.session.scalars(select(SharedObjective.objective_id).where(
        SharedObjective.tenant_id == current_tenant_id())))


SHARED_LEVEL = "public"  # objectives of plans of this visibility can be shared (no affiliation chooses wider)


def objectives_with_plans(reader: Reader) -> list[tuple[Objective, ActionPlan]]:
    """The forum's objectives with their plan, those of plans the reader sees (webapp/core/visibility.py)."""
    tid = current_tenant_id()
    return list(db.session.execute(
        select(Objective, ActionPlan).join(ActionPlan, (ActionPlan.tenant_id == Objective.tenant_id)
                                           & (ActionPlan.id == Objective.plan_id))
        .where(Objective.tenant_id == tid, plan_sql(reader, ActionPlan.visibility))
        .order_by(ActionPlan.id, Objective.position, Objective.id)).tuples())


def plan_of(objective: Objective) -> ActionPlan | None:
    return db.session.get(ActionPlan, (objective.tenant_id, objective.plan_id))


def objective(objective_id: int) -> Objective | None:
    return db.session.scalar(select(Objective).where(Objective.tenant_id == current_tenant_id(),
                                                     Objective.id == objective_id))


def shared_for_copy() -> list[dict[str, Any]]:
    """The shared objectives as plain values, for the job that copies them down: only those of plans at
    ``SHARED_LEVEL`` (a plan narrowed after its objective was shared stops being copied; affiliates see it
    withdrawn)."""
    tid = current_tenant_id()
    return [{"id": o.id, "title": o.title, "plan_title": p.title} for o, p in db.session.execute(
        select(Objective, ActionPlan).join(SharedObjective, (SharedObjective.tenant_id == Objective.tenant_id)
                                           & (SharedObjective.objective_id == Objective.id))
        .join(ActionPlan, (ActionPlan.tenant_id == Objective.tenant_id) & (ActionPlan.id == Objective.plan_id))
        .where(Objective.tenant_id == tid, plan_sql(Reader.audience(SHARED_LEVEL), ActionPlan.visibility))
        .order_by(Objective.id)).tuples()]


def last_snapshot_days() -> dict[int, date]:
    """The day of each affiliation's newest snapshot, by affiliation id (one query)."""
    tid = current_tenant_id()
    rows = db.session.execute(select(Snapshot.affiliation_id, func.max(Snapshot.period))
                              .where(Snapshot.tenant_id == tid).group_by(Snapshot.affiliation_id))
    return {affiliation_id: day for affiliation_id, day in rows}


def latest_snapshots() -> dict[int, Snapshot]:
    """The newest snapshot of each affiliation, by affiliation id (one query)."""
    tid = current_tenant_id()
    newest = (select(Snapshot.affiliation_id, func.max(Snapshot.period).label("period"))
              .where(Snapshot.tenant_id == tid).group_by(Snapshot.affiliation_id).subquery())
    return {s.affiliation_id: s for s in db.session.scalars(
        select(Snapshot).join(newest, (newest.c.affiliation_id == Snapshot.affiliation_id)
                              & (newest.c.period == Snapshot.period)).where(Snapshot.tenant_id == tid))}


@dataclass
class AffiliateRow:
    affiliation: Affiliation
    forum: Tenant | None
    snapshot: Snapshot | None

    @property
    def figures(self) -> dict[str, Any]:
        return self.snapshot.figures if self.snapshot is not None else {}

    @property
    def as_of(self) -> date | None:
        return self.snapshot.period if self.snapshot is not None else None

    @property
    def last_plenary(self) -> date | None:
        day = (self.figures.get("inclusion") or {}).get("last_plenary")
        return date.fromisoformat(day) if day else None


def affiliate_rows() -> list[AffiliateRow]:
    """The coordinating forum's active affiliates, each with its newest snapshot (one statement)."""
    rows = affiliations(side="coordinator", status=("active",), with_newest=True)
    return sorted((AffiliateRow(a, forum, snapshot) for a, forum, snapshot in rows),
                  key=lambda r: r.forum.name if r.forum else "")


@dataclass
class SharedProgress:
    objective_id: int
    rows: list[tuple[AffiliateRow, int | None]] = field(default_factory=list)

    @property
    def rollup(self) -> int | None:
        """The mean of the affiliates' progress, over those that report one."""
        known = [p for _r, p in self.rows if p is not None]
        return round(sum(known) / len(known)) if known else None


def shared_progress(objective_ids: list[int]) -> dict[int, SharedProgress]:
    """Per shared objective of the current forum: each affiliate's progress (newest snapshot) and the roll-up."""
    shared = shared_objective_ids() & set(objective_ids)
    if not shared:
        return {}
    rows = affiliate_rows()
    out: dict[int, SharedProgress] = {}
    for oid in objective_ids:
        if oid in shared:
            out[oid] = SharedProgress(oid, [(r, (r.figures.get("progress") or {}).get(str(oid), {}).get("percent"))
                                           for r in rows])
    return out


# --- the affiliate -------------------------------------------------------------------------------------------------

def received(received_id: int | None = None) -> list[ReceivedObjective]:
    stmt = select(ReceivedObjective).where(ReceivedObjective.tenant_id == current_tenant_id(),
                                           ReceivedObjective.withdrawn_at.is_(None))
    if received_id is not None:
        stmt = stmt.where(ReceivedObjective.id == received_id)
    return list(db.session.scalars(stmt.order_by(ReceivedObjective.coordinator_name, ReceivedObjective.id)))


def links(reader: Reader) -> dict[int, list[Objective]]:
    """Own objectives linked to each received objective, by received id: those of plans the reader sees."""
    tid = current_tenant_id()
    out: dict[int, list[Objective]] = {}
    for received_id, obj in db.session.execute(
            select(ObjectiveLink.received_id, Objective).join(
                Objective, (Objective.tenant_id == ObjectiveLink.tenant_id)
                & (Objective.id == ObjectiveLink.objective_id))
            .join(ActionPlan, (ActionPlan.tenant_id == Objective.tenant_id) & (ActionPlan.id == Objective.plan_id))
            .where(ObjectiveLink.tenant_id == tid, plan_sql(reader, ActionPlan.visibility))
            .order_by(Objective.position)).tuples():
        out.setdefault(received_id, []).append(obj)
    return out
