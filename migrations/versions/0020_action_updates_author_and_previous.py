"""action updates remember their author (member id) and what they replaced, so the author can correct or
withdraw their latest update and a withdrawal restores the item as it was

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 21:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('action_updates', sa.Column('author_member_id', sa.BigInteger(), nullable=True))
    op.add_column('action_updates', sa.Column('previous_status', sa.String(length=12), nullable=True))
    op.add_column('action_updates', sa.Column('previous_value', sa.Numeric(precision=14, scale=4), nullable=True))
    op.create_foreign_key('fk_action_updates_tenant_id_author_member_id_members', 'action_updates', 'members',
                          ['tenant_id', 'author_member_id'], ['tenant_id', 'id'])


def downgrade():
    op.drop_constraint('fk_action_updates_tenant_id_author_member_id_members', 'action_updates', type_='foreignkey')
    op.drop_column('action_updates', 'previous_value')
    op.drop_column('action_updates', 'previous_status')
    op.drop_column('action_updates', 'author_member_id')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore adding-foreign-key-constraint: the foreign key is checked at once, on the empty tables of a 0.1.0 install
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
