"""webinar series, pool, sessions, declines

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 13:04:03.475564
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('webinar_series',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('topics', sa.Text(), nullable=True),
    sa.Column('committee_id', sa.BigInteger(), nullable=False),
    sa.Column('coordinator_id', sa.BigInteger(), nullable=True),
    sa.Column('cadence', sa.String(length=8), nullable=False),
    sa.Column('every_weeks', sa.Integer(), nullable=False),
    sa.Column('nth', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('interpretation_languages', postgresql.ARRAY(sa.String(length=10)), server_default='{}', nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("cadence IN ('weeks', 'monthly')", name=op.f('ck_webinar_series_cadence')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_webinar_series_visibility')),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_webinar_series_tenant_id_committee_id_committees')),
    sa.ForeignKeyConstraint(['tenant_id', 'coordinator_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_webinar_series_tenant_id_coordinator_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_webinar_series_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_webinar_series'))
    )
    op.create_table('series_orgs',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('series_id', sa.BigInteger(), nullable=False),
    sa.Column('organisation_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.BigInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'contact_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_series_orgs_tenant_id_contact_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_series_orgs_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id', 'series_id'], ['webinar_series.tenant_id', 'webinar_series.id'], name=op.f('fk_series_orgs_tenant_id_series_id_webinar_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_series_orgs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'series_id', 'organisation_id', name=op.f('pk_series_orgs'))
    )
    op.create_table('webinar_sessions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('series_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('chair_org_id', sa.BigInteger(), nullable=True),
    sa.Column('chair_status', sa.String(length=10), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.CheckConstraint("chair_status IN ('proposed', 'accepted')", name=op.f('ck_webinar_sessions_chair_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'chair_org_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_webinar_sessions_tenant_id_chair_org_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_webinar_sessions_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'series_id'], ['webinar_series.tenant_id', 'webinar_series.id'], name=op.f('fk_webinar_sessions_tenant_id_series_id_webinar_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_webinar_sessions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'meeting_id', name=op.f('pk_webinar_sessions')),
    sa.UniqueConstraint('tenant_id', 'series_id', 'number', name=op.f('uq_webinar_sessions_tenant_id_series_id_number'))
    )
    op.create_index('ix_webinar_sessions_series', 'webinar_sessions', ['tenant_id', 'series_id', 'number'], unique=False)
    op.create_table('webinar_declines',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('organisation_id', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['webinar_sessions.tenant_id', 'webinar_sessions.meeting_id'], name=op.f('fk_webinar_declines_tenant_id_meeting_id_webinar_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'organisation_id'], ['organisations.tenant_id', 'organisations.id'], name=op.f('fk_webinar_declines_tenant_id_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_webinar_declines_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'meeting_id', 'organisation_id', name=op.f('pk_webinar_declines'))
    )

    for table in ("webinar_series", "series_orgs", "webinar_sessions", "webinar_declines"):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    op.drop_table('webinar_declines')
    op.drop_index('ix_webinar_sessions_series', table_name='webinar_sessions')
    op.drop_table('webinar_sessions')
    op.drop_table('series_orgs')
    op.drop_table('webinar_series')
