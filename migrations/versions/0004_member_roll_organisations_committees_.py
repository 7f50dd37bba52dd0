"""member roll: organisations, committees, member fields, audit events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:06:42.000241
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.rls import policy_sql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_events',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor_user_id', sa.BigInteger(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.BigInteger(), nullable=True),
    sa.Column('fields', postgresql.ARRAY(sa.String(length=60)), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_audit_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_audit_events'))
    )
    op.create_index('ix_audit_events_at', 'audit_events', ['tenant_id', 'at'], unique=False)
    op.create_index('ix_audit_events_object', 'audit_events', ['tenant_id', 'object_type', 'object_id'], unique=False)
    op.create_table('committees',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('plenary', 'subcommittee', 'working_group', 'task_force')", name=op.f('ck_committees_kind')),
    sa.CheckConstraint("level IN ('national', 'provincial', 'district', 'community')", name=op.f('ck_committees_level')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_committees_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_committees')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_committees_tenant_id_name'))
    )
    op.create_table('organisations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('constituency', sa.String(length=30), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.CheckConstraint("constituency IN ('government', 'employers', 'workers', 'civil_society', 'asm_miners', 'industry', 'development_partners', 'academia', 'community', 'other')", name=op.f('ck_organisations_constituency')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_organisations_tenant_id_name'))
    )
    op.create_table('committee_members',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('committee_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.CheckConstraint("role IN ('chair', 'co_chair', 'member')", name=op.f('ck_committee_members_role')),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_committee_members_tenant_id_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_committee_members_tenant_id_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_committee_members_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'committee_id', 'member_id', name=op.f('pk_committee_members'))
    )
    op.create_index('ix_committee_members_member', 'committee_members', ['tenant_id', 'member_id'], unique=False)
    op.add_column('members', sa.Column('phone', sa.String(length=40), nullable=True))
    op.add_column('members', sa.Column('organisation_id', sa.BigInteger(), nullable=True))
    op.add_column('members', sa.Column('constituency', sa.String(length=30), nullable=True))
    op.add_column('members', sa.Column('alternate_of_id', sa.BigInteger(), nullable=True))
    op.add_column('members', sa.Column('gender', sa.String(length=12), server_default='undisclosed', nullable=False))
    op.add_column('members', sa.Column('youth', sa.Boolean(), nullable=True))
    op.add_column('members', sa.Column('languages', postgresql.ARRAY(sa.String(length=10)), server_default='{}', nullable=False))
    op.add_column('members', sa.Column('region', sa.String(length=100), nullable=True))
    op.add_column('members', sa.Column('term_start', sa.Date(), nullable=True))
    op.add_column('members', sa.Column('term_end', sa.Date(), nullable=True))
    op.add_column('members', sa.Column('consent_public_name', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('members', sa.Column('notify_reminders', sa.Boolean(), server_default='true', nullable=False))
    op.add_column('members', sa.Column('notify_digests', sa.Boolean(), server_default='true', nullable=False))
    op.add_column('members', sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_members_tenant_email', 'members', ['tenant_id', 'email'], unique=False)
    op.create_index('ix_members_tenant_name', 'members', ['tenant_id', 'name'], unique=False)
    op.create_foreign_key(op.f('fk_members_tenant_id_organisation_id_organisations'), 'members', 'organisations', ['tenant_id', 'organisation_id'], ['tenant_id', 'id'])
    op.create_foreign_key(op.f('fk_members_tenant_id_alternate_of_id_members'), 'members', 'members', ['tenant_id', 'alternate_of_id'], ['tenant_id', 'id'])

    for table in ("audit_events", "committees", "organisations", "committee_members"):
        for statement in policy_sql(table):
            op.execute(statement)
    # the check constraints gained values with this revision
    op.create_check_constraint("gender", "members", "gender IN ('woman', 'man', 'another', 'undisclosed')")
    op.create_check_constraint("constituency", "members", "constituency IS NULL OR constituency IN ('government', "
                               "'employers', 'workers', 'civil_society', 'asm_miners', 'industry', "
                               "'development_partners', 'academia', 'community', 'other')")


def downgrade():
    op.drop_constraint(op.f('ck_members_constituency'), 'members', type_='check')
    op.drop_constraint(op.f('ck_members_gender'), 'members', type_='check')
    op.drop_constraint(op.f('fk_members_tenant_id_alternate_of_id_members'), 'members', type_='foreignkey')
    op.drop_constraint(op.f('fk_members_tenant_id_organisation_id_organisations'), 'members', type_='foreignkey')
    op.drop_index('ix_members_tenant_name', table_name='members')
    op.drop_index('ix_members_tenant_email', table_name='members')
    op.drop_column('members', 'erased_at')
    op.drop_column('members', 'notify_digests')
    op.drop_column('members', 'notify_reminders')
    op.drop_column('members', 'consent_public_name')
    op.drop_column('members', 'term_end')
    op.drop_column('members', 'term_start')
    op.drop_column('members', 'region')
    op.drop_column('members', 'languages')
    op.drop_column('members', 'youth')
    op.drop_column('members', 'gender')
    op.drop_column('members', 'alternate_of_id')
    op.drop_column('members', 'constituency')
    op.drop_column('members', 'organisation_id')
    op.drop_column('members', 'phone')
    op.drop_index('ix_committee_members_member', table_name='committee_members')
    op.drop_table('committee_members')
    op.drop_table('organisations')
    op.drop_table('committees')
    op.drop_index('ix_audit_events_object', table_name='audit_events')
    op.drop_index('ix_audit_events_at', table_name='audit_events')
    op.drop_table('audit_events')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore adding-foreign-key-constraint: the foreign key is checked at once, on the empty tables of a 0.1.0 install
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one); no install had a large table before 0.1.0
