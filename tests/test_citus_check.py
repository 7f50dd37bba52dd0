"""The Citus readiness check itself (tests/citus.py): it must catch what Citus cannot route to one shard."""
from __future__ import annotations

import pytest

from tests.citus import violations

TENANT = frozenset({"meetings", "agenda_items", "members", "minutes"})


@pytest.mark.parametrize("sql", [
    "SELECT id FROM meetings",
    "SELECT id FROM meetings WHERE title = %(t)s",
    "SELECT id FROM meetings WHERE tenant_id = %(a)s OR id = %(b)s",
    "SELECT m.id FROM meetings AS m JOIN agenda_items AS a ON a.meeting_id = m.id WHERE m.tenant_id = %(t)s",
    "SELECT id FROM meetings WHERE tenant_id = %(t)s AND id IN (SELECT meeting_id FROM agenda_items)",
    "WITH a AS (SELECT meeting_id FROM agenda_items) SELECT * FROM meetings, a WHERE meetings.tenant_id = 1",
    "SELECT id FROM meetings WHERE tenant_id = 1 UNION ALL SELECT id FROM minutes",
    "UPDATE meetings SET title = %(t)s WHERE id = %(id)s",
    "DELETE FROM members WHERE erased_at IS NULL",
    "INSERT INTO members (name) VALUES (%(n)s)",
    "SELECT m.id FROM meetings AS m WHERE m.tenant_id = m.id",
])
def test_a_statement_citus_cannot_route_is_caught(sql):
    assert violations(sql, TENANT)


@pytest.mark.parametrize("sql", [
    "SELECT 1",
    "SELECT set_config('app.tenant_id', %(tid)s, true)",
    "SELECT id FROM users WHERE email = %(e)s",
    "SELECT id FROM meetings WHERE meetings.tenant_id = %(t)s::BIGINT AND id = %(id)s",
    "SELECT id FROM meetings WHERE tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::bigint",
    "SELECT m.id FROM meetings AS m JOIN agenda_items AS a ON a.tenant_id = m.tenant_id AND a.meeting_id = m.id "
    "WHERE m.tenant_id = %(t)s",
    "SELECT id FROM meetings WHERE tenant_id = %(t)s AND id IN "
    "(SELECT meeting_id FROM agenda_items WHERE agenda_items.tenant_id = meetings.tenant_id)",
    "WITH a AS (SELECT meeting_id FROM agenda_items WHERE tenant_id = %(t)s) "
    "SELECT * FROM meetings JOIN a ON a.meeting_id = meetings.id WHERE meetings.tenant_id = %(t)s",
    "SELECT id FROM meetings WHERE tenant_id = 1 UNION ALL SELECT id FROM minutes WHERE tenant_id = 1",
    "UPDATE meetings SET title = %(t)s WHERE meetings.tenant_id = %(tid)s AND meetings.id = %(id)s",
    "DELETE FROM members WHERE tenant_id IN (%(t)s) AND id = 3",
    "INSERT INTO members (tenant_id, name) VALUES (%(t)s, %(n)s) RETURNING members.id",
])
def test_a_routable_statement_passes(sql):
    assert violations(sql, TENANT) == ()


def test_the_suite_records_the_apps_statements_and_names_the_test(app, databases, citus_recorder, monkeypatch):
    """The wiring: a statement the app role sends from app code, on no tenant, reaches the report with the test."""
    from sqlalchemy import text

    from tests import citus
    from webapp.extensions import db

    monkeypatch.setattr(citus, "APP_DIRS", (citus.TESTS_DIR,))  # this test file stands in for app code
    with app.app_context():
        db.session.execute(text("SELECT count(*) FROM meetings WHERE title = :t"), {"t": "x"})
        db.session.rollback()
    problems = citus_recorder.take()
    assert [p.tables for p in problems] == [("meetings",)]
    assert "test_the_suite_records_the_apps_statements_and_names_the_test" in problems[0].test
    assert "FROM meetings WHERE title" in citus.report(problems)
    assert problems[0].where.startswith("tests/test_citus_check.py:")
