"""Reads the member pages need, each a fixed number of queries whatever the roll's size."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, any_, exists, func, or_, select, tuple_, union

from tenants.context import current_tenant_id
from webapp.core.audit import AuditEvent
from webapp.core.paging import Page, paged
from webapp.extensions import db
from webapp.members.models import CONSTITUENCIES, GENDERS, Committee, CommitteeMember, Member, Organisation

PAGE_SIZE = 50


@dataclass
class Filters:
    q: str = ""
    constituency: str = ""
    organisation: int | None = None
    committee: int | None = None
    role: str = ""
    gender: str = ""
    language: str = ""
    former: bool = False  # the secretariat and chairs look up members who left, e.g. to bring them back
    page: int = 1

    @classmethod
    def from_args(cls, args: Any, may_filter_gender: bool) -> Filters:
        def as_int(name: str) -> int | None:
            try:
                return int(args.get(name, "")) or None
            except ValueError:
                return None

        return cls(q=(args.get("q") or "").strip()[:100], constituency=args.get("constituency", ""),
                   organisation=as_int("organisation"), committee=as_int("committee"), role=args.get("role", ""),
                   gender=args.get("gender", "") if may_filter_gender else "",
                   language=(args.get("language") or "").strip().lower()[:3],
                   former=may_filter_gender and args.get("former") == "1", page=max(as_int("page") or 1, 1))

    def args(self, **overrides: Any) -> dict[str, Any]:
        values = {"q": self.q, "constituency": self.constituency, "organisation": self.organisation,
                  "committee": self.committee, "role": self.role, "gender": self.gender,
                  "language": self.language, "former": "1" if self.former else "", "page": self.page, **overrides}
        return {k: v for k, v in values.items() if v not in (None, "", 1) or (k == "page" and v != 1 and v)}


@dataclass
class Composition:
    total: int = 0
    by_constituency: dict[str, int] = field(default_factory=dict)
    by_gender: dict[str, int] = field(default_factory=dict)

    @property
    def disclosed(self) -> int:
        return self.total - self.by_gender.get("undisclosed", 0)


def _constituency_expr() -> Any:
    return func.coalesce(Member.constituency, Organisation.constituency)


def _org_join() -> Any:
    return and_(Organisation.tenant_id == Member.tenant_id, Organisation.id == Member.organisation_id)


def _filtered(f: Filters) -> Select:
    tid = current_tenant_id()
    stmt = (select(Member, Organisation).outerjoin(Organisation, _org_join())
            .where(Member.tenant_id == tid, Member.active == (not f.former), Member.erased_at.is_(None)))
    if f.q:
        like = f"%{f.q}%"
        # one arm per column, so that each reads its trigram index (ix_members_name_trgm, ix_members_region_trgm,
        # ix_organisations_name_trgm) rather than every member of the forum
        # ids as an array (= ANY): the planner then fetches the few members found by primary key
        found = union(
            select(Member.id).where(Member.tenant_id == tid, Member.name.ilike(like)),
            select(Member.id).where(Member.tenant_id == tid, Member.region.ilike(like)),
            select(Member.id).join(Organisation, _org_join()).where(
                Member.tenant_id == tid, Organisation.tenant_id == tid,
                or_(Organisation.name.ilike(like), Organisation.acronym.ilike(like)))).subquery()
        stmt = stmt.where(Member.id == any_(func.array(select(found.c.id).scalar_subquery())))
    if f.constituency in CONSTITUENCIES:
        stmt = stmt.where(_constituency_expr() == f.constituency)
    if f.organisation:
        stmt = stmt.where(Member.organisation_id == f.organisation)
    if f.committee:
        stmt = stmt.where(exists().where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == Member.id,
                                         CommitteeMember.committee_id == f.committee))
    if f.role:
        stmt = stmt.where(Member.role == f.role)
    if f.gender in GENDERS:
        stmt = stmt.where(Member.gender == f.gender)
    if f.language:
        stmt = stmt.where(Member.languages.any(f.language))
    return stmt


def directory(f: Filters) -> tuple[list[tuple[Member, Organisation | None]], int]:
    """One page of the directory and the number of members that match, in one statement (a window count)."""
    stmt = _filtered(f)
    rows = db.session.execute(stmt.add_columns(func.count().over().label("total")).order_by(Member.name, Member.id)
                              .limit(PAGE_SIZE).offset((f.page - 1) * PAGE_SIZE)).all()
    if rows:
        return [(m, o) for m, o, _n in rows], rows[0][2]
    if f.page == 1:
        return [], 0
    total = db.session.scalar(select(func.count()).select_from(stmt.with_only_columns(Member.id).subquery()))
    return [], total or 0  # past the last page: the count alone


def composition(f: Filters | None = None, committee_id: int | None = None) -> Composition:
    """Counts by constituency and by gender, in one statement (two grouping sets)."""
    base = _filtered(f or Filters())
    if committee_id is not None:
        tid = current_tenant_id()
        base = base.where(exists().where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == Member.id,
                                         CommitteeMember.committee_id == committee_id))
    sub = base.with_only_columns(Member.id.label("id"), Member.gender.label("gender"),
                                 _constituency_expr().label("constituency")).subquery()
    by_c: dict[str, int] = {}
    by_g: dict[str | None, int] = {}
    for c, g, by_gender, n in db.session.execute(
            select(sub.c.constituency, sub.c.gender, func.grouping(sub.c.constituency), func.count())
            .group_by(func.grouping_sets(tuple_(sub.c.constituency), tuple_(sub.c.gender)))):
        if by_gender:
            by_g[g] = n
        else:
            by_c[c or "other"] = n
    return Composition(total=sum(by_g.values()), by_constituency=by_c, by_gender=by_g)


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.tenant_id == current_tenant_id())
                                   .order_by(Organisation.name)))


def organisation_counts() -> dict[int, int]:
    rows = db.session.execute(select(Member.organisation_id, func.count()).where(
        Member.tenant_id == current_tenant_id(), Member.active, Member.organisation_id.is_not(None))
        .group_by(Member.organisation_id))
    return {org_id: n for org_id, n in rows}


def committees() -> list[Committee]:
    return list(db.session.scalars(select(Committee).where(Committee.tenant_id == current_tenant_id())
                                   .order_by(Committee.kind != "plenary", Committee.name)))


def committee_counts() -> dict[int, int]:
    rows = db.session.execute(select(CommitteeMember.committee_id, func.count()).where(
        CommitteeMember.tenant_id == current_tenant_id()).group_by(CommitteeMember.committee_id))
    return {cid: n for cid, n in rows}


def member(member_id: int) -> Member | None:
    return db.session.scalar(select(Member).where(Member.tenant_id == current_tenant_id(), Member.id == member_id,
                                                  Member.erased_at.is_(None)))


def members(member_ids: list[int]) -> list[Member]:
    """The members named (not erased), in the order named, in one read; a missing id is left out."""
    if not member_ids:
        return []
    found = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.tenant_id == current_tenant_id(), Member.id.in_(member_ids),
        Member.erased_at.is_(None)))}
    return [found[i] for i in dict.fromkeys(member_ids) if i in found]


def member_detail(member_id: int) -> tuple[Member, Organisation | None, Member | None] | None:
    tid = current_tenant_id()
    row = db.session.execute(select(Member, Organisation).outerjoin(Organisation, _org_join())
                             .where(Member.tenant_id == tid, Member.id == member_id,
                                    Member.erased_at.is_(None))).first()
    if row is None:
        return None
    m, org = row
    alternate_of = db.session.get(Member, (tid, m.alternate_of_id)) if m.alternate_of_id else None
    return m, org, alternate_of


def seats_of(member_id: int) -> list[tuple[Committee, str]]:
    tid = current_tenant_id()
    rows = db.session.execute(select(Committee, CommitteeMember.role).join(
        CommitteeMember, and_(CommitteeMember.tenant_id == Committee.tenant_id,
                              CommitteeMember.committee_id == Committee.id))
        .where(CommitteeMember.tenant_id == tid, CommitteeMember.member_id == member_id).order_by(Committee.name))
    return [(c, r) for c, r in rows]


def committee(committee_id: int) -> Committee | None:
    return db.session.scalar(select(Committee).where(Committee.tenant_id == current_tenant_id(),
                                                     Committee.id == committee_id))


def committee_roster(committee_id: int) -> list[tuple[Member, Organisation | None, str]]:
    tid = current_tenant_id()
    rows = db.session.execute(
        select(Member, Organisation, CommitteeMember.role)
        .join(CommitteeMember, and_(CommitteeMember.tenant_id == Member.tenant_id,
                                    CommitteeMember.member_id == Member.id))
        .outerjoin(Organisation, _org_join())
        .where(Member.tenant_id == tid, CommitteeMember.committee_id == committee_id, Member.erased_at.is_(None))
        .order_by(CommitteeMember.role != "chair", CommitteeMember.role != "co_chair", Member.name))
    return [(m, o, r) for m, o, r in rows]


def organisation(org_id: int) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.tenant_id == current_tenant_id(),
                                                        Organisation.id == org_id))


def member_choices() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(
        select(Member.id, Member.name).where(Member.tenant_id == current_tenant_id(), Member.erased_at.is_(None))
        .order_by(Member.name))]


def audit_events(number: int = 1, actor: str | None = None, action: str | None = None,
                 object_type: str | None = None) -> Page[AuditEvent]:
    """The change log, newest first, a page at a time, filtered by who, what and which kind of object (one query)."""
    stmt = select(AuditEvent).where(AuditEvent.tenant_id == current_tenant_id())
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    return paged(stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), number, scalars=True)


def audit_actors(limit: int = 300) -> list[str]:
    """Who appears in the change log, for its "who" filter."""
    return list(db.session.scalars(select(AuditEvent.actor).where(AuditEvent.tenant_id == current_tenant_id())
                                   .group_by(AuditEvent.actor).order_by(AuditEvent.actor).limit(limit)))


def member_names(ids: list[int]) -> dict[int, str]:
    """Names of the members a page of the change log names (erased members keep their placeholder)."""
    if not ids:
        return {}
    return {i: n for i, n in db.session.execute(select(Member.id, Member.name).where(
        Member.tenant_id == current_tenant_id(), Member.id.in_(ids)))}


def export_rows() -> list[tuple[Member, Organisation | None]]:
    stmt = (select(Member, Organisation).outerjoin(Organisation, _org_join())
            .where(Member.tenant_id == current_tenant_id(), Member.erased_at.is_(None)).order_by(Member.name))
    return [(m, o) for m, o in db.session.execute(stmt)]
