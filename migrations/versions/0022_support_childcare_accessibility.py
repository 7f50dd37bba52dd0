"""participation support: childcare and accessibility beside travel and interpretation (asked from the RSVP page)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 21:00:00
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

OLD = ('travel', 'interpretation', 'travel_interpretation')
NEW = (*OLD, 'childcare', 'accessibility')


def _check(kinds):
    return "support IS NULL OR support IN ({})".format(", ".join(f"'{k}'" for k in kinds))


def upgrade():
    op.drop_constraint(op.f("ck_invitations_support"), "invitations", type_="check")
    op.create_check_constraint("support", "invitations", _check(NEW))


def downgrade():
    # requests already made for childcare or accessibility are kept (NOT VALID checks new rows only): a downgrade
    # must not erase what members asked for
    op.drop_constraint(op.f("ck_invitations_support"), "invitations", type_="check")
    op.execute(f"ALTER TABLE invitations ADD CONSTRAINT ck_invitations_support CHECK ({_check(OLD)}) NOT VALID")


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore ban-drop-constraint: a CHECK is dropped to be added again, wider, in the same transaction: the rows stay checked
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
