"""affiliations.shares_indicators: a new share an affiliate consents to (issue 40) — its verified, disaggregated
indicator figures travel up in snapshots, small cells withheld. False for every existing affiliation: what an
affiliate agreed to share is not widened on deploy; it ticks the new share itself.

Revision ID: 0070
Revises: 0058
Create Date: 2026-12-06 10:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0070'
down_revision = '0059'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('affiliations', sa.Column('shares_indicators', sa.Boolean(), server_default='false', nullable=False))


def downgrade():
    op.drop_column('affiliations', 'shares_indicators')
