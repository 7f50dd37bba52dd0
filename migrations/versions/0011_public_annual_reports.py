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
