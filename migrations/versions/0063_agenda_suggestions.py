"""agenda_suggestions: the public suggests a matter for the agenda (issue 42)

Revision ID: 0063
Revises: 0061
Create Date: 2026-12-06 11:30:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0063'
down_revision = '0061'
branch_labels = None
depends_on = None


def upgrade():
    # a new, empty table: its foreign keys are checked at once on no rows
    op.create_table('agenda_suggestions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('public_name', sa.String(length=120), nullable=True),
    sa.Column('speaks_for', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('moderation', sa.String(length=8), nullable=False),
    sa.Column('decline_reason', sa.String(length=20), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('meeting_id', sa.BigInteger(), nullable=True),
    sa.Column('agenda_item_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("moderation IN ('held', 'visible', 'hidden')", name=op.f('ck_agenda_suggestions_moderation')),
    sa.ForeignKeyConstraint(['tenant_id', 'contact_id'], ['consultation_contacts.tenant_id', 'consultation_contacts.id'], name=op.f('fk_agenda_suggestions_tenant_id_contact_id_consultation_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_agenda_suggestions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_agenda_suggestions'))
    )
    op.create_index('ix_agenda_suggestions_moderation', 'agenda_suggestions', ['tenant_id', 'moderation', 'created_at'], unique=False)
    for statement in policy_sql('agenda_suggestions'):
        op.execute(statement)


def downgrade():
    op.drop_index('ix_agenda_suggestions_moderation', table_name='agenda_suggestions')
    op.drop_table('agenda_suggestions')
