"""Migrations: upgrade from an empty database, no drift from the models, downgrade and upgrade again."""
from __future__ import annotations

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from psycopg import sql
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from tenants.catalogue import violations
from webapp.extensions import db


@pytest.fixture
def empty_database(databases):
    name = databases.name + "_empty"
    with psycopg.connect(databases.superuser_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER baraza_owner").format(sql.Identifier(name)))
    url = make_url(databases.owner_url).set(database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(databases.superuser_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _migrate(app, url, fn, *args):
    app.config["DATABASE_OWNER_URL_SAVED"] = app.config["DATABASE_OWNER_URL"]
    app.config["DATABASE_OWNER_URL"] = url
    try:
        with app.app_context():
            fn(*args)
    finally:
        app.config["DATABASE_OWNER_URL"] = app.config.pop("DATABASE_OWNER_URL_SAVED")


def test_upgrade_from_empty_matches_models_and_round_trips(app, empty_database):
    _migrate(app, empty_database, upgrade)
    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            tables = set(inspect(conn).get_table_names())
        assert {"tenants", "users", "members", "alembic_version"} <= tables
        with psycopg.connect(empty_database.replace("postgresql+psycopg", "postgresql")) as pg:
            assert violations(pg) == []
        _migrate(app, empty_database, downgrade, None, "-1")
        _migrate(app, empty_database, upgrade)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_leaves_no_table(app, empty_database):
    _migrate(app, empty_database, upgrade)
    _migrate(app, empty_database, downgrade, None, "base")
    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_0039_keeps_the_reply_codes_as_rsvp_codes_both_ways(app, empty_database):
    """Issue 34: sms_reply_codes.invitation_id became kind + object id; the codes already sent keep leading to their
    invitation (upgrade), and RSVP codes survive a downgrade (a shared code, which the old table cannot hold, goes)."""
    _migrate(app, empty_database, upgrade, None, "0039")
    dsn = empty_database.replace("postgresql+psycopg", "postgresql")

    def rows(pg: psycopg.Connection, columns: str) -> list[tuple]:
        return pg.execute(f"SELECT reply_code, {columns} FROM sms_reply_codes ORDER BY reply_code").fetchall()

    with psycopg.connect(dsn, autocommit=True) as pg:
        tid = pg.execute("INSERT INTO tenants (slug, name, kind, default_locale, enabled_locales, timezone, settings) "
                         "VALUES ('f', 'F', 'steering_committee', 'en', '{en}', 'UTC', '{}') RETURNING id").fetchone()[0]
        pg.execute("INSERT INTO sms_reply_codes (tenant_id, reply_code, kind, object_id, member_id, phone, expires_at) "
                   "VALUES (%s, 'ACDEF', 'rsvp', 41, 7, '+233201234567', now() + interval '1 day'), "
                   "(%s, 'KPTRX', 'room', 3, NULL, NULL, now() + interval '1 day')", (tid, tid))
    _migrate(app, empty_database, downgrade, None, "0039-1")
    with psycopg.connect(dsn) as pg:
        assert rows(pg, "invitation_id, member_id, phone") == [("ACDEF", 41, 7, "+233201234567")]
    _migrate(app, empty_database, upgrade, None, "0039")
    with psycopg.connect(dsn) as pg:
        assert rows(pg, "kind, object_id, member_id, phone") == [("ACDEF", "rsvp", 41, 7, "+233201234567")]


def test_0060_indexes_translations_concurrently_without_rewriting_the_table(app, empty_database):
    """Issue 46: a Twi text is indexed whole (the 'unaccented' configuration), by an index built CONCURRENTLY (read under
    row-level security: tests/meetings/test_search.py); the
    table is not rewritten (its file is the same: no ACCESS EXCLUSIVE rewrite as with SET EXPRESSION), and release
    0.1's stored column is still there, still kept, for that release's nodes during the upgrade."""
    _migrate(app, empty_database, upgrade, None, "0058")
    dsn = empty_database.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(dsn, autocommit=True) as pg:
        tid = pg.execute("INSERT INTO tenants (slug, name, kind, default_locale, enabled_locales, timezone, settings) "
                         "VALUES ('f', 'F', 'steering_committee', 'en', '{en}', 'UTC', '{}') RETURNING id").fetchone()[0]
        pg.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tid),))  # row-level security
        pg.execute("INSERT INTO content_translations (tenant_id, object_type, object_id, field, locale, text) "
                   "VALUES (%s, 'meeting', 1, 'title', 'tw', 'Nkɔmmɔ a ɛfa sikakɔkɔɔ ho')", (tid,))
        filenode = pg.execute("SELECT pg_relation_filenode('content_translations')").fetchone()[0]
    _migrate(app, empty_database, upgrade, None, "0060")
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("SELECT set_config('app.tenant_id', %s, false)", (str(tid),))
        assert pg.execute("SELECT pg_relation_filenode('content_translations')").fetchone()[0] == filenode
        assert pg.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                          "'ix_content_translations_language_search'::regclass").fetchone() == (True,)
        vector = pg.execute("SELECT language_search_vector(locale, text)::text FROM content_translations").fetchone()
        assert "'a':" in vector[0] and "'sikakɔkɔɔ':" in vector[0]  # English would drop "a", a stop word for it
        assert pg.execute("SELECT search_vector IS NOT NULL FROM content_translations").fetchone() == (True,)
    _migrate(app, empty_database, downgrade, None, "0058")
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT to_regprocedure('language_search_vector(character varying, text)'), "
                          "to_regclass('ix_content_translations_language_search')").fetchone() == (None, None)
        assert pg.execute("SELECT pg_relation_filenode('content_translations')").fetchone()[0] == filenode
