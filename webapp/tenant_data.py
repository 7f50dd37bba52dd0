"""Per-forum export of every row it owns (JSON and CSV) and deletion of a forum (CLI only)."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.core.csv import to_csv
from webapp.extensions import db

SKIP = {"file", "data", "password_hash"}  # report files and documents are exported by their own downloads


def tenant_tables() -> list[Any]:
    return [t for t in db.metadata.sorted_tables if "tenant_id" in t.c and t.name != "user_forums"]


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
    """A zip with data.json (every table) and one CSV per table."""
    out: dict[str, list[dict[str, Any]]] = {"tenant": [{c.name: _plain(getattr(tenant, c.key))
                                                        for c in Tenant.__table__.columns}]}
    with tenant_context(tenant):
        for table in tenant_tables():
            columns = [c for c in table.c if c.name not in SKIP]
            rows = db.session.execute(select(*columns).where(table.c.tenant_id == tenant.id)).mappings().all()
            out[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(out, ensure_ascii=False, indent=1))
        for name, rows in out.items():
            header = list(rows[0]) if rows else []
            text = to_csv(header, ([_cell(row[k]) for k in header] for row in rows)) if rows else ""
            zf.writestr(f"{name}.csv", text)
    return buffer.getvalue()


def delete_tenant(tenant: Tenant) -> None:
    """Removes the forum and, through ON DELETE CASCADE on tenant_id, every row it owns."""
    db.session.execute(delete(Tenant).where(Tenant.id == tenant.id))
