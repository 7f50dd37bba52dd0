"""each person's time zone: users.time_zone (their setting across forums) and members.time_zone (the one the roll
gives a member, for members without an account); None means the forum's

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('time_zone', sa.String(length=64), nullable=True))
    op.add_column('members', sa.Column('time_zone', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('members', 'time_zone')
    op.drop_column('users', 'time_zone')
