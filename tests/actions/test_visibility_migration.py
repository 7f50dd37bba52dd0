"""Migration 0019: items stored wider than their plan (the old 'members' default in a restricted plan) are narrowed,
so opening the plan up later does not expose them."""
from __future__ import annotations

import psycopg
from flask_migrate import upgrade

from tests.test_migrations import _migrate, empty_database  # noqa: F401  (the fixture)


def test_existing_items_are_narrowed_to_their_plan(app, empty_database):  # noqa: F811
    _migrate(app, empty_database, upgrade, None, "0014")
    with psycopg.connect(empty_database.replace("postgresql+psycopg", "postgresql")) as pg:
        tid = pg.execute("INSERT INTO tenants (slug, name, kind, default_locale, enabled_locales, timezone, settings) "
                         "VALUES ('f', 'F', 'national', 'en', '{en}', 'UTC', '{}') RETURNING id").fetchone()[0]
        pg.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tid),))
        for plan, items in (("restricted", ("members", "public", "restricted")), ("members", ("public", "members")),
                            ("public", ("public", "members"))):
            pid = pg.execute("INSERT INTO action_plans (tenant_id, title, visibility) VALUES (%s, %s, %s) "
                             "RETURNING id", (tid, f"Plan {plan}", plan)).fetchone()[0]
            for item in items:
                pg.execute("INSERT INTO action_items (tenant_id, plan_id, title, status, visibility) "
                           "VALUES (%s, %s, %s, 'planned', %s)", (tid, pid, f"{plan}/{item}", item))
    _migrate(app, empty_database, upgrade)
    with psycopg.connect(empty_database.replace("postgresql+psycopg", "postgresql")) as pg:
        pg.execute("SELECT set_config('app.tenant_id', %s, true)", (str(tid),))
        rows = dict(pg.execute("SELECT title, visibility FROM action_items").fetchall())
    assert rows == {"restricted/members": "restricted", "restricted/public": "restricted",
                    "restricted/restricted": "restricted", "members/public": "members", "members/members": "members",
                    "public/public": "public", "public/members": "members"}
