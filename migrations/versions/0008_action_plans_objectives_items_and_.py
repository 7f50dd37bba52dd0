"""action plans, objectives, items and updates

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 12:42:59.630364
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_plans',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_action_plans_visibility')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_action_plans_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_action_plans'))
    )
    op.create_table('objectives',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'plan_id'], ['action_plans.tenant_id', 'action_plans.id'], name=op.f('fk_objectives_tenant_id_plan_id_action_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_objectives_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_objectives'))
    )
    op.create_index('ix_objectives_plan', 'objectives', ['tenant_id', 'plan_id', 'position'], unique=False)
    op.create_table('action_items',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('plan_id', sa.BigInteger(), nullable=False),
    sa.Column('objective_id', sa.BigInteger(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_member_id', sa.BigInteger(), nullable=True),
    sa.Column('owner_organisation_id', sa.BigInteger(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('issue_area', sa.String(length=100), nullable=True),
    sa.Column('mineral', sa.String(length=60), nullable=True),
    sa.Column('place', sa.String(length=120), nullable=True),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('funding_source', sa.String(length=200), nullable=True),
    sa.Column('indicator', sa.String(length=300), nullable=True),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('baseline', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('target', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('current_value', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('reporting_frequency', sa.String(length=12), nullable=True),
    sa.Column('milestones', sa.Text(), nullable=True),
    sa.Column('evidence_link', sa.String(length=500), nullable=True),
    sa.Column('origin_decision_id', sa.BigInteger(), nullable=True),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("reporting_frequency IS NULL OR reporting_frequency IN ('monthly', 'quarterly', 'half_yearly', 'yearly')", name=op.f('ck_action_items_frequency')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'blocked', 'dropped')", name=op.f('ck_action_items_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_action_items_visibility')),
    sa.ForeignKeyConstraint(['tenant_id', 'objective_id'], ['objectives.tenant_id', 'objectives.id'], name=op.f('fk_action_items_tenant_id_objective_id_objectives')),
    sa.ForeignKeyConstraint(['tenant_id', 'origin_decision_id'], ['decisions.tenant_id', 'decisions.id'], name=op.f('fk_action_items_tenant_id_origin_decision_id_decisions')),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_action_items_tenant_id_owner_member_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'owner_organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_action_items_tenant_id_owner_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id', 'plan_id'], ['action_plans.tenant_id', 'action_plans.id'], name=op.f('fk_action_items_tenant_id_plan_id_action_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_action_items_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_action_items'))
    )
    op.create_index('ix_action_items_due', 'action_items', ['tenant_id', 'due_on'], unique=False)
    op.create_index('ix_action_items_owner', 'action_items', ['tenant_id', 'owner_member_id'], unique=False)
    op.create_index('ix_action_items_owner_org', 'action_items', ['tenant_id', 'owner_organisation_id'], unique=False)
    op.create_index('ix_action_items_plan', 'action_items', ['tenant_id', 'plan_id'], unique=False)
    op.create_table('action_updates',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['action_items.tenant_id', 'action_items.id'], name=op.f('fk_action_updates_tenant_id_item_id_action_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_action_updates_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_action_updates'))
    )
    op.create_index('ix_action_updates_item', 'action_updates', ['tenant_id', 'item_id', 'at'], unique=False)

    for table in ("action_plans", "objectives", "action_items", "action_updates"):
        for statement in policy_sql(table):
            op.execute(statement)
    # the progress report joins the report kinds
    op.drop_constraint(op.f("ck_reports_kind"), "reports", type_="check")
    op.create_check_constraint("kind", "reports", "kind IN ('attendance_meeting', 'attendance_period', "
                               "'action_progress')")


def downgrade():
    op.drop_constraint(op.f("ck_reports_kind"), "reports", type_="check")
    op.create_check_constraint("kind", "reports", "kind IN ('attendance_meeting', 'attendance_period')")
    op.drop_index('ix_action_updates_item', table_name='action_updates')
    op.drop_table('action_updates')
    op.drop_index('ix_action_items_plan', table_name='action_items')
    op.drop_index('ix_action_items_owner_org', table_name='action_items')
    op.drop_index('ix_action_items_owner', table_name='action_items')
    op.drop_index('ix_action_items_due', table_name='action_items')
    op.drop_table('action_items')
    op.drop_index('ix_objectives_plan', table_name='objectives')
    op.drop_table('objectives')
    op.drop_table('action_plans')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore ban-drop-constraint: a CHECK is dropped to be added again, wider, in the same transaction: the rows stay checked
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
