"""recommendations addressed to an institution (keyed by their decision) and the answers they got over time
(issue 41)

Revision ID: 0046
Revises: 0040
Create Date: 2026-12-06 05:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.migration import create_tenant_table, tenant_fk

revision = '0046'
down_revision = '0045'
branch_labels = None
depends_on = None

KINDS = "addressee_kind IN ('ministry', 'agency', 'company', 'association', 'other')"
STATUSES = "status IN ('accepted', 'partly_accepted', 'rejected', 'under_consideration', 'no_answer')"


def upgrade():
    create_tenant_table('recommendations',
    sa.Column('decision_id', sa.BigInteger(), nullable=False),
    sa.Column('addressee', sa.String(length=200), nullable=False),
    sa.Column('addressee_kind', sa.String(length=20), nullable=False),
    sa.Column('transmitted_on', sa.Date(), nullable=False),
    sa.Column('letter_url', sa.String(length=500), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint(KINDS, name=op.f('ck_recommendations_addressee_kind')),
    tenant_fk('recommendations', 'decision_id', 'decisions', ondelete='CASCADE'),
    key=('decision_id',))
    op.create_index('ix_recommendations_follow_up', 'recommendations', ['tenant_id', 'follow_up_on'], unique=False)
    create_tenant_table('recommendation_answers',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('decision_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('document_url', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint(STATUSES, name=op.f('ck_recommendation_answers_status')),
    sa.ForeignKeyConstraint(['tenant_id', 'decision_id'], ['recommendations.tenant_id', 'recommendations.decision_id'], name=op.f('fk_recommendation_answers_tenant_id_decision_id_recommendations'), ondelete='CASCADE'),
    )
    op.create_index('ix_recommendation_answers_decision', 'recommendation_answers', ['tenant_id', 'decision_id', 'answered_on'], unique=False)


def downgrade():
    op.drop_index('ix_recommendation_answers_decision', table_name='recommendation_answers')
    op.drop_table('recommendation_answers')
    op.drop_index('ix_recommendations_follow_up', table_name='recommendations')
    op.drop_table('recommendations')
