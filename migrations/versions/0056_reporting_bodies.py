"""reporting bodies and periodic reports (issue 40): reporting_bodies names who reports on an action item each
period (an organisation or a member); a report is an action update carrying its body and period
(action_updates.body_id, period, late, via), one per body and period (a partial unique index), never overwritten;
verification: a figure counts once verified (action_updates.verification, verified_by, verified_at, verifier_note;
action_items.verify_figures, verifier_member_id); evidence files attached to an update or a report (action_evidence,
members-only, photos kept without metadata). Existing updates are marked verified by the column's default: they
were accepted under the rules of their day, so no public figure disappears on deploy.

Revision ID: 0056
Revises: 0050
Create Date: 2026-12-06 07:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0056'
down_revision = '0050'
branch_labels = None
depends_on = None

# squawk-ignore adding-field-with-default: late and via take constant defaults (PostgreSQL 11+ stores them in the catalogue: no row is rewritten)
# squawk-ignore constraint-missing-not-valid: the CHECKs hold for every existing row (no body, no period, via 'web'): validating them is one quick scan of action_updates
# squawk-ignore adding-foreign-key-constraint: every row holds NULL in body_id and verifier_member_id: the checks read nothing
# squawk-ignore require-concurrent-index-creation: the partial index covers rows with a body only, none yet: it is built over nothing


def upgrade():
    op.create_table('reporting_bodies',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('organisation_id', sa.BigInteger(), nullable=True),
    sa.Column('member_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('(organisation_id IS NULL) <> (member_id IS NULL)', name=op.f('ck_reporting_bodies_one_reporter')),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['action_items.tenant_id', 'action_items.id'], name=op.f('fk_reporting_bodies_tenant_id_item_id_action_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_reporting_bodies_tenant_id_member_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_reporting_bodies_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_reporting_bodies_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_reporting_bodies')),
    sa.UniqueConstraint('tenant_id', 'item_id', 'member_id', name=op.f('uq_reporting_bodies_tenant_id_item_id_member_id')),
    sa.UniqueConstraint('tenant_id', 'item_id', 'organisation_id', name=op.f('uq_reporting_bodies_tenant_id_item_id_organisation_id'))
    )
    for statement in policy_sql('reporting_bodies'):
        op.execute(statement)
    op.add_column('action_updates', sa.Column('body_id', sa.BigInteger(), nullable=True))
    op.add_column('action_updates', sa.Column('period', sa.String(length=7), nullable=True))
    op.add_column('action_updates', sa.Column('late', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('action_updates', sa.Column('via', sa.String(length=3), server_default='web', nullable=False))
    op.create_check_constraint(op.f('ck_action_updates_via'), 'action_updates', "via IN ('web', 'sms')")
    op.create_check_constraint(op.f('ck_action_updates_report_period'), 'action_updates',
                               '(body_id IS NULL) = (period IS NULL)')
    op.create_foreign_key(op.f('fk_action_updates_tenant_id_body_id_reporting_bodies'), 'action_updates',
                          'reporting_bodies', ['tenant_id', 'body_id'], ['tenant_id', 'id'])
    # every existing update is verified (the default): accepted under the rules of its day, so no figure on a
    # public page, in a roll-up or a snapshot disappears on deploy
    op.add_column('action_updates', sa.Column('verification', sa.String(length=10), server_default='verified', nullable=False))
    op.add_column('action_updates', sa.Column('verified_by', sa.String(length=200), nullable=True))
    op.add_column('action_updates', sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('action_updates', sa.Column('verifier_note', sa.String(length=500), nullable=True))
    op.create_check_constraint(op.f('ck_action_updates_verification'), 'action_updates',
                               "verification IN ('pending', 'verified', 'sent_back')")
    op.create_index('ux_action_updates_report', 'action_updates', ['tenant_id', 'body_id', 'period'], unique=True,
                    postgresql_where=sa.text("body_id IS NOT NULL AND verification <> 'sent_back'"))
    op.create_table('action_evidence',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('update_id', sa.BigInteger(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'update_id'], ['action_updates.tenant_id', 'action_updates.id'], name=op.f('fk_action_evidence_tenant_id_update_id_action_updates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_action_evidence_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_action_evidence'))
    )
    op.create_index('ix_action_evidence_update', 'action_evidence', ['tenant_id', 'update_id'], unique=False)
    for statement in policy_sql('action_evidence'):
        op.execute(statement)
    op.add_column('action_items', sa.Column('verify_figures', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('action_items', sa.Column('verifier_member_id', sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f('fk_action_items_tenant_id_verifier_member_id_members'), 'action_items', 'members',
                          ['tenant_id', 'verifier_member_id'], ['tenant_id', 'id'])


def downgrade():
    op.drop_constraint(op.f('fk_action_items_tenant_id_verifier_member_id_members'), 'action_items', type_='foreignkey')
    op.drop_column('action_items', 'verifier_member_id')
    op.drop_column('action_items', 'verify_figures')
    op.drop_index('ix_action_evidence_update', table_name='action_evidence')
    op.drop_table('action_evidence')
    op.drop_index('ux_action_updates_report', table_name='action_updates')
    op.drop_constraint(op.f('ck_action_updates_verification'), 'action_updates', type_='check')
    op.drop_column('action_updates', 'verifier_note')
    op.drop_column('action_updates', 'verified_at')
    op.drop_column('action_updates', 'verified_by')
    op.drop_column('action_updates', 'verification')
    op.drop_constraint(op.f('fk_action_updates_tenant_id_body_id_reporting_bodies'), 'action_updates', type_='foreignkey')
    op.drop_constraint(op.f('ck_action_updates_report_period'), 'action_updates', type_='check')
    op.drop_constraint(op.f('ck_action_updates_via'), 'action_updates', type_='check')
    op.drop_column('action_updates', 'via')
    op.drop_column('action_updates', 'late')
    op.drop_column('action_updates', 'period')
    op.drop_column('action_updates', 'body_id')
    op.drop_table('reporting_bodies')
