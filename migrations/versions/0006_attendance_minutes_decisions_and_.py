"""attendance, minutes, decisions and positions, outcomes, full-text search

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:31:23.949868
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('minutes',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('non_attributed', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('quorum_note', sa.Text(), nullable=True),
    sa.Column('approved_by', sa.String(length=200), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'circulated', 'approved')", name=op.f('ck_minutes_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_minutes_visibility')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_minutes_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_minutes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('tenant_id', 'meeting_id', name=op.f('uq_minutes_tenant_id_meeting_id'))
    )
    op.create_table('decisions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('policy_outcome', sa.Text(), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_decisions_visibility')),
    sa.ForeignKeyConstraint(['tenant_id', 'agenda_item_id'], ['agenda_items.tenant_id', 'agenda_items.id'], name=op.f('fk_decisions_tenant_id_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_decisions_tenant_id_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_decisions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_decisions'))
    )
    op.create_index('ix_decisions_meeting', 'decisions', ['tenant_id', 'meeting_id'], unique=False)
    op.create_index('ix_decisions_review', 'decisions', ['tenant_id', 'review_on'], unique=False)
    op.create_table('decision_positions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('decision_id', sa.BigInteger(), nullable=False),
    sa.Column('constituency', sa.String(length=30), nullable=False),
    sa.Column('position', sa.String(length=10), nullable=False),
    sa.CheckConstraint("position IN ('agrees', 'disagrees', 'abstains', 'consensus')", name=op.f('ck_decision_positions_position')),
    sa.ForeignKeyConstraint(['tenant_id', 'decision_id'], ['decisions.tenant_id', 'decisions.id'], name=op.f('fk_decision_positions_tenant_id_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_decision_positions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'decision_id', 'constituency', name=op.f('pk_decision_positions'))
    )
    op.add_column('invitations', sa.Column('attended', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('tenants', sa.Column('last_published_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('meetings', sa.Column('summary', sa.Text(), nullable=True))
    op.add_column('meetings', sa.Column('outcomes_published_at', sa.DateTime(timezone=True), nullable=True))

    for table in ("minutes", "decisions", "decision_positions"):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    op.drop_column('tenants', 'last_published_at')
    op.drop_column('meetings', 'outcomes_published_at')
    op.drop_column('meetings', 'summary')
    op.drop_column('invitations', 'attended')
    op.drop_table('decision_positions')
    op.drop_index('ix_decisions_review', table_name='decisions')
    op.drop_index('ix_decisions_meeting', table_name='decisions')
    op.drop_table('decisions')
    op.drop_table('minutes')
