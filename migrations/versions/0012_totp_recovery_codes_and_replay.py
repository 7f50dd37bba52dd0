"""two-step sign-in: single-use recovery codes and the last accepted TOTP step

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 14:40:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    op.add_column('users', sa.Column('totp_recovery_hashes', postgresql.ARRAY(sa.String(length=64)),
                                     server_default='{}', nullable=False))


def downgrade():
    op.drop_column('users', 'totp_recovery_hashes')
    op.drop_column('users', 'totp_last_step')
