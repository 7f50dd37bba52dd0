"""search on stored tsvector columns with GIN indexes, per language (english, french, spanish; swahili and hausa
copied from simple with the unaccent dictionary); member and organisation names by trigram index (pg_trgm)

Revision ID: 0026
Revises: 0023
Create Date: 2026-12-01 23:59:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0026'
down_revision = '0031'
branch_labels = None
depends_on = None

# (table, generated expression, index name): the expressions webapp/core/search.py gives the models today,
# written out so that this revision stays what it was
VECTORS = [
    ('meetings',
     "setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig ELSE 'english'::regconfig END, coalesce(title, '')), 'A') || setweight(to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig ELSE 'english'::regconfig END, coalesce(coalesce(expected_outputs, '') || ' ' || coalesce(summary, ''), '')), 'B')",
     'ix_meetings_search'),
    ('content_translations',
     "setweight(to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig ELSE 'english'::regconfig END, coalesce(text, '')), 'A')",
     'ix_content_translations_search'),
    ('agenda_items',
     "(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')) || (setweight(to_tsvector('french'::regconfig, coalesce(title, '')), 'A')) || (setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A')) || (setweight(to_tsvector('swahili'::regconfig, coalesce(title, '')), 'A'))",
     'ix_agenda_items_search'),
    ('minutes',
     "(setweight(to_tsvector('english'::regconfig, coalesce(body_md, '')), 'A')) || (setweight(to_tsvector('french'::regconfig, coalesce(body_md, '')), 'A')) || (setweight(to_tsvector('spanish'::regconfig, coalesce(body_md, '')), 'A')) || (setweight(to_tsvector('swahili'::regconfig, coalesce(body_md, '')), 'A'))",
     'ix_minutes_search'),
    ('decisions',
     "(setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(policy_outcome, '')), 'B')) || (setweight(to_tsvector('french'::regconfig, coalesce(text, '')), 'A') || setweight(to_tsvector('french'::regconfig, coalesce(policy_outcome, '')), 'B')) || (setweight(to_tsvector('spanish'::regconfig, coalesce(text, '')), 'A') || setweight(to_tsvector('spanish'::regconfig, coalesce(policy_outcome, '')), 'B')) || (setweight(to_tsvector('swahili'::regconfig, coalesce(text, '')), 'A') || setweight(to_tsvector('swahili'::regconfig, coalesce(policy_outcome, '')), 'B'))",
     'ix_decisions_search'),
    ('action_items',
     "(setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(coalesce(indicator, '') || ' ' || coalesce(milestones, ''), '')), 'B')) || (setweight(to_tsvector('french'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('french'::regconfig, coalesce(coalesce(indicator, '') || ' ' || coalesce(milestones, ''), '')), 'B')) || (setweight(to_tsvector('spanish'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('spanish'::regconfig, coalesce(coalesce(indicator, '') || ' ' || coalesce(milestones, ''), '')), 'B')) || (setweight(to_tsvector('swahili'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('swahili'::regconfig, coalesce(coalesce(indicator, '') || ' ' || coalesce(milestones, ''), '')), 'B'))",
     'ix_action_items_search'),
]
TRIGRAMS = [('members', 'name', 'ix_members_name_trgm'), ('members', 'region', 'ix_members_region_trgm'),
            ('organisations', 'name', 'ix_organisations_name_trgm')]


def upgrade():
    # both are trusted extensions (PostgreSQL 13+): the database owner creates them, no superuser needed
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name in ('swahili', 'hausa'):
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = simple)")
        op.execute(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR word, hword, hword_part "
                   "WITH unaccent, simple")
    for table, expression, index in VECTORS:
        op.add_column(table, sa.Column('search_vector', postgresql.TSVECTOR(),
                                       sa.Computed(expression, persisted=True), nullable=True))
        op.create_index(index, table, ['search_vector'], unique=False, postgresql_using='gin')
    for table, column, index in TRIGRAMS:
        op.create_index(index, table, [column], unique=False, postgresql_using='gin',
                        postgresql_ops={column: 'gin_trgm_ops'})


def downgrade():
    for table, _column, index in TRIGRAMS:
        op.drop_index(index, table_name=table)
    for table, _expression, index in VECTORS:
        op.drop_index(index, table_name=table)
        op.drop_column(table, 'search_vector')
    for name in ('swahili', 'hausa'):
        op.execute(f"DROP TEXT SEARCH CONFIGURATION {name}")
    # the extensions stay: other objects may use them, and creating them again is harmless


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore adding-field-with-default: generated search columns rewrite their tables; no install had a large table before 0.1.0
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one); no install had a large table before 0.1.0
