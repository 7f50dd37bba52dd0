"""action items no wider than their plan and decision: existing items narrowed to the strictest of the three

Until now a new item defaulted to 'members' whatever its plan's visibility, so an item of a restricted plan was
stored as 'members'. Reads now take the strictest of item, plan and decision (webapp/actions/visibility.py), which
hides such items today; narrowing the stored value too keeps them hidden if the plan is opened up later. Data only:
no schema change. Narrowing cannot be undone (the downgrade leaves the values as they are, which is safe).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def _rank(column: str) -> str:
    return f"(CASE {column} WHEN 'public' THEN 0 WHEN 'members' THEN 1 ELSE 2 END)"


NARROW = f"""
UPDATE action_items AS i SET visibility = CASE GREATEST(
        {_rank('i.visibility')},
        COALESCE((SELECT {_rank('p.visibility')} FROM action_plans AS p
                  WHERE p.tenant_id = i.tenant_id AND p.id = i.plan_id), 2),
        CASE WHEN i.origin_decision_id IS NULL THEN 0 ELSE
            COALESCE((SELECT {_rank('d.visibility')} FROM decisions AS d
                      WHERE d.tenant_id = i.tenant_id AND d.id = i.origin_decision_id), 2) END)
    WHEN 0 THEN 'public' WHEN 1 THEN 'members' ELSE 'restricted' END
WHERE i.tenant_id = :tid
"""


def upgrade():
    conn = op.get_bind()
    # row-level security is FORCEd on the owner too: each forum's rows are visible only with its tenant set
    for (tid,) in conn.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :tid, true)"), {"tid": str(tid)})
        conn.execute(sa.text(NARROW), {"tid": tid})
    conn.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))


def downgrade():
    pass  # the narrower values stay: widening them again could expose what the plan or decision keeps restricted
