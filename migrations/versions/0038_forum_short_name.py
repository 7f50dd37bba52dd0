"""a forum's short name (NSCCL, IDAK, ASM-RT), who its SMS are from (issue 32); until a forum sets one, its SMS use
the one suggested from its initials

Revision ID: 0038
Revises: 0040
Create Date: 2026-12-06 04:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0038'
down_revision = '0040'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tenants', sa.Column('short_name', sa.String(length=12), nullable=True))


def downgrade():
    op.drop_column('tenants', 'short_name')
