"""the meeting in the room (b) (issue 39): self check-ins with the room code, votes in the session (their tallies
and, for a secret ballot, only who voted); live state, none of it bumps the forum's content version

Revision ID: 0048
Revises: 0051
Create Date: 2026-12-06 07:00:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0048'
down_revision = '0051'
branch_labels = None
depends_on = None

RULES = "'no_objection', 'consent_of_every_core_constituency', 'majority_with_turnout'"
ANSWERS = "'agree', 'object', 'abstain'"


def _tenant(table):
    return sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f(f'fk_{table}_tenant_id_tenants'),
                                   ondelete='CASCADE')


def _meeting(table):
    return sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'],
                                   name=op.f(f'fk_{table}_tenant_id_meeting_id_meetings'), ondelete='CASCADE')


def _member(table, column):
    return sa.ForeignKeyConstraint(['tenant_id', column], ['members.tenant_id', 'members.id'],
                                   name=op.f(f'fk_{table}_tenant_id_{column}_members'), ondelete='CASCADE')


def _vote(table):
    return sa.ForeignKeyConstraint(['tenant_id', 'vote_id'], ['live_votes.tenant_id', 'live_votes.id'],
                                   name=op.f(f'fk_{table}_tenant_id_vote_id_live_votes'), ondelete='CASCADE')


def upgrade():
    # squawk-ignore adding-nullable-field: nullable columns without a default on a small live table
    op.add_column('live_sessions', sa.Column('room_code', sa.String(length=8), nullable=True))
    op.add_column('live_sessions', sa.Column('room_code_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('self_checkins',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=6), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    _tenant('self_checkins'), _meeting('self_checkins'), _member('self_checkins', 'member_id'),
    sa.CheckConstraint("channel IN ('phone', 'link', 'sms')", name=op.f('ck_self_checkins_channel')),
    sa.PrimaryKeyConstraint('tenant_id', 'meeting_id', 'member_id', name=op.f('pk_self_checkins'))
    )
    op.create_table('live_votes',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.BigInteger(), nullable=False),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    sa.Column('proposal_id', sa.BigInteger(), nullable=True),
    sa.Column('motion', sa.Text(), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('method', sa.String(length=6), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('adopted', sa.Boolean(), nullable=True),
    sa.Column('outcome_reason', sa.String(length=30), nullable=True),
    sa.Column('decision_id', sa.BigInteger(), nullable=True),
    _tenant('live_votes'), _meeting('live_votes'),
    sa.ForeignKeyConstraint(['tenant_id', 'proposal_id'], ['proposals.tenant_id', 'proposals.id'],
                            name=op.f('fk_live_votes_tenant_id_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['tenant_id', 'decision_id'], ['decisions.tenant_id', 'decisions.id'],
                            name=op.f('fk_live_votes_tenant_id_decision_id_decisions'), ondelete='SET NULL'),
    sa.CheckConstraint(f"rule IN ({RULES})", name=op.f('ck_live_votes_rule')),
    sa.CheckConstraint("method IN ('hands', 'phones')", name=op.f('ck_live_votes_method')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_live_votes_status')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_live_votes'))
    )
    # squawk-ignore require-concurrent-index-creation: the table is created empty in this migration
    op.create_index('ix_live_votes_meeting', 'live_votes', ['tenant_id', 'meeting_id', 'status'])
    op.create_table('live_vote_tallies',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('vote_id', sa.BigInteger(), nullable=False),
    sa.Column('constituency', sa.String(length=30), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    _tenant('live_vote_tallies'), _vote('live_vote_tallies'),
    sa.CheckConstraint(f"answer IN ({ANSWERS})", name=op.f('ck_live_vote_tallies_answer')),
    sa.CheckConstraint("seats >= 0", name=op.f('ck_live_vote_tallies_seats')),
    sa.PrimaryKeyConstraint('tenant_id', 'vote_id', 'constituency', 'answer', name=op.f('pk_live_vote_tallies'))
    )
    op.create_table('live_vote_ballots',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('vote_id', sa.BigInteger(), nullable=False),
    sa.Column('seat_id', sa.BigInteger(), nullable=False),
    sa.Column('cast_by_id', sa.BigInteger(), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=True),
    _tenant('live_vote_ballots'), _vote('live_vote_ballots'), _member('live_vote_ballots', 'seat_id'),
    _member('live_vote_ballots', 'cast_by_id'),
    sa.CheckConstraint(f"answer IS NULL OR answer IN ({ANSWERS})", name=op.f('ck_live_vote_ballots_answer')),
    sa.PrimaryKeyConstraint('tenant_id', 'vote_id', 'seat_id', name=op.f('pk_live_vote_ballots'))
    )
    for table in ('self_checkins', 'live_votes', 'live_vote_tallies', 'live_vote_ballots'):
        for statement in policy_sql(table):
            op.execute(statement)


def downgrade():
    op.drop_table('live_vote_ballots')
    op.drop_table('live_vote_tallies')
    op.drop_index('ix_live_votes_meeting', table_name='live_votes')
    op.drop_table('live_votes')
    op.drop_table('self_checkins')
    op.drop_column('live_sessions', 'room_code_at')
    op.drop_column('live_sessions', 'room_code')
