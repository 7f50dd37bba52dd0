"""A decision has one parent, a meeting or a proposal (issue 36): decisions.meeting_id becomes nullable,
decisions.proposal_id is added (tenant-scoped foreign key), a CHECK holds exactly one of them, and a proposal has
at most one decision (the closing job, run twice, records one)

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None

# squawk-ignore adding-foreign-key-constraint: every row holds NULL in the new column, so the check reads no proposal and takes its lock only briefly
# squawk-ignore constraint-missing-not-valid: the CHECK and the foreign key hold for every existing row (each has a meeting and no proposal): validating them is one quick scan of decisions
# squawk-ignore ban-drop-not-null: old code always writes a meeting: dropping NOT NULL only admits the new rows (decisions of proposals)
# squawk-ignore disallowed-unique-constraint: the unique column is new, so every row holds NULL: the index is built over NULLs of a small table


def upgrade():
    op.add_column('decisions', sa.Column('proposal_id', sa.BigInteger(), nullable=True))
    op.alter_column('decisions', 'meeting_id', existing_type=sa.BigInteger(), nullable=True)
    op.create_foreign_key(op.f('fk_decisions_tenant_id_proposal_id_proposals'), 'decisions', 'proposals',
                          ['tenant_id', 'proposal_id'], ['tenant_id', 'id'], ondelete='CASCADE')
    op.create_check_constraint(op.f('ck_decisions_one_parent'), 'decisions',
                               '(meeting_id IS NULL) <> (proposal_id IS NULL)')
    op.create_unique_constraint(op.f('uq_decisions_tenant_id_proposal_id'), 'decisions', ['tenant_id', 'proposal_id'])


def downgrade():
    op.execute('DELETE FROM decisions WHERE meeting_id IS NULL')
    op.drop_constraint(op.f('uq_decisions_tenant_id_proposal_id'), 'decisions', type_='unique')
    op.drop_constraint(op.f('ck_decisions_one_parent'), 'decisions', type_='check')
    op.drop_constraint(op.f('fk_decisions_tenant_id_proposal_id_proposals'), 'decisions', type_='foreignkey')
    op.alter_column('decisions', 'meeting_id', existing_type=sa.BigInteger(), nullable=False)
    op.drop_column('decisions', 'proposal_id')
