"""elections in the session (issue 39): a vote among candidates (a chair's election) — the candidates on the vote,
each one an answer of its ballots and tallies ('c1', 'c2', …) beside abstaining

Revision ID: 0062
Revises: 0058
Create Date: 2026-12-06 10:10:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0062'
down_revision = '0072'
branch_labels = None
depends_on = None

ANSWERS = "'agree', 'object', 'abstain'"
CANDIDATE = "answer ~ '^c[0-9]{1,2}$'"


def upgrade():
    # each check is wider than the one it replaces, so the rows already there pass it: NOT VALID checks the new rows
    # without a scan (a VALIDATE in the same transaction would block reads while it runs)
    op.add_column('live_votes', sa.Column('candidates', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.drop_constraint(op.f('ck_live_vote_tallies_answer'), 'live_vote_tallies', type_='check')
    op.execute("ALTER TABLE live_vote_tallies ADD CONSTRAINT ck_live_vote_tallies_answer "
               f"CHECK (answer IN ({ANSWERS}) OR {CANDIDATE}) NOT VALID")
    op.drop_constraint(op.f('ck_live_vote_ballots_answer'), 'live_vote_ballots', type_='check')
    op.execute("ALTER TABLE live_vote_ballots ADD CONSTRAINT ck_live_vote_ballots_answer "
               f"CHECK (answer IS NULL OR answer IN ({ANSWERS}) OR {CANDIDATE}) NOT VALID")


def downgrade():
    # elections already held keep their tallies (NOT VALID checks new rows only)
    op.drop_constraint(op.f('ck_live_vote_ballots_answer'), 'live_vote_ballots', type_='check')
    op.execute("ALTER TABLE live_vote_ballots ADD CONSTRAINT ck_live_vote_ballots_answer "
               f"CHECK (answer IS NULL OR answer IN ({ANSWERS})) NOT VALID")
    op.drop_constraint(op.f('ck_live_vote_tallies_answer'), 'live_vote_tallies', type_='check')
    op.execute("ALTER TABLE live_vote_tallies ADD CONSTRAINT ck_live_vote_tallies_answer "
               f"CHECK (answer IN ({ANSWERS})) NOT VALID")
    op.drop_column('live_votes', 'candidates')


# Migration safety: squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# squawk-ignore ban-drop-constraint: a CHECK is dropped to be added again, wider, in the same transaction: the rows stay checked
