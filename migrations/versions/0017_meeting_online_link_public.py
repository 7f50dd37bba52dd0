"""a meeting's online link is public only where the secretariat marks it so (by default, never)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # existing meetings stay false: their links leave the public calendar until the secretariat marks them public
    op.add_column('meetings', sa.Column('online_link_public', sa.Boolean(), server_default='false', nullable=False))


def downgrade():
    op.drop_column('meetings', 'online_link_public')
