"""Per-forum export of every row it owns (JSON, CSV and its files) and deletion of a forum (CLI only).

webapp/tenant_import.py restores an export (``flask forums import``)."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import LargeBinary, Table, delete, select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core.csv import to_csv
from webapp.extensions import db

USER_COLUMNS = ("id", "email", "name", "locale", "time_zone")  # the accounts members link to; never a password hash


def tenant_tables() -> list[Any]:
    return [t for t in db.metadata.sorted_tables if "tenant_id" in t.c and t.name != "user_forums"]


def file_columns(table: Table) -> list[str]:
    """The columns holding a file (a paper, a report): exported as entries of the zip, not in the JSON."""
    return [c.name for c in table.c if isinstance(c.type, LargeBinary)]


def file_entry(table: Table, row: dict[str, Any], column: str) -> str:
    key = "-".join(str(row[c.name]) for c in table.primary_key if c.name != "tenant_id")
    return f"files/{table.name}/{key}/{column}"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _cell(value: Any) -> Any:
    """A JSON column (dict or list) as JSON text in its CSV cell; anything else as it is."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def export(tenant: Tenant) -> bytes:
    """A zip with data.json (every table, and the accounts its members link to), one CSV per table and the forum's
    files under files/ (data.json names each file's entry)."""
    out: dict[str, list[dict[str, Any]]] = {"tenant": [{c.name: _plain(getattr(tenant, c.key))
                                                        for c in Tenant.__table__.columns}]}
    files: dict[str, bytes] = {}
    with tenant_context(tenant):
        for table in tenant_tables():
            rows = db.session.execute(select(table).where(table.c.tenant_id == tenant.id)).mappings().all()
            out[table.name] = [_with_files(table, dict(row), files) for row in rows]
        out["users"] = _users(out.get("members", []))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(out, ensure_ascii=False, indent=1))
        for name, rows in out.items():
            header = list(rows[0]) if rows else []
            text = to_csv(header, ([_cell(row[k]) for k in header] for row in rows)) if rows else ""
            zf.writestr(f"{name}.csv", text)
        for entry, data in files.items():
            zf.writestr(entry, data)
    return buffer.getvalue()


def _with_files(table: Table, row: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    for column in file_columns(table):
        if row[column] is not None:
            entry = file_entry(table, row, column)
            files[entry] = bytes(row[column])
            row[column] = entry
    return {k: _plain(v) for k, v in row.items()}


def _users(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from webapp.auth.models import User

    ids = {m["user_id"] for m in members if m.get("user_id") is not None}
    columns = [User.__table__.c[name] for name in USER_COLUMNS]
    return [dict(r) for r in db.session.execute(select(*columns).where(User.id.in_(ids)).order_by(User.id)).mappings()]


def delete_tenant(tenant: Tenant) -> None:
    """Removes the forum and, through ON DELETE CASCADE on tenant_id, every row it owns."""
    db.session.execute(delete(Tenant).where(Tenant.id == tenant.id))
