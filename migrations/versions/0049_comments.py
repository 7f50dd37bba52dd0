"""comments anchored to a paragraph of a draft (minutes, a proposal's text), with the secretariat's answer and the
version that took them in (issue 37)

Revision ID: 0049
Revises: 0057
Create Date: 2026-12-06 07:20:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0049'
down_revision = '0057'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comments',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('target_kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('anchor_position', sa.Integer(), nullable=True),
    sa.Column('anchor_text', sa.Text(), nullable=False),
    sa.Column('author_member_id', sa.BigInteger(), nullable=True),
    sa.Column('author_contact_id', sa.BigInteger(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('moderation', sa.String(length=8), server_default='visible', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.BigInteger(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taken_in_version', sa.Integer(), nullable=True),
    sa.CheckConstraint("target_kind IN ('minutes', 'proposal')", name=op.f('ck_comments_target_kind')),
    sa.CheckConstraint("answer IS NULL OR answer IN ('accepted', 'declined', 'answered')", name=op.f('ck_comments_answer')),
    sa.CheckConstraint("moderation IN ('visible', 'held', 'hidden')", name=op.f('ck_comments_moderation')),
    sa.CheckConstraint('num_nonnulls(author_member_id, author_contact_id) = 1', name=op.f('ck_comments_one_author')),
    sa.CheckConstraint("answer IS DISTINCT FROM 'declined' OR length(answer_text) > 0", name=op.f('ck_comments_declined_reason')),
    sa.ForeignKeyConstraint(['tenant_id', 'answered_by_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_comments_tenant_id_answered_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'author_member_id'], ['members.tenant_id', 'members.id'], name=op.f('fk_comments_tenant_id_author_member_id_members')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_comments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_comments'))
    )
    op.create_index('ix_comments_target', 'comments', ['tenant_id', 'target_kind', 'target_id', 'created_at'], unique=False)
    for statement in policy_sql('comments'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_comments_target', table_name='comments')
    op.drop_table('comments')
