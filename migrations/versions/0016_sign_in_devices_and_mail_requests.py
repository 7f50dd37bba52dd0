"""account security: known-device sign-in failures and rate-limited anonymous mail requests

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 21:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('login_failures', sa.Column('device', sa.String(length=32), nullable=True))
    op.create_index('ix_login_failures_device_at', 'login_failures', ['device', 'at'], unique=False)
    op.create_table('mail_requests',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_requests'))
    )
    op.create_index('ix_mail_requests_email_at', 'mail_requests', ['email', 'at'], unique=False)
    op.create_index('ix_mail_requests_ip_at', 'mail_requests', ['ip', 'at'], unique=False)


def downgrade():
    op.drop_index('ix_mail_requests_ip_at', table_name='mail_requests')
    op.drop_index('ix_mail_requests_email_at', table_name='mail_requests')
    op.drop_table('mail_requests')
    op.drop_index('ix_login_failures_device_at', table_name='login_failures')
    op.drop_column('login_failures', 'device')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one); no install had a large table before 0.1.0
