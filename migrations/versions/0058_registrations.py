"""registrations: registration for open public sessions without an account, with seats and a waiting list (issue 42)

Revision ID: 0058
Revises: 0048
Create Date: 2026-12-06 08:10:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0058'
down_revision = '0048'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_openings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_registration_openings_capacity')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_registration_openings_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_registration_openings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'meeting_id', name=op.f('pk_registration_openings'))
    )
    op.create_table('registrations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('access_needs', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('confirmed', 'waiting')", name=op.f('ck_registrations_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_registrations_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_registrations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('tenant_id', 'meeting_id', 'email', name=op.f('uq_registrations_tenant_id_meeting_id_email')),
    sa.UniqueConstraint('tenant_id', 'token', name=op.f('uq_registrations_tenant_id_token'))
    )
    op.create_index('ix_registrations_meeting', 'registrations', ['tenant_id', 'meeting_id', 'status', 'id'], unique=False)
    for table in ('registration_openings', 'registrations'):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    op.drop_index('ix_registrations_meeting', table_name='registrations')
    op.drop_table('registrations')
    op.drop_table('registration_openings')
