"""Proposals between meetings (issue 36): a proposal put to a committee, constituencies or the whole roll with a
decision rule and a deadline, and one answer row per seat addressed

Revision ID: 0042
Revises: 0046
Create Date: 2026-12-06 04:50:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from tenants.migration import create_tenant_table, tenant_fk

revision = '0042'
down_revision = '0046'
branch_labels = None
depends_on = None


def upgrade():
    create_tenant_table('proposals',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('min_turnout', sa.Float(), nullable=True),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('committee_id', sa.BigInteger(), nullable=True),
    sa.Column('constituencies', postgresql.ARRAY(sa.String(length=30)), server_default='{}', nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('open_tallies', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=12), server_default='open', nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=True),
    sa.Column('outcome_reason', sa.String(length=30), nullable=True),
    sa.Column('paper_filename', sa.String(length=200), nullable=True),
    sa.Column('paper_content_type', sa.String(length=100), nullable=True),
    sa.Column('paper_data', sa.LargeBinary(), nullable=True),
    sa.Column('opened_by_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("rule IN ('no_objection', 'consent_of_every_core_constituency', 'majority_with_turnout')",
                       name=op.f('ck_proposals_rule')),
    sa.CheckConstraint("audience IN ('committee', 'constituencies', 'roll')", name=op.f('ck_proposals_audience')),
    sa.CheckConstraint("status IN ('open', 'closed', 'cancelled')", name=op.f('ck_proposals_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')", name=op.f('ck_proposals_visibility')),
    sa.CheckConstraint("audience <> 'committee' OR committee_id IS NOT NULL",
                       name=op.f('ck_proposals_committee_named')),
    sa.CheckConstraint('min_turnout IS NULL OR (min_turnout >= 0 AND min_turnout <= 1)',
                       name=op.f('ck_proposals_turnout_share')),
    tenant_fk('proposals', 'committee_id', 'committees'),
    tenant_fk('proposals', 'opened_by_id', 'members'),
    sa.UniqueConstraint('tenant_id', 'reference', name=op.f('uq_proposals_tenant_id_reference')),
    )
    op.create_index('ix_proposals_status_deadline', 'proposals', ['tenant_id', 'status', 'deadline'], unique=False)
    create_tenant_table('proposal_answers',
    sa.Column('proposal_id', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.BigInteger(), nullable=False),
    sa.Column('constituency', sa.String(length=30), nullable=True),
    sa.Column('gender', sa.String(length=12), nullable=False),
    sa.Column('answer', sa.String(length=30), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.BigInteger(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=True),
    sa.CheckConstraint("answer IS NULL OR answer IN ('agree', 'agree_with_reservations', 'object', 'abstain')",
                       name=op.f('ck_proposal_answers_answer')),
    sa.CheckConstraint('answer IS NULL OR answered_at IS NOT NULL', name=op.f('ck_proposal_answers_answered_at')),
    sa.CheckConstraint("answer <> 'object' OR coalesce(btrim(comment), '') <> ''",
                       name=op.f('ck_proposal_answers_objection_reason')),
    tenant_fk('proposal_answers', 'proposal_id', 'proposals', ondelete='CASCADE'),
    tenant_fk('proposal_answers', 'member_id', 'members', ondelete='CASCADE'),
    tenant_fk('proposal_answers', 'answered_by_id', 'members'),
    key=('proposal_id', 'member_id'))
    op.create_index('ix_proposal_answers_member', 'proposal_answers', ['tenant_id', 'member_id'], unique=False)


def downgrade():
    op.drop_index('ix_proposal_answers_member', table_name='proposal_answers')
    op.drop_table('proposal_answers')
    op.drop_index('ix_proposals_status_deadline', table_name='proposals')
    op.drop_table('proposals')
