"""disaggregated indicators (issue 40): an action item may be reported by sex and age band or by site
(action_items.disaggregation, action_items.sites), and an update keeps its cells (action_update_cells), whose sum
is its value. The forum's age bands are a setting (tenants.settings "age_bands"), not a table.

Revision ID: 0050
Revises: 0055
Create Date: 2026-12-06 07:00:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0050'
down_revision = '0055'
branch_labels = None
depends_on = None

# squawk-ignore adding-field-with-default: the new columns are nullable without a default: no row is rewritten
# squawk-ignore constraint-missing-not-valid: the CHECK on the new column holds for every existing row (all NULL): validating it is one quick scan


def upgrade():
    op.add_column('action_items', sa.Column('disaggregation', sa.String(length=8), nullable=True))
    op.add_column('action_items', sa.Column('sites', sa.Text(), nullable=True))
    op.create_check_constraint(op.f('ck_action_items_disaggregation'), 'action_items',
                               "disaggregation IS NULL OR disaggregation IN ('sex_age', 'site')")
    op.create_table('action_update_cells',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('update_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('band', sa.String(length=120), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.CheckConstraint("sex IS NULL OR sex IN ('f', 'm')", name=op.f('ck_action_update_cells_sex')),
    sa.CheckConstraint('value >= 0', name=op.f('ck_action_update_cells_value')),
    sa.ForeignKeyConstraint(['tenant_id', 'update_id'], ['action_updates.tenant_id', 'action_updates.id'], name=op.f('fk_action_update_cells_tenant_id_update_id_action_updates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_action_update_cells_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_action_update_cells'))
    )
    op.create_index('ix_action_update_cells_update', 'action_update_cells', ['tenant_id', 'update_id', 'position'], unique=False)
    for statement in policy_sql('action_update_cells'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_action_update_cells_update', table_name='action_update_cells')
    op.drop_table('action_update_cells')
    op.drop_constraint(op.f('ck_action_items_disaggregation'), 'action_items', type_='check')
    op.drop_column('action_items', 'sites')
    op.drop_column('action_items', 'disaggregation')
