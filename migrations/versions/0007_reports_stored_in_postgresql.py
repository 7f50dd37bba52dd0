"""reports stored in PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 12:38:22.958659
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reports',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('params', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('format', sa.String(length=4), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('requested_by', sa.BigInteger(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('file', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("format IN ('pdf', 'csv')", name=op.f('ck_reports_format')),
    sa.CheckConstraint("kind IN ('attendance_meeting', 'attendance_period')", name=op.f('ck_reports_kind')),
    sa.CheckConstraint("status IN ('queued', 'running', 'ready', 'failed')", name=op.f('ck_reports_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_reports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_reports'))
    )
    op.create_index('ix_reports_tenant_created', 'reports', ['tenant_id', 'created_at'], unique=False)

    for statement in policy_sql("reports"):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_reports_tenant_created', table_name='reports')
    op.drop_table('reports')
