"""federation: the affiliations platform table; shared objectives and snapshots in the coordinating forum; received
objectives and their links in the affiliate (no foreign key crosses forums)

Revision ID: 0031
Revises: 0023
Create Date: 2026-12-01 23:40:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.rls import policy_sql

revision = '0031'
down_revision = '0028'
branch_labels = None
depends_on = None


def _tenant_fk(table):
    return sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f(f'fk_{table}_tenant_id_tenants'),
                                   ondelete='CASCADE')


def upgrade():
    # a platform table, like tenants: no tenant_id, no row-level security; read through one query
    op.create_table('affiliations',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('coordinator_id', sa.BigInteger(), nullable=False),
    sa.Column('affiliate_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('shares_progress', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('shares_inclusion', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('shares_outcomes', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('invited_by', sa.String(length=200), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_by', sa.String(length=200), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'active', 'ended')", name=op.f('ck_affiliations_status')),
    sa.CheckConstraint('coordinator_id <> affiliate_id', name=op.f('ck_affiliations_two_forums')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['tenants.id'], name=op.f('fk_affiliations_coordinator_id_tenants'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['affiliate_id'], ['tenants.id'], name=op.f('fk_affiliations_affiliate_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_affiliations'))
    )
    op.create_index('ix_affiliations_affiliate', 'affiliations', ['affiliate_id'], unique=False)
    op.create_index('uq_affiliations_live', 'affiliations', ['coordinator_id', 'affiliate_id'], unique=True,
                    postgresql_where=sa.text("status <> 'ended'"))

    op.create_table('shared_objectives',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('objective_id', sa.BigInteger(), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'objective_id'], ['objectives.tenant_id', 'objectives.id'],
                            name=op.f('fk_shared_objectives_tenant_id_objectives'), ondelete='CASCADE'),
    _tenant_fk('shared_objectives'),
    sa.PrimaryKeyConstraint('tenant_id', 'objective_id', name=op.f('pk_shared_objectives'))
    )
    op.create_table('received_objectives',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('affiliation_id', sa.BigInteger(), nullable=False),
    sa.Column('coordinator_tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('coordinator_name', sa.String(length=200), nullable=False),
    sa.Column('source_objective_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('plan_title', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    _tenant_fk('received_objectives'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_received_objectives')),
    sa.UniqueConstraint('tenant_id', 'coordinator_tenant_id', 'source_objective_id',
                        name='uq_received_objectives_source')
    )
    op.create_table('objective_links',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('objective_id', sa.BigInteger(), nullable=False),
    sa.Column('received_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'objective_id'], ['objectives.tenant_id', 'objectives.id'],
                            name=op.f('fk_objective_links_tenant_id_objectives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'received_id'], ['received_objectives.tenant_id', 'received_objectives.id'],
                            name=op.f('fk_objective_links_tenant_id_received_objectives'), ondelete='CASCADE'),
    _tenant_fk('objective_links'),
    sa.PrimaryKeyConstraint('tenant_id', 'objective_id', 'received_id', name=op.f('pk_objective_links'))
    )
    op.create_table('affiliate_snapshots',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('affiliation_id', sa.BigInteger(), nullable=False),
    sa.Column('affiliate_tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('figures', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    _tenant_fk('affiliate_snapshots'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_affiliate_snapshots')),
    sa.UniqueConstraint('tenant_id', 'affiliation_id', 'period', name='uq_affiliate_snapshots_period')
    )
    for table in ('shared_objectives', 'received_objectives', 'objective_links', 'affiliate_snapshots'):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    for table in ('affiliate_snapshots', 'objective_links', 'received_objectives', 'shared_objectives'):
        op.drop_table(table)
    op.drop_index('uq_affiliations_live', table_name='affiliations', postgresql_where=sa.text("status <> 'ended'"))
    op.drop_index('ix_affiliations_affiliate', table_name='affiliations')
    op.drop_table('affiliations')
