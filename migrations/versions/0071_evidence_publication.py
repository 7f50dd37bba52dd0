"""publishing evidence (issue 40): an evidence file stays members-only until the secretariat publishes it, a separate
act after a checklist (it shows or names no child, identifies no case, every adult shown agreed); it may refuse
instead, with the reason kept (action_evidence.publication, publication_reason, reviewed_by, reviewed_at). Every
existing file stays members-only ('none').

Revision ID: 0071
Revises: 0058
Create Date: 2026-12-06 10:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0071'
down_revision = '0070'
branch_labels = None
depends_on = None


# squawk-ignore constraint-missing-not-valid: every row holds 'none', the column's default, when the check is added

def upgrade():
    op.add_column('action_evidence', sa.Column('publication', sa.String(length=10), server_default='none',
                                               nullable=False))
    op.add_column('action_evidence', sa.Column('publication_reason', sa.String(length=20), nullable=True))
    op.add_column('action_evidence', sa.Column('reviewed_by', sa.String(length=200), nullable=True))
    op.add_column('action_evidence', sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(op.f('ck_action_evidence_publication'), 'action_evidence',
                               "publication IN ('none', 'published', 'refused')")


def downgrade():
    op.drop_constraint(op.f('ck_action_evidence_publication'), 'action_evidence', type_='check')
    for column in ('reviewed_at', 'reviewed_by', 'publication_reason', 'publication'):
        op.drop_column('action_evidence', column)
