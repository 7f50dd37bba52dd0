"""The schema keeps the tenancy rules: a new table that breaks them fails this test."""
from __future__ import annotations

import psycopg
from sqlalchemy.engine import make_url

from tenants.catalogue import app_role_problems, violations
from tests.conftest import app_role_connection


def owner_connection(databases) -> psycopg.Connection:
    return psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql"))


def test_every_tenant_table_follows_the_rules(databases):
    with owner_connection(databases) as conn:
        assert violations(conn) == []
        tables = [r[0] for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relname = 'members' AND relrowsecurity AND relforcerowsecurity")]
        assert tables == ["members"]


def test_a_table_breaking_the_rules_is_caught(databases):
    with owner_connection(databases) as conn:
        conn.execute("CREATE TABLE throwaway (tenant_id bigint NOT NULL, id bigint PRIMARY KEY)")
        conn.execute("CREATE TABLE throwaway_child (tenant_id bigint NOT NULL, id bigint, member_id bigint,"
                     " PRIMARY KEY (tenant_id, id))")
        conn.execute("ALTER TABLE throwaway_child ENABLE ROW LEVEL SECURITY")
        conn.execute("ALTER TABLE throwaway_child FORCE ROW LEVEL SECURITY")
        conn.execute("CREATE POLICY p ON throwaway_child USING (true)")
        conn.execute("ALTER TABLE throwaway_child ADD CONSTRAINT fk_bad FOREIGN KEY (tenant_id, member_id)"
                     " REFERENCES members (tenant_id, id)")
        # (tenant_id, member_id) includes tenant_id: fine. Now one that does not:
        conn.execute("CREATE UNIQUE INDEX ON throwaway (id)")
        conn.execute("ALTER TABLE throwaway_child ADD CONSTRAINT fk_worse FOREIGN KEY (member_id)"
                     " REFERENCES throwaway (id)")
        found = violations(conn)
        conn.rollback()
    assert "throwaway: row-level security not enabled" in found
    assert "throwaway: row-level security not forced" in found
    assert "throwaway: no policy" in found
    assert "throwaway: primary key does not include tenant_id" in found
    assert "throwaway_child: foreign key fk_worse to throwaway does not include tenant_id" in found
    assert "throwaway_child: policy p does not filter rows on the tenant" in found  # USING (true) opens it
    assert not any("fk_bad" in p for p in found)


def test_app_role_is_neither_superuser_owner_nor_bypassrls(databases):
    role = make_url(databases.app_url).username
    with owner_connection(databases) as conn:
        assert app_role_problems(conn, role) == []
        assert app_role_problems(conn, "baraza_owner") != []  # the check can see an owner
    with app_role_connection(databases) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == role
        assert conn.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
                            ).fetchone()[0] is False
