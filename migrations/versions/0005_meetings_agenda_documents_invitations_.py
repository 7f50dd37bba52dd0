"""meetings: agenda, documents, invitations, content translations, calendar tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:20:47.298141
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.rls import policy_sql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_translations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.BigInteger(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_content_translations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_content_translations')),
    sa.UniqueConstraint('tenant_id', 'object_type', 'object_id', 'field', 'locale', name=op.f('uq_content_translations_tenant_id_object_type_object_id_field_locale'))
    )
    op.create_table('meetings',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('committee_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('expected_outputs', sa.Text(), nullable=True),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('online_link', sa.String(length=500), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('interpretation_languages', postgresql.ARRAY(sa.String(length=10)), server_default='{}', nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('plenary', 'subcommittee', 'consultation', 'round_table', 'webinar', 'field_visit')", name=op.f('ck_meetings_kind')),
    sa.CheckConstraint("status IN ('draft', 'notified', 'held', 'outcomes_published', 'cancelled')", name=op.f('ck_meetings_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_meetings_visibility')),
    sa.CheckConstraint('end_at > start_at', name=op.f('ck_meetings_ends_after_start')),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_meetings_tenant_id_committee_id_committees')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_meetings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_meetings'))
    )
    op.create_index('ix_meetings_committee', 'meetings', ['tenant_id', 'committee_id', 'start_at'], unique=False)
    op.create_index('ix_meetings_tenant_start', 'meetings', ['tenant_id', 'start_at'], unique=False)
    op.create_table('agenda_items',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('presenter', sa.String(length=200), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.CheckConstraint("kind IN ('information', 'discussion', 'decision')", name=op.f('ck_agenda_items_kind')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_agenda_items_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_agenda_items_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_agenda_items'))
    )
    op.create_index('ix_agenda_items_meeting', 'agenda_items', ['tenant_id', 'meeting_id', 'position'], unique=False)
    op.create_table('invitations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('represented_by_id', sa.BigInteger(), nullable=True),
    sa.Column('rsvp', sa.String(length=6), server_default='none', nullable=False),
    sa.Column('rsvp_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('support', sa.String(length=24), nullable=True),
    sa.Column('support_note', sa.String(length=500), nullable=True),
    sa.Column('support_status', sa.String(length=10), nullable=True),
    sa.CheckConstraint("rsvp IN ('none', 'yes', 'no', 'maybe')", name=op.f('ck_invitations_rsvp')),
    sa.CheckConstraint("support IS NULL OR support IN ('travel', 'interpretation', 'travel_interpretation')", name=op.f('ck_invitations_support')),
    sa.CheckConstraint("support_status IS NULL OR support_status IN ('requested', 'granted', 'refused')", name=op.f('ck_invitations_support_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_invitations_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_invitations_tenant_id_member_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'represented_by_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_invitations_tenant_id_represented_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_invitations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('tenant_id', 'meeting_id', 'member_id', name=op.f('uq_invitations_tenant_id_meeting_id_member_id'))
    )
    op.create_index('ix_invitations_member', 'invitations', ['tenant_id', 'member_id'], unique=False)
    op.create_table('meeting_documents',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'agenda_item_id'], ['agenda_items.tenant_id', 'agenda_items.id'], name=op.f('fk_meeting_documents_tenant_id_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_meeting_documents_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_meeting_documents_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_meeting_documents'))
    )
    op.create_index('ix_meeting_documents_meeting', 'meeting_documents', ['tenant_id', 'meeting_id'], unique=False)
    op.add_column('members', sa.Column('calendar_token', sa.String(length=64), nullable=True))
    op.create_unique_constraint(op.f('uq_members_tenant_id_calendar_token'), 'members', ['tenant_id', 'calendar_token'])

    for table in ("meetings", "agenda_items", "meeting_documents", "invitations", "content_translations"):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    op.drop_constraint(op.f('uq_members_tenant_id_calendar_token'), 'members', type_='unique')
    op.drop_column('members', 'calendar_token')
    op.drop_index('ix_meeting_documents_meeting', table_name='meeting_documents')
    op.drop_table('meeting_documents')
    op.drop_index('ix_invitations_member', table_name='invitations')
    op.drop_table('invitations')
    op.drop_index('ix_agenda_items_meeting', table_name='agenda_items')
    op.drop_table('agenda_items')
    op.drop_index('ix_meetings_tenant_start', table_name='meetings')
    op.drop_index('ix_meetings_committee', table_name='meetings')
    op.drop_table('meetings')
    op.drop_table('content_translations')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
# squawk-ignore disallowed-unique-constraint: the unique column is new, so every row holds NULL and the table is empty before 0.1.0
