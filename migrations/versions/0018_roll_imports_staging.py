"""roll imports: a parsed member roll waits on the server between preview and confirmation (tenant table, RLS)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 21:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.rls import policy_sql

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('roll_imports',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('parsed_rows', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_roll_imports_tenant_id_created_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_roll_imports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_roll_imports'))
    )
    op.create_index('ix_roll_imports_expires', 'roll_imports', ['tenant_id', 'expires_at'], unique=False)
    for statement in policy_sql('roll_imports'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_roll_imports_expires', table_name='roll_imports')
    op.drop_table('roll_imports')
