"""Issue 44: squawk on the SQL every migration executes (captured from a real upgrade of an empty database); a
migration that takes a lock blocking a busy table fails the suite unless its file says why it is safe."""
from __future__ import annotations

import shutil

from alembic.script import ScriptDirectory

from tests import migration_sql
from tests.test_migrations import empty_database  # noqa: F401  (fixture)


def test_every_migration_passes_squawk(app, empty_database, tmp_path):  # noqa: F811
    log = migration_sql.capture(app, empty_database)
    assert len(log) == len(list(migration_sql.VERSIONS.glob("*.py"))), "a statement log per revision"
    assert any("CREATE TABLE tenants" in s for s in log["0001"])
    result = migration_sql.squawk(migration_sql.write_files(log, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_index_without_concurrently_fails_and_the_safe_way_passes(app, empty_database, tmp_path):  # noqa: F811
    """What CI does with a new migration, on fixtures: one adds an index that blocks writes, one builds it
    CONCURRENTLY outside the revision's transaction."""
    migrations = tmp_path / "migrations"
    shutil.copytree(migration_sql.ROOT / "migrations", migrations, ignore=shutil.ignore_patterns("__pycache__"))
    with app.app_context():
        head = ScriptDirectory(str(migrations)).get_current_head()
    fixtures = migration_sql.ROOT / "tests" / "fixtures" / "migrations"
    sources = {}
    for fixture in sorted(fixtures.glob("f*.py")):
        text = fixture.read_text().replace('down_revision = "HEAD"', f'down_revision = "{head}"')
        (migrations / "versions" / fixture.name).write_text(text)
        sources[fixture.name[:4]] = text
    log = migration_sql.capture(app, empty_database, directory=migrations)
    blocking, concurrent = migration_sql.write_files({k: log[k] for k in ("f001", "f002")}, tmp_path / "sql", sources)
    assert "CREATE INDEX ix_members_fixture_region ON members" in blocking.read_text()
    result = migration_sql.squawk([blocking])
    assert result.returncode != 0 and "require-concurrent-index-creation" in result.stdout, result.stdout
    assert "CONCURRENTLY" in concurrent.read_text()
    result = migration_sql.squawk([concurrent])
    assert result.returncode == 0, result.stdout + result.stderr
