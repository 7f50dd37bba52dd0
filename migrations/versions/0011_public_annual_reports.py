"""public annual reports

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 13:11:01.425483
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('reports', sa.Column('public', sa.Boolean(), server_default='false', nullable=False))

    op.drop_constraint(op.f("ck_reports_kind"), "reports", type_="check")
    op.create_check_constraint("kind", "reports", "kind IN ('attendance_meeting', 'attendance_period', "
                               "'action_progress', 'inclusion', 'annual')")


def downgrade():
    op.drop_constraint(op.f("ck_reports_kind"), "reports", type_="check")
    op.create_check_constraint("kind", "reports", "kind IN ('attendance_meeting', 'attendance_period', 'action_progress', 'inclusion')")
    op.drop_column('reports', 'public')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore ban-drop-constraint: a CHECK is dropped to be added again, wider, in the same transaction: the rows stay checked
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
