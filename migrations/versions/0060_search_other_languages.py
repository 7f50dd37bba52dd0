"""search in any working language (issue 46): a forum's languages PostgreSQL has no stemmer for (Twi, Dagbani,
Lingala, Quechua ...) are indexed with the new ``unaccented`` configuration (``simple`` with the ``unaccent``
dictionary) instead of English: content_translations.search_vector's generated expression changes.

Revision ID: 0060
Revises: 0058
Create Date: 2026-12-06 10:20:00

Why not a new column filled in batches, indexed CONCURRENTLY and swapped: the search columns are *generated*
(webapp/core/search.py), and a generated column cannot be filled in batches — adding one, stored, rewrites the
table as surely as changing its expression; a plain column kept by a trigger would be the one search column not
generated, against the models. So the expression is changed in place (PostgreSQL 17+: SET EXPRESSION), one table
rewrite (content_translations only, with its indexes), under migrations/env.py's lock timeout: on a busy database
the migration gives up after 5 s of waiting instead of queueing every reader behind it (run it again). Measured on
bench/generate.py's data (500 forums, 120,000 translations, 32 MB): 2.6 s — docs/operations.md "Migration 0060".
"""
from alembic import op

revision = '0060'
down_revision = '0058'
branch_labels = None
depends_on = None

OLD = ("setweight(to_tsvector(CASE locale WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig "
       "WHEN 'sw' THEN 'swahili'::regconfig WHEN 'ha' THEN 'hausa'::regconfig ELSE 'english'::regconfig END, "
       "coalesce(text, '')), 'A')")
NEW = ("setweight(to_tsvector(CASE coalesce(locale, 'en') WHEN 'en' THEN 'english'::regconfig "
       "WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig WHEN 'sw' THEN 'swahili'::regconfig "
       "WHEN 'ha' THEN 'hausa'::regconfig ELSE 'unaccented'::regconfig END, coalesce(text, '')), 'A')")


def upgrade():
    op.execute("CREATE TEXT SEARCH CONFIGURATION unaccented (COPY = simple)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION unaccented ALTER MAPPING FOR word, hword, hword_part "
               "WITH unaccent, simple")
    op.execute(f"ALTER TABLE content_translations ALTER COLUMN search_vector SET EXPRESSION AS ({NEW})")


def downgrade():
    op.execute(f"ALTER TABLE content_translations ALTER COLUMN search_vector SET EXPRESSION AS ({OLD})")
    op.execute("DROP TEXT SEARCH CONFIGURATION unaccented")
