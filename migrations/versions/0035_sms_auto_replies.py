"""Automatic SMS replies counted per number (issue 31): a platform table of the replies sent, and the inbound log
indexed by forum and time (the Messages page's busiest numbers)

Revision ID: 0035
Revises: 0033
Create Date: 2026-12-06 04:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0035'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sms_auto_replies',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=True),
    sa.Column('answer', sa.String(length=16), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sms_auto_replies_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_auto_replies'))
    )
    op.create_index('ix_sms_auto_replies_phone', 'sms_auto_replies', ['phone', 'sent_at'], unique=False)
    op.create_index('ix_sms_inbound_tenant_received', 'sms_inbound', ['tenant_id', 'received_at'], unique=False)


def downgrade():
    op.drop_index('ix_sms_inbound_tenant_received', table_name='sms_inbound')
    op.drop_index('ix_sms_auto_replies_phone', table_name='sms_auto_replies')
    op.drop_table('sms_auto_replies')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one); no install had a large table before 0.1.0
