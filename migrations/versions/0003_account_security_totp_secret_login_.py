"""account security: TOTP secret, login failures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:56:40.857521
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_failures',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    op.create_index('ix_login_failures_email_at', 'login_failures', ['email', 'at'], unique=False)
    op.create_index('ix_login_failures_ip_at', 'login_failures', ['ip', 'at'], unique=False)
    op.add_column('users', sa.Column('totp_secret', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('users', 'totp_secret')
    op.drop_index('ix_login_failures_ip_at', table_name='login_failures')
    op.drop_index('ix_login_failures_email_at', table_name='login_failures')
    op.drop_table('login_failures')
