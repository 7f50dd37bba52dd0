"""date polls: slots offered to a committee, who is asked and their answers per slot (issue 37)

Revision ID: 0055
Revises: 0049
Create Date: 2026-12-06 07:25:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0055'
down_revision = '0049'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('date_polls',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('committee_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('open', 'closed', 'scheduled')", name=op.f('ck_date_polls_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_date_polls_visibility')),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_date_polls_duration')),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_date_polls_tenant_id_committee_id_committees')),
    sa.ForeignKeyConstraint(['tenant_id', 'created_by_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_date_polls_tenant_id_created_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_date_polls_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_date_polls'))
    )
    op.create_index('ix_date_polls_status_deadline', 'date_polls', ['tenant_id', 'status', 'deadline'], unique=False)
    for statement in policy_sql('date_polls'):
        op.execute(statement)
    op.create_table('date_poll_slots',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('poll_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'poll_id'], ['date_polls.tenant_id', 'date_polls.id'], name=op.f('fk_date_poll_slots_tenant_id_poll_id_date_polls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_date_poll_slots_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_date_poll_slots')),
    sa.UniqueConstraint('tenant_id', 'poll_id', 'number', name=op.f('uq_date_poll_slots_tenant_id_poll_id_number'))
    )
    for statement in policy_sql('date_poll_slots'):
        op.execute(statement)
    op.create_table('date_poll_invitees',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('poll_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=14), nullable=False),
    sa.Column('reason_ref', sa.BigInteger(), nullable=True),
    sa.Column('reason_detail', sa.String(length=200), nullable=True),
    sa.Column('reply_code', sa.String(length=8), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_date_poll_invitees_tenant_id_member_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'poll_id'], ['date_polls.tenant_id', 'date_polls.id'], name=op.f('fk_date_poll_invitees_tenant_id_poll_id_date_polls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_date_poll_invitees_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'poll_id', 'member_id', name=op.f('pk_date_poll_invitees')),
    sa.UniqueConstraint('tenant_id', 'reply_code', name=op.f('uq_date_poll_invitees_tenant_id_reply_code'))
    )
    for statement in policy_sql('date_poll_invitees'):
        op.execute(statement)
    op.create_table('date_poll_answers',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('slot_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('poll_id', sa.BigInteger(), nullable=False),
    sa.Column('answer', sa.String(length=6), nullable=False),
    sa.CheckConstraint("answer IN ('yes', 'maybe', 'no')", name=op.f('ck_date_poll_answers_answer')),
    sa.ForeignKeyConstraint(['tenant_id', 'poll_id', 'member_id'], ['date_poll_invitees.tenant_id', 'date_poll_invitees.poll_id', 'date_poll_invitees.member_id'], name=op.f('fk_date_poll_answers_tenant_id_poll_id_member_id_date_poll_invitees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'slot_id'], ['date_poll_slots.tenant_id', 'date_poll_slots.id'], name=op.f('fk_date_poll_answers_tenant_id_slot_id_date_poll_slots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_date_poll_answers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'slot_id', 'member_id', name=op.f('pk_date_poll_answers'))
    )
    op.create_index('ix_date_poll_answers_poll', 'date_poll_answers', ['tenant_id', 'poll_id'], unique=False)
    for statement in policy_sql('date_poll_answers'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_date_poll_answers_poll', table_name='date_poll_answers')
    op.drop_table('date_poll_answers')
    op.drop_table('date_poll_invitees')
    op.drop_table('date_poll_slots')
    op.drop_index('ix_date_polls_status_deadline', table_name='date_polls')
    op.drop_table('date_polls')
