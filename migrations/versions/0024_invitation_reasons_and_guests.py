"""invitations say why someone is invited (a committee, a constituency, an organisation, the whole roll, one by
one, a guest), and guests who are not on the roll are invitations without a member

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 23:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

# invitations made before: those with a seat on the meeting's committee came with it (copied at creation)
SEED = """
UPDATE invitations SET reason = 'committee', reason_ref = m.committee_id, reason_detail = c.name
FROM meetings m JOIN committees c ON c.tenant_id = m.tenant_id AND c.id = m.committee_id
WHERE invitations.tenant_id = :tid AND m.tenant_id = invitations.tenant_id AND m.id = invitations.meeting_id
  AND invitations.seated
"""
CONSTITUENCIES = ("government", "employers", "workers", "civil_society", "asm_miners", "industry",
                  "development_partners", "academia", "community", "other")
GENDERS = ("woman", "man", "another", "undisclosed")
REASONS = ("committee", "constituency", "organisation", "roll", "individual", "guest")


def _in(column, values, nullable=False):
    check = "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))
    return f"{column} IS NULL OR {check}" if nullable else check


def upgrade():
    op.alter_column('invitations', 'member_id', existing_type=sa.BigInteger(), nullable=True)
    op.add_column('invitations', sa.Column('reason', sa.String(length=14), server_default='individual',
                                           nullable=False))
    op.add_column('invitations', sa.Column('reason_ref', sa.BigInteger(), nullable=True))
    op.add_column('invitations', sa.Column('reason_detail', sa.String(length=200), nullable=True))
    op.add_column('invitations', sa.Column('guest_name', sa.String(length=200), nullable=True))
    op.add_column('invitations', sa.Column('guest_email', sa.String(length=254), nullable=True))
    op.add_column('invitations', sa.Column('guest_constituency', sa.String(length=30), nullable=True))
    op.add_column('invitations', sa.Column('guest_organisation', sa.String(length=200), nullable=True))
    op.add_column('invitations', sa.Column('guest_gender', sa.String(length=12), nullable=True))
    op.add_column('invitations', sa.Column('guest_erased_at', sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(op.f('ck_invitations_reason'), 'invitations', _in('reason', REASONS))
    op.create_check_constraint(op.f('ck_invitations_guest_constituency'), 'invitations',
                               _in('guest_constituency', CONSTITUENCIES, nullable=True))
    op.create_check_constraint(op.f('ck_invitations_guest_gender'), 'invitations',
                               _in('guest_gender', GENDERS, nullable=True))
    op.create_check_constraint(op.f('ck_invitations_member_or_guest'), 'invitations',
                               "(member_id IS NULL) = (reason = 'guest') AND "
                               "(member_id IS NULL) = (guest_name IS NOT NULL)")
    op.create_index('uq_invitations_guest_email', 'invitations', ['tenant_id', 'meeting_id', 'guest_email'],
                    unique=True, postgresql_where=sa.text('guest_email IS NOT NULL'))
    conn = op.get_bind()
    # row-level security is FORCEd on the owner too: each forum's rows are visible only with its tenant set
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text(SEED), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    conn = op.get_bind()
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():  # guests go (RLS: per forum)
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text("DELETE FROM invitations WHERE tenant_id = :tid AND member_id IS NULL"), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))
    op.drop_index('uq_invitations_guest_email', table_name='invitations',
                  postgresql_where=sa.text('guest_email IS NOT NULL'))
    for name in ('member_or_guest', 'guest_gender', 'guest_constituency', 'reason'):
        op.drop_constraint(op.f(f'ck_invitations_{name}'), 'invitations', type_='check')
    for column in ('guest_erased_at', 'guest_gender', 'guest_organisation', 'guest_constituency', 'guest_email',
                   'guest_name', 'reason_detail', 'reason_ref', 'reason'):
        op.drop_column('invitations', column)
    op.alter_column('invitations', 'member_id', existing_type=sa.BigInteger(), nullable=False)


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore ban-drop-not-null: old code never writes NULL there: dropping NOT NULL only admits the new rows (guests)
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one); no install had a large table before 0.1.0
