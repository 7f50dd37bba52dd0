"""the register of actors and initiatives, "who does what where", and the plan objectives each contributes to
(issue 41)

Revision ID: 0051
Revises: 0056
Create Date: 2026-12-06 07:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0051'
down_revision = '0056'
branch_labels = None
depends_on = None

STATUSES = "status IN ('planned', 'ongoing', 'completed', 'suspended')"
VISIBILITIES = "visibility IN ('public', 'members', 'restricted')"


def upgrade():
    op.create_table('initiatives',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('implementer', sa.String(length=200), nullable=False),
    sa.Column('funder', sa.String(length=200), nullable=True),
    sa.Column('minerals', sa.String(length=200), nullable=True),
    sa.Column('locations', sa.String(length=300), nullable=True),
    sa.Column('themes', sa.String(length=300), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint(STATUSES, name=op.f('ck_initiatives_status')),
    sa.CheckConstraint(VISIBILITIES, name=op.f('ck_initiatives_visibility')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_initiatives_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_initiatives'))
    )
    op.create_index('ix_initiatives_name', 'initiatives', ['tenant_id', 'name'], unique=False)
    for statement in policy_sql('initiatives'):
        op.execute(statement)
    op.create_table('initiative_objectives',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('initiative_id', sa.BigInteger(), nullable=False),
    sa.Column('objective_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'initiative_id'], ['initiatives.tenant_id', 'initiatives.id'], name=op.f('fk_initiative_objectives_tenant_id_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'objective_id'], ['objectives.tenant_id', 'objectives.id'], name=op.f('fk_initiative_objectives_tenant_id_objective_id_objectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_initiative_objectives_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'initiative_id', 'objective_id', name=op.f('pk_initiative_objectives'))
    )
    op.create_index('ix_initiative_objectives_objective', 'initiative_objectives', ['tenant_id', 'objective_id'], unique=False)
    for statement in policy_sql('initiative_objectives'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_initiative_objectives_objective', table_name='initiative_objectives')
    op.drop_table('initiative_objectives')
    op.drop_index('ix_initiatives_name', table_name='initiatives')
    op.drop_table('initiatives')
