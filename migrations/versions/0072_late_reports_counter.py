"""tenants.late_reports (issue 40): how many reporting bodies are late with the latest period's report, kept on the
forum's row like member_count, so that the chair dashboard shows it without a statement of its own (the dashboard
is at its budget). Refreshed when a report is sent or sent back, a reporting body or an item's frequency or status
changes, and daily by the action-reminders job (a report becomes late as days pass). NULL: not counted yet.

Revision ID: 0072
Revises: 0071
Create Date: 2026-12-06 10:35:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0072'
down_revision = '0071'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('tenants', sa.Column('late_reports', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('tenants', 'late_reports')
