"""recordings: audio of a meeting's notice or outcome per language (issue 46)

Revision ID: 0057
Revises: 0043
Create Date: 2026-12-06 07:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0057'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recordings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=35), nullable=False),
    sa.Column('transcript', sa.Text(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('error', sa.String(length=30), nullable=True),
    sa.Column('upload', sa.LargeBinary(), nullable=True),
    sa.Column('audio', sa.LargeBinary(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("purpose IN ('notice', 'outcome')", name=op.f('ck_recordings_purpose')),
    sa.CheckConstraint("status IN ('pending', 'ready', 'refused')", name=op.f('ck_recordings_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_recordings_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_recordings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_recordings')),
    sa.UniqueConstraint('tenant_id', 'token', name=op.f('uq_recordings_tenant_id_token'))
    )
    op.create_index('ix_recordings_meeting', 'recordings', ['tenant_id', 'meeting_id'], unique=False)
    for statement in policy_sql('recordings'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_recordings_meeting', table_name='recordings')
    op.drop_table('recordings')
