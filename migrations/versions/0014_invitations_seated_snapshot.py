"""invitations remember whether the invitee held a seat on the committee when invited (quorum after the fact)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 15:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # earlier invitations stay false: their meetings keep the rule they had (the committee as it is now)
    op.add_column('invitations', sa.Column('seated', sa.Boolean(), server_default='false', nullable=False))


def downgrade():
    op.drop_column('invitations', 'seated')
