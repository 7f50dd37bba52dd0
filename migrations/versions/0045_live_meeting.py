"""the meeting in the room (issue 38): live sessions, the speakers' queue, interventions (live state: they never
bump the forum's content version); floor-time counters kept on the meeting row as interventions end

Revision ID: 0045
Revises: 0039
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.migration import create_tenant_table, tenant_fk

revision = '0045'
down_revision = '0038'
branch_labels = None
depends_on = None

GENDERS = "'woman', 'man', 'another', 'undisclosed'"
CONSTITUENCIES = ("'government', 'employers', 'workers', 'civil_society', 'asm_miners', 'industry', "
                  "'development_partners', 'academia', 'community', 'other'")


def _common(table):
    return [tenant_fk(table, 'meeting_id', 'meetings', ondelete='CASCADE')]


def _person(table):
    return [
        sa.Column('member_id', sa.BigInteger(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('constituency', sa.String(length=30), nullable=True),
        sa.Column('gender', sa.String(length=12), nullable=False),
        tenant_fk(table, 'member_id', 'members', ondelete='CASCADE'),
        sa.CheckConstraint(f"gender IN ({GENDERS})", name=op.f(f'ck_{table}_gender')),
        sa.CheckConstraint(f"constituency IS NULL OR constituency IN ({CONSTITUENCIES})",
                           name=op.f(f'ck_{table}_constituency')),
    ]


def upgrade():
    op.add_column('meetings', sa.Column('floor_counts', postgresql.JSONB(astext_type=sa.Text()),
                                        server_default='{}', nullable=False))
    create_tenant_table('live_sessions',
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('current_item_id', sa.BigInteger(), nullable=True),
    sa.Column('item_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('speaking_id', sa.BigInteger(), nullable=True),
    *_common('live_sessions'),
    key=('meeting_id',))
    create_tenant_table('speaker_requests',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    *_person('speaker_requests'),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_chair', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    *_common('speaker_requests'),
    sa.CheckConstraint("status IN ('waiting', 'withdrawn', 'given')", name=op.f('ck_speaker_requests_status')),
    )
    op.create_index('ix_speaker_requests_meeting', 'speaker_requests', ['tenant_id', 'meeting_id', 'status'])
    create_tenant_table('interventions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    *_person('interventions'),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=6), nullable=False),
    sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True),
    *_common('interventions'),
    sa.CheckConstraint("source IN ('live', 'notes')", name=op.f('ck_interventions_source')),
    sa.CheckConstraint("seconds IS NULL OR seconds >= 0", name=op.f('ck_interventions_seconds')),
    )
    op.create_index('ix_interventions_meeting', 'interventions', ['tenant_id', 'meeting_id', 'started_at'])


def downgrade():
    op.drop_index('ix_interventions_meeting', table_name='interventions')
    op.drop_table('interventions')
    op.drop_index('ix_speaker_requests_meeting', table_name='speaker_requests')
    op.drop_table('speaker_requests')
    op.drop_table('live_sessions')
    op.drop_column('meetings', 'floor_counts')
