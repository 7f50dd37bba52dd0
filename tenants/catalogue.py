"""Reads the PostgreSQL catalogue and lists every table that breaks the tenancy rules.

Rules for a table with a tenant_id column (unless it is a listed global table): RLS enabled and
forced, at least one policy, every permissive policy filtering rows (USING) and new rows (WITH CHECK) on
tenant_id against the app.tenant_id setting (PostgreSQL ORs permissive policies: one `USING (true)`
would open the table), a primary key that includes tenant_id, and every foreign key to another tenant
table includes tenant_id. Used by the test suite and by docs/scaling.md's checks.
"""
from __future__ import annotations

from typing import Any

# Global tables that carry a tenant_id as a plain reference (Citus reference tables).
GLOBAL_TABLES = frozenset({"user_forums", "sms_reply_codes", "sms_inbound", "sms_auto_replies"})

TABLES_SQL = """
SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity,
       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
              AND NOT a.attisdropped)
ORDER BY c.relname
"""

POLICIES_SQL = """
SELECT polname, polpermissive, polcmd, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)
FROM pg_policy WHERE polrelid = %s
"""


def _filters_on_tenant(expr: str | None) -> bool:
    return expr is not None and "tenant_id" in expr and "current_setting('app.tenant_id'" in expr


CONSTRAINTS_SQL = """
SELECT con.contype, con.conname, confrel.relname AS referenced,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) k JOIN pg_attribute a
             ON a.attrelid = con.conrelid AND a.attnum = k) AS columns
FROM pg_constraint con LEFT JOIN pg_class confrel ON confrel.oid = con.confrelid
WHERE con.conrelid = %s AND con.contype IN ('p', 'f')
"""


def violations(conn: Any) -> list[str]:
    """``conn`` is a psycopg connection (any role that can read the catalogue)."""
    problems: list[str] = []
    tables = conn.execute(TABLES_SQL).fetchall()
    tenant_tables = {row[1] for row in tables} - GLOBAL_TABLES
    for oid, name, rls, force, policies in tables:
        if name in GLOBAL_TABLES:
            continue
        if not rls:
            problems.append(f"{name}: row-level security not enabled")
        if not force:
            problems.append(f"{name}: row-level security not forced")
        if not policies:
            problems.append(f"{name}: no policy")
        for polname, permissive, cmd, qual, check in conn.execute(POLICIES_SQL, (oid,)).fetchall():
            if not permissive:
                continue  # a restrictive policy can only narrow what the others allow
            if not _filters_on_tenant(qual):
                problems.append(f"{name}: policy {polname} does not filter rows on the tenant")
            if cmd in ("*", "a", "w") and not _filters_on_tenant(check if check is not None else qual):
                problems.append(f"{name}: policy {polname} does not check new rows' tenant")
        cons = conn.execute(CONSTRAINTS_SQL, (oid,)).fetchall()
        pks = [c for c in cons if c[0] == "p"]
        if not pks or "tenant_id" not in pks[0][3]:
            problems.append(f"{name}: primary key does not include tenant_id")
        for contype, conname, referenced, columns in cons:
            if contype == "f" and referenced in tenant_tables and "tenant_id" not in columns:
                problems.append(f"{name}: foreign key {conname} to {referenced} does not include tenant_id")
    return problems


def app_role_problems(conn: Any, role: str) -> list[str]:
    problems: list[str] = []
    row = conn.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if row is None:
        return [f"role {role} does not exist"]
    if row[0]:
        problems.append(f"{role} is a superuser")
    if row[1]:
        problems.append(f"{role} has BYPASSRLS")
    owned = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = %s", (role,)).fetchall()
    problems += [f"{role} owns {r[0]}" for r in owned]
    if conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
                    ).fetchone()[0] == role:
        problems.append(f"{role} owns the database")
    return problems
