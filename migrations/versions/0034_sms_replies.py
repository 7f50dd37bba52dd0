"""SMS replies (issue 25): platform tables routing inbound SMS (reply codes, opt-outs, the inbound log), delivery
reports per part (tenant table, RLS), the outbox's `delivered` status

Revision ID: 0034
Revises: 0028
Create Date: 2026-12-02 00:40:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0034'
down_revision = '0027'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed')"
NEW_STATUSES = "status IN ('pending', 'sending', 'sent', 'delivered', 'failed')"


def upgrade():
    op.add_column('sms_outbox', sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True))
    op.drop_constraint('status', 'sms_outbox', type_='check')
    op.create_check_constraint('status', 'sms_outbox', NEW_STATUSES)
    op.create_table('sms_delivery_reports',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('sms_id', sa.BigInteger(), nullable=False),
    sa.Column('part', sa.String(length=100), nullable=False),
    sa.Column('dlr_type', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'sms_id'], ['sms_outbox.tenant_id', 'sms_outbox.id'], name=op.f('fk_sms_delivery_reports_tenant_id_sms_id_sms_outbox'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sms_delivery_reports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_sms_delivery_reports')),
    sa.UniqueConstraint('tenant_id', 'sms_id', 'part', 'dlr_type', name=op.f('uq_sms_delivery_reports_tenant_id_sms_id_part_dlr_type'))
    )
    for statement in policy_sql('sms_delivery_reports'):
        op.execute(statement)
    op.create_table('sms_reply_codes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('reply_code', sa.String(length=8), nullable=False),
    sa.Column('invitation_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sms_reply_codes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_reply_codes')),
    sa.UniqueConstraint('tenant_id', 'reply_code', name=op.f('uq_sms_reply_codes_tenant_id_reply_code'))
    )
    op.create_index('ix_sms_reply_codes_code', 'sms_reply_codes', ['reply_code'], unique=False)
    op.create_index('ix_sms_reply_codes_phone', 'sms_reply_codes', ['phone'], unique=False)
    op.create_table('sms_opt_outs',
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('phone', name=op.f('pk_sms_opt_outs'))
    )
    op.create_table('sms_inbound',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sms_inbound_tenant_id_tenants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_inbound')),
    sa.UniqueConstraint('message_id', name=op.f('uq_sms_inbound_message_id'))
    )
    op.create_index('ix_sms_inbound_phone', 'sms_inbound', ['phone', 'received_at'], unique=False)


def downgrade():
    op.drop_index('ix_sms_inbound_phone', table_name='sms_inbound')
    op.drop_table('sms_inbound')
    op.drop_table('sms_opt_outs')
    op.drop_index('ix_sms_reply_codes_phone', table_name='sms_reply_codes')
    op.drop_index('ix_sms_reply_codes_code', table_name='sms_reply_codes')
    op.drop_table('sms_reply_codes')
    op.drop_table('sms_delivery_reports')
    op.execute("UPDATE sms_outbox SET status = 'sent' WHERE status = 'delivered'")
    op.drop_constraint('status', 'sms_outbox', type_='check')
    op.create_check_constraint('status', 'sms_outbox', OLD_STATUSES)
    op.drop_column('sms_outbox', 'delivered_at')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore ban-drop-constraint: a CHECK is dropped to be added again, wider, in the same transaction: the rows stay checked
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
