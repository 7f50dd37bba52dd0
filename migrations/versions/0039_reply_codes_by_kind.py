"""SMS reply codes routed by kind (issue 34): sms_reply_codes.invitation_id becomes kind + object_id (the rows
there become RSVP codes of their invitation); member_id and phone may be empty for a shared code (a room code,
answered from any phone); an index finds an object's code

Revision ID: 0039
Revises: 0033
Create Date: 2026-12-06 04:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0039'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('sms_reply_codes', sa.Column('kind', sa.String(length=20), nullable=True))
    op.add_column('sms_reply_codes', sa.Column('object_id', sa.BigInteger(), nullable=True))
    op.execute("UPDATE sms_reply_codes SET kind = 'rsvp', object_id = invitation_id")
    op.alter_column('sms_reply_codes', 'kind', nullable=False)
    op.alter_column('sms_reply_codes', 'object_id', nullable=False)
    op.drop_column('sms_reply_codes', 'invitation_id')
    op.alter_column('sms_reply_codes', 'member_id', nullable=True)
    op.alter_column('sms_reply_codes', 'phone', nullable=True)
    op.create_index('ix_sms_reply_codes_object', 'sms_reply_codes', ['tenant_id', 'kind', 'object_id'], unique=False)


def downgrade():
    op.drop_index('ix_sms_reply_codes_object', table_name='sms_reply_codes')
    op.execute("DELETE FROM sms_reply_codes WHERE kind <> 'rsvp' OR member_id IS NULL OR phone IS NULL")
    op.add_column('sms_reply_codes', sa.Column('invitation_id', sa.BigInteger(), nullable=True))
    op.execute("UPDATE sms_reply_codes SET invitation_id = object_id")
    op.alter_column('sms_reply_codes', 'invitation_id', nullable=False)
    op.alter_column('sms_reply_codes', 'phone', nullable=False)
    op.alter_column('sms_reply_codes', 'member_id', nullable=False)
    op.drop_column('sms_reply_codes', 'object_id')
    op.drop_column('sms_reply_codes', 'kind')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# sms_reply_codes is the platform table of live reply codes (issued per invitee of an upcoming meeting, each
# expiring with it): a small table, so the statements below hold their locks for a moment. squawk warns:
# squawk-ignore adding-not-nullable-field: kind and object_id are added nullable, filled by one UPDATE, then set NOT NULL: the scan covers the small table of live codes only
# squawk-ignore ban-drop-column: invitation_id becomes kind + object_id in one step, not expand then contract: a node still on 0.1.0 code cannot issue or route a reply code until it runs this release; accepted because the codes are short-lived and a missed one costs an answer by SMS, never data
# squawk-ignore ban-drop-not-null: old code always writes member_id and phone: dropping NOT NULL only admits the new shared codes (a room code answered from any phone)
# squawk-ignore require-concurrent-index-creation: the index is built in the revision's transaction (CONCURRENTLY cannot run in one) on the small table of live codes
