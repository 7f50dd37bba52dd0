"""who was present at each meeting, kept on the meeting row (women, men or another, constituencies present): the
chair dashboard's trends read these instead of joining every invitation of the year (issue 23)

Revision ID: 0027
Revises: 0023
Create Date: 2026-12-02 00:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

# the same computation as webapp/meetings/counters.py, for one forum's meetings
BACKFILL = """
UPDATE meetings AS m SET present_women = a.women, present_men_or_another = a.others, present_constituencies = a.cs
FROM (SELECT mt.tenant_id, mt.id,
             count(*) FILTER (WHERE mem.gender = 'woman') AS women,
             count(*) FILTER (WHERE mem.gender IN ('man', 'another')) AS others,
             coalesce(array_agg(DISTINCT coalesce(mem.constituency, o.constituency))
                      FILTER (WHERE coalesce(mem.constituency, o.constituency) IS NOT NULL), '{}') AS cs
      FROM meetings mt
      LEFT JOIN invitations i ON i.tenant_id = mt.tenant_id AND i.meeting_id = mt.id AND i.attended
      LEFT JOIN members mem ON mem.tenant_id = i.tenant_id AND mem.id = i.member_id
      LEFT JOIN organisations o ON o.tenant_id = mem.tenant_id AND o.id = mem.organisation_id
      WHERE mt.tenant_id = :tid
      GROUP BY mt.tenant_id, mt.id) AS a
WHERE m.tenant_id = a.tenant_id AND m.id = a.id
"""


def upgrade():
    op.add_column('meetings', sa.Column('present_women', sa.Integer(), server_default='0', nullable=False))
    op.add_column('meetings', sa.Column('present_men_or_another', sa.Integer(), server_default='0', nullable=False))
    op.add_column('meetings', sa.Column('present_constituencies', postgresql.ARRAY(sa.String(length=40)),
                                        server_default='{}', nullable=False))
    conn = op.get_bind()
    # fresh statistics first: without them the planner may nest loops over every invitation of every meeting
    conn.execute(sa.text("ANALYZE meetings, invitations, members, organisations"))
    # row-level security is FORCEd on the owner too: each forum's rows are visible only with its tenant set
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text(BACKFILL), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    op.drop_column('meetings', 'present_constituencies')
    op.drop_column('meetings', 'present_men_or_another')
    op.drop_column('meetings', 'present_women')
