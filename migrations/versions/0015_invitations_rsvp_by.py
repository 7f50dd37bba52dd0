"""invitations remember who answered: the invitee or the alternate standing in for them

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('invitations', sa.Column('rsvp_by_id', sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f('fk_invitations_tenant_id_rsvp_by_id_members'), 'invitations', 'members',
                          ['tenant_id', 'rsvp_by_id'], ['tenant_id', 'id'])


def downgrade():
    op.drop_constraint(op.f('fk_invitations_tenant_id_rsvp_by_id_members'), 'invitations', type_='foreignkey')
    op.drop_column('invitations', 'rsvp_by_id')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore adding-foreign-key-constraint: the foreign key is checked at once, on the empty tables of a 0.1.0 install
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
