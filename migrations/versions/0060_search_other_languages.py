"""search in any working language (issue 46): a forum's languages PostgreSQL has no stemmer for (Twi, Dagbani,
Lingala, Quechua ...) are indexed with the new ``unaccented`` configuration (``simple`` with the ``unaccent``
dictionary) instead of English. Content translations are searched through an expression GIN index over the new
IMMUTABLE function ``language_search_vector(locale, text)``, built CONCURRENTLY, instead of their stored column.

Revision ID: 0060
Revises: 0058
Create Date: 2026-12-06 10:20:00

Safe on a large table: nothing rewrites content_translations. Changing the stored generated column's expression
(``SET EXPRESSION``, the first version of this revision) rewrote the table and its indexes under an ACCESS
EXCLUSIVE lock (2.6 s at 120,000 rows); now
- the configuration and the function are catalogue-only statements (no table lock);
- the index is built ``CONCURRENTLY`` outside the revision's transaction: SHARE UPDATE EXCLUSIVE, so reads and
  writes go on while it scans the table (only other schema changes of the table wait);
- the old ``search_vector`` column and its index stay (expand, then contract: docs/operations.md): the previous
  release's nodes keep searching translations through them until every node runs this code; a later release's
  revision drops them (``DROP INDEX CONCURRENTLY``, then ``DROP COLUMN``: catalogue-only, milliseconds).
Measured: docs/operations.md "Migration 0060".

The function is SQL with a standard body (parsed once, its configurations bound by OID, no search_path at run
time) and no SET clause, so the planner inlines it: the search's condition is ``setweight(to_tsvector(...))``,
whose functions a superuser marks LEAKPROOF (README) so that row-level security lets the planner use the index.
"""
from alembic import op
import sqlalchemy as sa

revision = '0060'
down_revision = '0058'
branch_labels = None
depends_on = None

INDEX = 'ix_content_translations_language_search'
FUNCTION = """
CREATE OR REPLACE FUNCTION language_search_vector(lang character varying, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector(CASE lang WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig
    WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig
    ELSE 'unaccented'::regconfig END, body), 'A')
"""


def upgrade():
    # run again after a failed index build (lock_timeout behind a long transaction): the configuration and the
    # function were committed before it, and an interrupted CREATE INDEX CONCURRENTLY leaves an invalid index
    if not op.get_bind().scalar(sa.text("SELECT EXISTS (SELECT FROM pg_ts_config WHERE cfgname = 'unaccented')")):
        op.execute("CREATE TEXT SEARCH CONFIGURATION unaccented (COPY = simple)")
        op.execute("ALTER TEXT SEARCH CONFIGURATION unaccented ALTER MAPPING FOR word, hword, hword_part "
                   "WITH unaccent, simple")
    op.execute(FUNCTION)
    with op.get_context().autocommit_block():
        invalid = f"SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass('{INDEX}')"
        if op.get_bind().scalar(sa.text(invalid)):
            op.execute(f"DROP INDEX CONCURRENTLY {INDEX}")
        op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON content_translations "
                   "USING gin (language_search_vector(locale, text))")


def downgrade():
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    op.execute("DROP FUNCTION language_search_vector(character varying, text)")
    op.execute("DROP TEXT SEARCH CONFIGURATION unaccented")
