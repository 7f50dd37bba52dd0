"""who chairs, speaks or reports at a meeting (for the speakers-and-chairs balance check)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 15:25:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('invitations', sa.Column('part', sa.String(length=12), nullable=True))
    op.create_check_constraint("part", "invitations", "part IS NULL OR part IN ('chair', 'speaker', 'rapporteur')")


def downgrade():
    op.drop_constraint(op.f("ck_invitations_part"), "invitations", type_="check")
    op.drop_column('invitations', 'part')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
