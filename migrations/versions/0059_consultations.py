"""consultations: drafts put out for public comment, verified contacts, public comments on the one comment model,
the count of open consultations on tenants (issue 42)

Revision ID: 0059
Revises: 0058
Create Date: 2026-12-06 10:10:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0059'
down_revision = '0060'
branch_labels = None
depends_on = None

# squawk-ignore adding-field-with-default: comments.reports takes a constant default (PostgreSQL 11+ stores it in the catalogue: no row is rewritten)
# squawk-ignore require-concurrent-index-creation: the index on comments is built in the revision's transaction (CONCURRENTLY cannot run in one); it covers public comments only, none yet


def upgrade():
    op.create_table('consultations',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('target_kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.BigInteger(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('question_1', sa.String(length=500), nullable=False),
    sa.Column('question_2', sa.String(length=500), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('published_comments', sa.Integer(), nullable=False),
    sa.Column('heard', sa.Text(), nullable=True),
    sa.Column('final_text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("target_kind IN ('minutes', 'proposal')", name=op.f('ck_consultations_target_kind')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_consultations_status')),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_consultations_period')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_consultations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_consultations'))
    )
    op.create_index('ix_consultations_status', 'consultations', ['tenant_id', 'status', 'closes_on'], unique=False)
    op.create_table('consultation_contacts',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=True),
    sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("channel IN ('email', 'phone')", name=op.f('ck_consultation_contacts_channel')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_consultation_contacts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_consultation_contacts')),
    sa.UniqueConstraint('tenant_id', 'channel', 'address', name=op.f('uq_consultation_contacts_tenant_id_channel_address'))
    )
    for table in ('consultations', 'consultation_contacts'):
        for statement in policy_sql(table):
            op.execute(statement)
    op.add_column('comments', sa.Column('consultation_id', sa.BigInteger(), nullable=True))
    op.add_column('comments', sa.Column('public_name', sa.String(length=120), nullable=True))
    op.add_column('comments', sa.Column('speaks_for', sa.String(length=200), nullable=True))
    op.add_column('comments', sa.Column('language', sa.String(length=10), nullable=True))
    op.add_column('comments', sa.Column('decline_reason', sa.String(length=20), nullable=True))
    op.add_column('comments', sa.Column('reports', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_comments_consultation', 'comments', ['tenant_id', 'consultation_id', 'moderation'], unique=False)
    op.add_column('tenants', sa.Column('open_consultations', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('tenants', 'open_consultations')
    op.drop_index('ix_comments_consultation', table_name='comments')
    for column in ('reports', 'decline_reason', 'language', 'speaks_for', 'public_name', 'consultation_id'):
        op.drop_column('comments', column)
    op.drop_table('consultation_contacts')
    op.drop_index('ix_consultations_status', table_name='consultations')
    op.drop_table('consultations')
