"""announcements to all members are kept; meeting papers carry their language and may be versions of another paper; content translations remember the original they were made from (its hash and a copy), so a changed original
marks them out of date; a member may be allowed to translate the forum's content (issue 27)

Revision ID: 0033
Revises: 0024
Create Date: 2026-12-02 00:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql


revision = '0033'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('announcements',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sender', sa.String(length=200), nullable=False),
    sa.Column('recipients', sa.Integer(), server_default='0', nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_announcements_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_announcements'))
    )
    op.create_index('ix_announcements_sent', 'announcements', ['tenant_id', 'sent_at'], unique=False)
    for statement in policy_sql('announcements'):
        op.execute(statement)
    op.add_column('content_translations', sa.Column('source_hash', sa.String(length=64), nullable=True))
    op.add_column('content_translations', sa.Column('source_text', sa.Text(), nullable=True))
    op.add_column('members', sa.Column('may_translate', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('meeting_documents', sa.Column('language', sa.String(length=10), nullable=True))
    op.add_column('meeting_documents', sa.Column('original_id', sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f('fk_meeting_documents_tenant_id_original_id_meeting_documents'), 'meeting_documents',
                          'meeting_documents', ['tenant_id', 'original_id'], ['tenant_id', 'id'], ondelete='CASCADE')


def downgrade():
    op.drop_index('ix_announcements_sent', table_name='announcements')
    op.drop_table('announcements')
    op.drop_constraint(op.f('fk_meeting_documents_tenant_id_original_id_meeting_documents'), 'meeting_documents',
                       type_='foreignkey')
    op.drop_column('meeting_documents', 'original_id')
    op.drop_column('meeting_documents', 'language')
    op.drop_column('members', 'may_translate')
    op.drop_column('content_translations', 'source_text')
    op.drop_column('content_translations', 'source_hash')


# Migration safety (issue 44): squawk checks the SQL this revision executes (tests/test_migration_safety.py).
# It belongs to release 0.1.0, the first: every install runs it on an empty database. squawk warns, safely here:
# squawk-ignore adding-foreign-key-constraint: the foreign key is checked at once, on the empty tables of a 0.1.0 install
# squawk-ignore constraint-missing-not-valid: the constraint is validated at once, on the empty tables of a 0.1.0 install
