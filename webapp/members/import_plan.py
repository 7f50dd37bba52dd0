"""What a roll import does to each line: the preview shows it, the confirmation applies it (issue 31).

Only the file's columns change anything. A column the file does not have leaves the field as it is (a file of
``name,email`` renames and nothing more); an empty cell in a column the file has clears the field, and the preview
says so ("clears region"); the role changes only by a role written in its cell (an empty role cell keeps the
member's role: a role cannot be cleared) and each role change is listed per member. An import that would leave the
forum without a current secretariat member (by another role or an ended term) is refused as a whole, at the preview
and again at the confirmation.

Typical use::

    plan = plan_import(rows, columns)      # reads the members and organisations the file names
    plan.lines                             # one LinePlan per row: new or update, what it changes and clears
    plan.refusal                           # MemberError("role", "last_secretariat") or None
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.core.service_errors import ServiceError
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.members.membership import current_clause
from webapp.members.models import Member, Organisation

# file column -> the member field it sets; name, email (the key), organisation and constituency are read apart
FIELDS: dict[str, str] = {"phone": "phone", "role": "role", "gender": "gender", "youth": "youth",
                          "languages": "languages", "preferred_language": "locale", "region": "region",
                          "term_start": "term_start", "term_end": "term_end"}
ALL_COLUMNS: tuple[str, ...] = ("name", "email", "phone", "organisation", "acronym", "constituency", "role", "gender",
                                "youth", "languages", "preferred_language", "region", "term_start", "term_end")
SECRETARIAT = "secretariat"


class ImportRefused(ServiceError):
    """The import as a whole is refused; ``names`` are the members it is about."""

    def __init__(self, field: str, code: str, names: str = "") -> None:
        super().__init__(field, code)
        self.names = names


@dataclass(frozen=True)
class LinePlan:
    """One line of the file: the member it updates (None: a new member), the member fields it sets, and for the
    preview the file's columns it changes and clears and the role change (old, new)."""

    row: Any  # csv_io.RowData
    member: Member | None
    values: dict[str, Any]
    organisation: str | None  # the organisation's name to set (None: none), when the file has the column
    changes: tuple[str, ...] = ()
    clears: tuple[str, ...] = ()
    role_change: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        return self.row.email or self.row.phone


@dataclass(frozen=True)
class ImportPlan:
    columns: tuple[str, ...]
    lines: list[LinePlan] = field(default_factory=list)
    refusal: ImportRefused | None = None


def existing_members(rows: Sequence[Any]) -> dict[str, Member]:
    """The current members the rows name, by email; members without an email address (reached by SMS) by phone."""
    tid = current_tenant_id()
    found = {m.email: m for m in db.session.scalars(
        select(Member).where(Member.tenant_id == tid, Member.email.in_([r.email for r in rows if r.email]),
                             Member.erased_at.is_(None)))}
    by_phone = [r.phone for r in rows if not r.email and r.phone]
    if by_phone:
        found.update({m.phone: m for m in db.session.scalars(
            select(Member).where(Member.tenant_id == tid, Member.phone.in_(by_phone), Member.email.is_(None),
                                 Member.erased_at.is_(None)))})
    return found


def _organisations() -> dict[int, Organisation]:
    tid = current_tenant_id()
    return {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.tenant_id == tid))}


def _line(row: Any, member: Member | None, columns: tuple[str, ...], orgs: dict[int, Organisation]) -> LinePlan:
    blank = set(row.blank) & set(columns)
    present = set(columns)
    values: dict[str, Any] = {"name": row.name}
    for column, name in FIELDS.items():
        if column not in present or (column == "role" and column in blank and member is not None):
            continue
        value = getattr(row, column)
        values[name] = list(value) if column == "languages" else value
    organisation = row.organisation if "organisation" in present else None
    if member is None:
        return LinePlan(row, None, values, organisation)
    changes = [c for c in ("name", *FIELDS) if FIELDS.get(c, c) in values and c not in blank
               and getattr(member, FIELDS.get(c, c)) != values[FIELDS.get(c, c)]]
    clears = [c for c in FIELDS if c in blank and FIELDS[c] in values and _filled(getattr(member, FIELDS[c]), c)]
    current_org = orgs.get(member.organisation_id) if member.organisation_id else None
    if "organisation" in present:
        if organisation is None and current_org is not None:
            clears.append("organisation")
        elif organisation is not None and (current_org is None or current_org.name.lower() != organisation.lower()):
            changes.append("organisation")
    if "constituency" in present:
        if row.constituency is None and member.constituency is not None:
            clears.append("constituency")
        elif row.constituency is not None and row.constituency != member.effective_constituency(current_org):
            changes.append("constituency")
    changes = [c for c in changes if c != "role"]
    role_change = (member.role, values["role"]) if values.get("role", member.role) != member.role else None
    return LinePlan(row, member, values, organisation, tuple(changes), tuple(clears), role_change)


def _filled(value: Any, column: str) -> bool:
    """A value an empty cell would clear (the gender's "undisclosed" is its empty value)."""
    return value not in (None, "", [], ()) and not (column == "gender" and value == "undisclosed")


def plan_import(rows: Iterable[Any], columns: Sequence[str] | None = None) -> ImportPlan:
    """What importing ``rows`` (csv_io.RowData) with the file's ``columns`` would do; ``columns`` None: every column
    (a staged import kept before the file's columns were)."""
    rows = list(rows)
    columns = tuple(columns) if columns else ALL_COLUMNS
    existing = existing_members(rows)
    orgs = _organisations()
    plan = ImportPlan(columns, [_line(r, existing.get(r.email or r.phone), columns, orgs) for r in rows])
    return ImportPlan(columns, plan.lines, _last_secretariat_refusal(plan.lines))


def _ends_term(line: LinePlan, today: date) -> bool:
    end = line.values.get("term_end")
    return end is not None and end < today


def _last_secretariat_refusal(lines: list[LinePlan]) -> ImportRefused | None:
    """Refused when the file takes secretariat members off (another role, or a term that has ended) and no current
    secretariat member would be left."""
    today = forum_today()
    demoted = {ln.member.id: ln.member.name for ln in lines if ln.member is not None
               and ln.member.role == SECRETARIAT and (ln.role_change is not None or _ends_term(ln, today))}
    if not demoted:
        return None
    promoted = sum(1 for ln in lines if ln.values.get("role") == SECRETARIAT and not _ends_term(ln, today)
                   and (ln.member is None or ln.role_change is not None))
    tid = current_tenant_id()
    kept = db.session.scalar(select(func.count()).select_from(Member).where(
        Member.tenant_id == tid, Member.role == SECRETARIAT, Member.id.not_in(list(demoted)), current_clause())) or 0
    if kept + promoted:
        return None
    return ImportRefused("role", "last_secretariat", names=", ".join(sorted(demoted.values())))
