"""the forum's member count kept on tenants for the directory of forums, which reads no tenant table (issue 31:
one definition of a member, members/membership.py)

Revision ID: 0040
Revises: 0033
Create Date: 2026-12-06 04:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade():
    # NULL until the forum's roll next changes or the daily term sweep runs (members/membership.py refresh_count)
    op.add_column('tenants', sa.Column('member_count', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('tenants', 'member_count')
