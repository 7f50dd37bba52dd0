"""Reads for action pages: a fixed number of queries whatever the number of items."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Select, Text, and_, func, literal, select, true, union_all
from sqlalchemy.orm import undefer

from tenants.context import current_tenant_id
from webapp.actions.models import (
    ActionEvidence,
    ActionItem,
    ActionPlan,
    ActionUpdate,
    ActionUpdateCell,
    Objective,
    ReportingBody,
)
from webapp.actions.progress import ItemFacts, Rollup, item_progress, rollup
from webapp.actions.visibility import Reader, as_reader, effective_sql, owns_sql, readable_sql
from webapp.core import search as search_sql
from webapp.core.visibility import figures_sql, plan_sql
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
    visibility: str | None = None  # effective: who can see it as things stand (item page only)
    published: list[tuple[int, str]] = field(default_factory=list)  # published evidence (id, file name): public home

    @property
    def percent(self) -> int:
        return round(item_progress(facts(self.item)) * 100)


def plans(who: Reader | tuple[str, ...], today: date) -> list[tuple[ActionPlan, Rollup]]:
    """The plans the reader may open, each rolled up over the items the reader may read (two queries)."""
    reader = as_reader(who)
    tid = current_tenant_id()
    plan_rows = list(db.session.scalars(select(ActionPlan).where(ActionPlan.tenant_id == tid,
                                                                 plan_sql(reader, ActionPlan.visibility))
                                        .order_by(ActionPlan.period_start.desc().nulls_last(), ActionPlan.id)))
    items: dict[int, list[ItemFacts]] = {}
    for it in db.session.scalars(select(ActionItem).where(ActionItem.tenant_id == tid, readable_sql(reader))):
        items.setdefault(it.plan_id, []).append(facts(it))
    return [(p, rollup(items.get(p.id, []), today)) for p in plan_rows]


def plan(plan_id: int, who: Reader | tuple[str, ...]) -> ActionPlan | None:
    return db.session.scalar(select(ActionPlan).where(ActionPlan.tenant_id == current_tenant_id(),
                                                      ActionPlan.id == plan_id,
                                                      plan_sql(as_reader(who), ActionPlan.visibility)))


def objectives(plan_id: int) -> list[Objective]:
    return list(db.session.scalars(select(Objective).where(Objective.tenant_id == current_tenant_id(),
                                                           Objective.plan_id == plan_id).order_by(Objective.position)))


def _item_rows(stmt) -> list[ItemRow]:  # noqa: ANN001
    return [ItemRow(*row) for row in db.session.execute(stmt)]


def _item_select():  # noqa: ANN202
    tid = current_tenant_id()
    owner = select(Member.id, Member.name, Member.organisation_id).where(Member.tenant_id == tid).subquery()
    return (select(ActionItem, owner.c.name, Organisation.name, Organisation.constituency)
            .outerjoin(owner, owner.c.id == ActionItem.owner_member_id)
            .outerjoin(Organisation, and_(Organisation.tenant_id == ActionItem.tenant_id,
                                          Organisation.id == func.coalesce(ActionItem.owner_organisation_id,
                                                                           owner.c.organisation_id)))
            .where(ActionItem.tenant_id == tid))


def plan_items(plan_id: int, who: Reader | tuple[str, ...], *, status: str = "", owner: int | None = None,
               owner_org: int | None = None, constituency: str = "", objective: int | None = None,
               overdue_on: date | None = None) -> list[ItemRow]:
    return _item_rows(_plan_stmt(plan_id, who, status=status, owner=owner, owner_org=owner_org,
                                 constituency=constituency, objective=objective, overdue_on=overdue_on))


def _plan_stmt(plan_id: int, who: Reader | tuple[str, ...], *, status: str = "", owner: int | None = None,
               owner_org: int | None = None, constituency: str = "", objective: int | None = None,
               overdue_on: date | None = None) -> Select:
    stmt = _item_select().where(ActionItem.plan_id == plan_id, readable_sql(as_reader(who)))
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
    return stmt.order_by(ActionItem.objective_id.nulls_last(), ActionItem.due_on.nulls_last(), ActionItem.id)


def items_of_plans(plan_ids: list[int], who: Reader | tuple[str, ...]) -> dict[int, list[ItemRow]]:
    """The items of several plans in one statement, each plan's in plan_items' order (the public home's plans)."""
    if not plan_ids:
        return {}
    out: dict[int, list[ItemRow]] = {pid: [] for pid in plan_ids}
    stmt = (_item_select().add_columns(_published_sql()).where(ActionItem.plan_id.in_(plan_ids),
                                                               readable_sql(as_reader(who)))
            .order_by(ActionItem.plan_id, ActionItem.objective_id.nulls_last(), ActionItem.due_on.nulls_last(),
                      ActionItem.id))
    for *row, published in db.session.execute(stmt):
        out[row[0].plan_id].append(ItemRow(*row, published=[(i, name) for i, name in published or []]))
    return out


def _published_sql() -> Any:  # noqa: ANN401  (a scalar subquery)
    """The item's published evidence as [[id, file name], ...] (issue 40), in the same statement: only files the
    secretariat published, of figures the public sees (verified: core/visibility.py figures_sql)."""
    return (select(func.json_agg(func.json_build_array(ActionEvidence.id, ActionEvidence.filename)))
            .select_from(ActionEvidence)
            .join(ActionUpdate, and_(ActionUpdate.tenant_id == ActionEvidence.tenant_id,
                                     ActionUpdate.id == ActionEvidence.update_id))
            .where(ActionEvidence.tenant_id == ActionItem.tenant_id, ActionUpdate.item_id == ActionItem.id,
                   ActionEvidence.publication == "published", figures_sql(Reader.anyone(), ActionUpdate.verification))
            .correlate(ActionItem).scalar_subquery())


def published_evidence(evidence_id: int) -> ActionEvidence | None:
    """A published evidence file, with its bytes, for anyone: published by the secretariat, of a verified figure of
    an item the public may read; None otherwise (an unpublished file is unreachable publicly)."""
    anyone = Reader.anyone()
    return db.session.scalar(
        select(ActionEvidence)
        .join(ActionUpdate, and_(ActionUpdate.tenant_id == ActionEvidence.tenant_id,
                                 ActionUpdate.id == ActionEvidence.update_id))
        .join(ActionItem, and_(ActionItem.tenant_id == ActionUpdate.tenant_id, ActionItem.id == ActionUpdate.item_id))
        .where(ActionEvidence.tenant_id == current_tenant_id(), ActionEvidence.id == evidence_id,
               ActionEvidence.publication == "published", figures_sql(anyone, ActionUpdate.verification),
               readable_sql(anyone))
        .options(undefer(ActionEvidence.data)))


@dataclass
class PlanBoard:
    """A plan's page: the rows the filters keep, grouped under their objective, and the roll-ups."""
    rows: list[ItemRow]
    objectives: list[Objective]
    groups: list[tuple[Objective | None, list[ItemRow]]]
    by_objective: dict[int, Rollup]
    total: Rollup
    late: dict[int, int]  # item id -> bodies late with the latest ended period's report (issue 40)
    pending: dict[int, int]  # item id -> figures awaiting verification (issue 40)


def _flag_columns() -> tuple[Any, Any]:
    """Two columns for an item row, read in the items' own statement (the plan page's budget): its figures awaiting
    verification, and its reporting bodies with the periods each has reported (sent back ones not counted)."""
    pending = (select(func.count()).where(ActionUpdate.tenant_id == ActionItem.tenant_id,
                                          ActionUpdate.item_id == ActionItem.id, ActionUpdate.verification == "pending")
               .correlate(ActionItem).scalar_subquery())
    sent = (select(func.coalesce(func.json_agg(ActionUpdate.period), func.json_build_array()))
            .where(ActionUpdate.tenant_id == ReportingBody.tenant_id, ActionUpdate.body_id == ReportingBody.id,
                   ActionUpdate.verification != "sent_back").correlate(ReportingBody).scalar_subquery())
    bodies = (select(func.json_agg(sent)).where(ReportingBody.tenant_id == ActionItem.tenant_id,
                                                ReportingBody.item_id == ActionItem.id)
              .correlate(ActionItem).scalar_subquery())
    return pending, bodies


def _late(item: ActionItem, bodies: list[list[str]] | None, today: date) -> int:
    """How many of the item's bodies have not sent the latest ended period's report once it is late."""
    from webapp.actions import periods

    if not bodies or not item.reporting_frequency or item.status in ("done", "dropped"):
        return 0
    p = periods.last_ended(today, item.reporting_frequency)
    return sum(1 for sent in bodies if p.key not in (sent or [])) if p.is_late(today) else 0


def plan_board(plan_id: int, who: Reader | tuple[str, ...], today: date, *, overdue: bool = False,
               **filters: object) -> PlanBoard:
    """The plan's items as its page shows them. The roll-ups (the plan's and each objective's) count every item the
    reader may read, whatever the filters; the rows are grouped under their objective in the objectives' order
    (due dates kept within a group), items without one last."""
    late: dict[int, int] = {}
    pending: dict[int, int] = {}
    all_rows = []
    for *head, waiting, bodies in db.session.execute(_plan_stmt(plan_id, who).add_columns(*_flag_columns())):
        row = ItemRow(*head)
        all_rows.append(row)
        pending[row.item.id], late[row.item.id] = waiting or 0, _late(row.item, bodies, today)
    rows = plan_items(plan_id, who, overdue_on=today if overdue else None, **filters) \
        if any(filters.values()) or overdue else all_rows  # type: ignore[arg-type]
    objs = objectives(plan_id)
    order = {o.id: n for n, o in enumerate(objs)}
    rows = sorted(rows, key=lambda r: order.get(r.item.objective_id, len(order)))  # stable: due dates kept
    groups: list[tuple[Objective | None, list[ItemRow]]] = [
        (o, [r for r in rows if r.item.objective_id == o.id]) for o in objs]
    groups.append((None, [r for r in rows if r.item.objective_id not in order]))

    def rolled(some: list[ItemRow]) -> Rollup:
        return rollup([facts(r.item) for r in some], today)

    return PlanBoard(rows=rows, objectives=objs, groups=[(o, g) for o, g in groups if g],
                     by_objective={o.id: rolled([r for r in all_rows if r.item.objective_id == o.id]) for o in objs},
                     total=rolled(all_rows), late={k: v for k, v in late.items() if v},
                     pending={k: v for k, v in pending.items() if v})


def my_items(member: Member) -> list[ItemRow]:
    """What the member owns (named, or through the organisation they sit for): each one they can open."""
    stmt = _item_select().where(owns_sql(Reader.of(member)), ActionItem.status != "dropped")
    return _item_rows(stmt.order_by(ActionItem.status == "done", ActionItem.due_on.nulls_last(), ActionItem.id))


def item(item_id: int, who: Reader | tuple[str, ...]) -> ActionItem | None:
    return db.session.scalar(select(ActionItem).where(ActionItem.tenant_id == current_tenant_id(),
                                                      ActionItem.id == item_id, readable_sql(as_reader(who))))


def item_row(item_id: int, who: Reader | tuple[str, ...]) -> ItemRow | None:
    rows = _item_rows(_item_select().add_columns(effective_sql())
                      .where(ActionItem.id == item_id, readable_sql(as_reader(who))))
    return rows[0] if rows else None



def updates(item_id: int, limit: int = 50, who: Reader | tuple[str, ...] | None = None) -> list[ActionUpdate]:
    """The item's updates and reports, latest first; for a reader, only those whose figures they may see."""
    shown = figures_sql(as_reader(who), ActionUpdate.verification) if who is not None else true()
    return list(db.session.scalars(select(ActionUpdate).where(ActionUpdate.tenant_id == current_tenant_id(),
                                                              ActionUpdate.item_id == item_id, shown)
                                   .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc()).limit(limit)))


def cells_of(update_ids: list[int]) -> dict[int, list[ActionUpdateCell]]:
    """Update id -> its cells in order (disaggregated updates only): one query."""
    out: dict[int, list[ActionUpdateCell]] = {}
    if update_ids:
        for cell in db.session.scalars(select(ActionUpdateCell).where(
                ActionUpdateCell.tenant_id == current_tenant_id(), ActionUpdateCell.update_id.in_(update_ids))
                .order_by(ActionUpdateCell.update_id, ActionUpdateCell.position)):
            out.setdefault(cell.update_id, []).append(cell)
    return out


def update(item_id: int, update_id: int) -> ActionUpdate | None:
    return db.session.scalar(select(ActionUpdate).where(ActionUpdate.tenant_id == current_tenant_id(),
                                                        ActionUpdate.item_id == item_id, ActionUpdate.id == update_id))


def owner_choices() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == current_tenant_id(), Member.active, Member.erased_at.is_(None)).order_by(Member.name))]


def filter_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The plan page's owner filters in one statement: the active members (id, name) and the organisations (id,
    acronym or name), each by name."""
    tid = current_tenant_id()
    members = select(literal(0).label("kind"), Member.id.label("id"), Member.name.label("label"),
                     Member.name.label("sort")).where(Member.tenant_id == tid, Member.active,
                                                      Member.erased_at.is_(None))
    orgs = select(literal(1), Organisation.id, func.coalesce(func.nullif(Organisation.acronym, ""), Organisation.name),
                  Organisation.name).where(Organisation.tenant_id == tid)
    u = union_all(members, orgs).subquery()
    out: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
    for kind, oid, label in db.session.execute(select(u.c.kind, u.c.id, u.c.label).order_by(u.c.kind, u.c.sort,
                                                                                             u.c.id)):
        out[kind].append((oid, label))
    return out


def export_rows(plan_id: int, who: Reader | tuple[str, ...]) -> list[ItemRow]:
    return plan_items(plan_id, who)


def search_source(member: Any) -> tuple[Reader, Callable[[Any], Select]]:  # noqa: ANN401  (a Member or None)
    """For the meetings search: who reads (a key: the statement built for one reader serves every search of theirs)
    and how to select the action items they may read whose words match a tsquery, as one SELECT of the search's
    UNION (kind, object_id, meeting_id, title, text, at, rank, language)."""
    reader = Reader.of(member)
    tid = current_tenant_id()

    def build(query: Any) -> Select:  # noqa: ANN401  (a tsquery expression)
        return (select(literal("action"), ActionItem.id, literal(None, BigInteger), ActionItem.title,
                       func.coalesce(ActionItem.indicator, ActionItem.milestones),
                       ActionItem.updated_at, search_sql.rank(ActionItem.search_vector, query),
                       literal(None, Text))  # its language: the forum's
                .where(ActionItem.tenant_id == tid, search_sql.matches(ActionItem.search_vector, query),
                       readable_sql(reader)))

    return reader, build


@dataclass(frozen=True)
class BodyRow:
    body: ReportingBody
    name: str
    reports: dict[str, ActionUpdate]  # period key -> the body's report


def bodies(item_id: int) -> list[BodyRow]:
    """An item's reporting bodies, named, each with its reports by period (two queries)."""
    tid = current_tenant_id()
    rows = db.session.execute(
        select(ReportingBody, func.coalesce(Organisation.name, Member.name))
        .outerjoin(Organisation, and_(Organisation.tenant_id == ReportingBody.tenant_id,
                                      Organisation.id == ReportingBody.organisation_id))
        .outerjoin(Member, and_(Member.tenant_id == ReportingBody.tenant_id, Member.id == ReportingBody.member_id))
        .where(ReportingBody.tenant_id == tid, ReportingBody.item_id == item_id).order_by(ReportingBody.id)).all()
    reports: dict[int, dict[str, ActionUpdate]] = {}
    for r in db.session.scalars(select(ActionUpdate).where(ActionUpdate.tenant_id == tid,
                                                           ActionUpdate.item_id == item_id,
                                                           ActionUpdate.body_id.is_not(None))
                                .order_by(ActionUpdate.id)):
        reports.setdefault(r.body_id, {})[r.period] = r  # the latest: a report sent again after one sent back
    return [BodyRow(b, name, reports.get(b.id, {})) for b, name in rows]


def body(item_id: int, body_id: int) -> ReportingBody | None:
    return db.session.scalar(select(ReportingBody).where(ReportingBody.tenant_id == current_tenant_id(),
                                                         ReportingBody.item_id == item_id,
                                                         ReportingBody.id == body_id))


def pending_counts(item_ids: list[int]) -> dict[int, int]:
    """Item id -> its figures awaiting verification (one query)."""
    if not item_ids:
        return {}
    return {i: n for i, n in db.session.execute(select(ActionUpdate.item_id, func.count()).where(
        ActionUpdate.tenant_id == current_tenant_id(), ActionUpdate.item_id.in_(item_ids),
        ActionUpdate.verification == "pending").group_by(ActionUpdate.item_id))}


def evidence_of(update_ids: list[int]) -> dict[int, list[ActionEvidence]]:
    """Update id -> its evidence files, without their bytes (one query)."""
    out: dict[int, list[ActionEvidence]] = {}
    if update_ids:
        for ev in db.session.scalars(select(ActionEvidence).where(
                ActionEvidence.tenant_id == current_tenant_id(), ActionEvidence.update_id.in_(update_ids))
                .order_by(ActionEvidence.id)):
            out.setdefault(ev.update_id, []).append(ev)
    return out


def evidence(item_id: int, evidence_id: int) -> ActionEvidence | None:
    """An evidence file of one of the item's updates or reports (the caller has checked the item is readable)."""
    return db.session.scalar(select(ActionEvidence).join(ActionUpdate, and_(
        ActionUpdate.tenant_id == ActionEvidence.tenant_id, ActionUpdate.id == ActionEvidence.update_id)).where(
        ActionEvidence.tenant_id == current_tenant_id(), ActionEvidence.id == evidence_id,
        ActionUpdate.item_id == item_id).options(undefer(ActionEvidence.data)))


def counted_cells(item_ids: list[int], who: Reader | tuple[str, ...]) -> dict[int, list[tuple[str | None, str, Any]]]:
    """Item id -> its figure's cells as they count for ``who`` (issue 40; federation's snapshots read it at the
    members level without a member, so verified figures only — core/visibility.py figures_sql): for an item with
    reports, each cell summed over its reports; otherwise the cells of its latest update with cells. (sex, band,
    value) in order; one query."""
    if not item_ids:
        return {}
    shown = figures_sql(as_reader(who), ActionUpdate.verification)
    rows = db.session.execute(
        select(ActionUpdate.item_id, ActionUpdate.id, ActionUpdate.body_id, ActionUpdateCell.position,
               ActionUpdateCell.sex, ActionUpdateCell.band, ActionUpdateCell.value)
        .join(ActionUpdateCell, and_(ActionUpdateCell.tenant_id == ActionUpdate.tenant_id,
                                     ActionUpdateCell.update_id == ActionUpdate.id))
        .where(ActionUpdate.tenant_id == current_tenant_id(), ActionUpdate.item_id.in_(item_ids), shown)
        .order_by(ActionUpdate.item_id, ActionUpdate.at.desc(), ActionUpdate.id.desc(), ActionUpdateCell.position)
    ).all()
    reported = {r.item_id for r in rows if r.body_id is not None}
    latest: dict[int, int] = {}
    sums: dict[int, dict[tuple[int, str | None, str], Any]] = {}
    for r in rows:
        if r.item_id in reported:
            if r.body_id is None:
                continue
        elif latest.setdefault(r.item_id, r.id) != r.id:
            continue
        cells = sums.setdefault(r.item_id, {})
        key = (r.position, r.sex, r.band)
        cells[key] = cells.get(key, 0) + r.value
    return {i: [(sex, band, v) for (_p, sex, band), v in sorted(cells.items(), key=lambda kv: kv[0][0])]
            for i, cells in sums.items()}
