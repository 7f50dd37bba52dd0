"""interpretation between any languages (issue 46): a meeting's "from>to" pairs and the language of a support request

Revision ID: 0061
Revises: 0058
Create Date: 2026-12-06 10:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0061'
down_revision = '0058'
branch_labels = None
depends_on = None


def upgrade():
    # nullable columns without a default: no table rewrite, no long lock
    op.add_column('meetings', sa.Column('interpretation_pairs', postgresql.ARRAY(sa.String(length=40)), nullable=True))
    op.add_column('invitations', sa.Column('support_language', sa.String(length=20), nullable=True))


def downgrade():
    op.drop_column('invitations', 'support_language')
    op.drop_column('meetings', 'interpretation_pairs')
