"""Restores one forum from its export (``flask forums import``): into another install, or the same one after a delete.

What travels and what does not:

- The forum gets a new id (the tenants row is the only one whose id is remapped); every other row keeps its own id.
  Every key of a tenant table leads with tenant_id (the Citus shape rules, tenants/catalogue.py), so a kept id never
  collides with another forum's row, and the references that are not foreign keys (the audit log's and the
  translations' object ids, an intervention's agenda item, a reply code's member) stay right without a list of them.
  Each identity sequence is then moved past the largest id it now holds. The global tables that carry a tenant_id
  (reply codes, inbound SMS and auto-replies) get new ids; a row whose unique key is already taken in this install
  (a reply code another forum now uses, a Kannel message id seen before) is left out and counted.
- Files (papers, reports) travel inside the zip (``files/<table>/<id>/<column>``) and come back byte for byte.
- Users are global accounts and no password hash travels: a member whose account's e-mail is known here is linked to
  that account (and its sign-ins work as before); the others are left without an account and, with ``--invite``,
  are sent an invitation to create one. The audit log's actor follows the same match (unmatched: none).
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, Numeric, Table, Time, UniqueConstraint, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from tenants.catalogue import GLOBAL_TABLES
from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.auth.models import User, UserForum
from webapp.extensions import db
from webapp.tenant_data import file_columns, tenant_tables

CHUNK = 500


class ImportRefused(Exception):
    pass


@dataclass
class Imported:
    tenant: Tenant
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    accounts_matched: int = 0
    to_invite: list[int] = field(default_factory=list)  # member ids whose account is not known here
    left_out: dict[str, int] = field(default_factory=dict)


def _value(column: Any, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal(value)
    return value


def _rows(table: Table, exported: list[dict[str, Any]], zf: zipfile.ZipFile, result: Imported) -> list[dict[str, Any]]:
    out = []
    for row in exported:
        values = {c.name: _value(c, row[c.name]) for c in table.c if c.name in row and c.computed is None}
        for name in set(file_columns(table)).intersection(values):
            if values[name] is not None:
                values[name] = zf.read(values[name])
                result.files += 1
        out.append(values)
    return out


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table and fk.parent.name != "tenant_id"]


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):  # one multi-row statement per chunk
        db.session.execute(insert(table).values(rows[start:start + CHUNK]))


def _insert_tenant_table(table: Table, rows: list[dict[str, Any]]) -> None:
    """A column pointing at its own table (an alternate, a translated paper) is written after every row exists."""
    later = _self_references(table)
    key = [c.name for c in table.primary_key]
    _insert(table, [{**r, **dict.fromkeys(later)} for r in rows])
    for r in rows:
        if any(r.get(name) is not None for name in later):
            where = [table.c[k] == r[k] for k in key]
            db.session.execute(update(table).where(*where).values({n: r[n] for n in later}))
    identity = next((c for c in table.c if c.identity is not None), None)
    if identity is not None and rows:
        db.session.execute(text(
            "SELECT setval(pg_get_serial_sequence(:t, :c), greatest("
            "(SELECT last_value FROM pg_sequences WHERE schemaname || '.' || sequencename = "
            "pg_get_serial_sequence(:t, :c)), :top))"), {"t": table.name, "c": identity.name,
                                                           "top": max(r[identity.name] for r in rows)})


def _insert_global_table(table: Table, rows: list[dict[str, Any]], result: Imported) -> None:
    """A row still here from this forum's deletion (its tenant_id set to NULL: an inbound SMS keeps its Kannel
    message id) is given back to the forum; a row another forum holds is left out and counted."""
    identity = [c.name for c in table.c if c.identity is not None]
    uniques = [[c.name for c in con.columns] for con in table.constraints
               if isinstance(con, UniqueConstraint) and "tenant_id" not in {c.name for c in con.columns}]
    kept = 0
    for r in rows:
        for cols in uniques:
            if all(r.get(c) is not None for c in cols):
                kept += db.session.execute(update(table).where(
                    table.c.tenant_id.is_(None), *(table.c[c] == r[c] for c in cols)
                ).values(tenant_id=r["tenant_id"])).rowcount
        stmt = pg_insert(table).values({k: v for k, v in r.items() if k not in identity}).on_conflict_do_nothing()
        kept += db.session.execute(stmt).rowcount
    if kept < len(rows):
        result.left_out[table.name] = len(rows) - kept


def _accounts(data: dict[str, Any], result: Imported) -> dict[int, int]:
    """Exported user id → this install's user id, matched by e-mail."""
    exported = {u["id"]: u["email"].lower() for u in data.get("users", [])}
    known = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(set(exported.values())))).all())
    return {old: known[email] for old, email in exported.items() if email in known}


def _tenant(data: dict[str, Any], slug: str | None) -> Tenant:
    row = dict(data["tenant"][0])
    row["slug"] = slug or row["slug"]
    if db.session.scalar(select(Tenant.id).where(Tenant.slug == row["slug"])) is not None:
        raise ImportRefused(f"a forum {row['slug']} already exists here (delete it, or import with --slug)")
    values = {c.key: _value(c, row[c.name]) for c in Tenant.__table__.columns if c.name in row and c.name != "id"}
    tenant = Tenant(**values)
    db.session.add(tenant)
    db.session.flush()
    return tenant


def import_forum(archive: bytes, slug: str | None = None) -> Imported:
    """Writes the forum in the export ``archive`` (tenant_data.export) into this database. Run as the schema owner
    (sequences are moved); rows go in through the forum's tenant context, under its row-level security policies."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        data = json.loads(zf.read("data.json"))
        result = Imported(tenant=_tenant(data, slug))
        users = _accounts(data, result)
        old_tenant = data["tenant"][0]["id"]
        with tenant_context(result.tenant):
            for table in tenant_tables():
                exported = [r for r in data.get(table.name, []) if r.get("tenant_id") == old_tenant]
                rows = _rows(table, exported, zf, result)
                for r in rows:
                    r["tenant_id"] = result.tenant.id
                    _accounts_in(table.name, r, users, result)
                if table.name in GLOBAL_TABLES:
                    _insert_global_table(table, rows, result)
                elif rows:
                    _insert_tenant_table(table, rows)
                result.rows[table.name] = len(rows)
        for user_id in sorted(set(users.values()) & _linked(data, users)):
            db.session.add(UserForum(user_id=user_id, tenant_id=result.tenant.id))
        db.session.flush()
    return result


def _linked(data: dict[str, Any], users: dict[int, int]) -> set[int]:
    return {users[m["user_id"]] for m in data.get("members", []) if m.get("user_id") in users}


def _accounts_in(table: str, row: dict[str, Any], users: dict[int, int], result: Imported) -> None:
    if table == "members" and row.get("user_id") is not None:
        row["user_id"] = users.get(row["user_id"])
        if row["user_id"] is not None:
            result.accounts_matched += 1
        elif row.get("email") and row.get("active", True) and row.get("erased_at") is None:
            result.to_invite.append(row["id"])
    if table == "audit_events" and row.get("actor_user_id") is not None:
        row["actor_user_id"] = users.get(row["actor_user_id"])


def invite(result: Imported) -> int:
    """Sends the members whose account is not known here an invitation to create one (forum outbox)."""
    from webapp.members.models import Member
    from webapp.members.services import invite_member

    with tenant_context(result.tenant):
        members = db.session.scalars(select(Member).where(Member.tenant_id == result.tenant.id,
                                                          Member.id.in_(result.to_invite))).all()
        for member in members:
            invite_member(member)
        db.session.flush()  # the audit rows, while the forum's row-level security setting is on
    return len(members)
