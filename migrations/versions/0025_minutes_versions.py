"""minutes versions: each circulation of the minutes is kept, with the approver's comments when sent back

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-01 23:50:00
"""
from alembic import op
import sqlalchemy as sa

from tenants.rls import policy_sql

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

# minutes already circulated or approved become their version 1 (when: as approved, else now)
SEED = """
INSERT INTO minutes_versions (tenant_id, minutes_id, number, body_md, body_html, non_attributed, visibility,
                              circulated_at)
SELECT tenant_id, id, 1, body_md, body_html, non_attributed, visibility, coalesce(approved_at, now())
FROM minutes WHERE tenant_id = :tid AND status IN ('circulated', 'approved')
"""


def upgrade():
    op.create_table('minutes_versions',
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), autoincrement=True, nullable=False),
    sa.Column('minutes_id', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('non_attributed', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('circulated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('circulated_by_id', sa.BigInteger(), nullable=True),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_by_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("visibility IN ('public', 'members', 'restricted')",
                       name=op.f('ck_minutes_versions_visibility')),
    sa.ForeignKeyConstraint(['tenant_id', 'minutes_id'], ['minutes.tenant_id', 'minutes.id'],
                            name=op.f('fk_minutes_versions_tenant_id_minutes_id_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id', 'circulated_by_id'], ['members.tenant_id', 'members.id'],
                            name=op.f('fk_minutes_versions_tenant_id_circulated_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'returned_by_id'], ['members.tenant_id', 'members.id'],
                            name=op.f('fk_minutes_versions_tenant_id_returned_by_id_members')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_minutes_versions_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_minutes_versions')),
    sa.UniqueConstraint('tenant_id', 'minutes_id', 'number', name=op.f('uq_minutes_versions_tenant_id_minutes_id_number'))
    )
    for statement in policy_sql('minutes_versions'):
        op.execute(statement)
    conn = op.get_bind()
    # row-level security is FORCEd on the owner too: each forum's rows are visible only with its tenant set
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text(SEED), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    op.drop_table('minutes_versions')
