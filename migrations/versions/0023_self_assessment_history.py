"""self-assessment history: every answer given to the IGF checklist is kept (who, when, what), the latest
answers seeding it

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 22:40:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

SEED = """
INSERT INTO self_assessment_answers (tenant_id, item, answer, evidence, note, answered_by, answered_at)
SELECT tenant_id, item, answer, evidence, note, updated_by, updated_at FROM self_assessments WHERE tenant_id = :tid
"""


def upgrade():
    op.create_table('self_assessment_answers',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('item', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.String(length=8), nullable=False),
    sa.Column('evidence', sa.String(length=500), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('answered_by', sa.String(length=200), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("answer IN ('yes', 'partly', 'no')", name=op.f('ck_self_assessment_answers_answer')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_self_assessment_answers_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_self_assessment_answers'))
    )
    op.create_index('ix_self_assessment_answers_at', 'self_assessment_answers', ['tenant_id', 'answered_at'],
                    unique=False)
    for statement in policy_sql('self_assessment_answers'):
        op.execute(statement)
    conn = op.get_bind()
    # row-level security is FORCEd on the owner too: each forum's rows are visible only with its tenant set
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text(SEED), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    op.drop_index('ix_self_assessment_answers_at', table_name='self_assessment_answers')
    op.drop_table('self_assessment_answers')
