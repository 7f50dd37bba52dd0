from __future__ import annotations

from sqlalchemy import func, select

from tenants.context import current_tenant_id
from webapp.extensions import db
from webapp.members.models import Member


def roll_summary() -> dict[str, int]:
    """Active members per role, in one query."""
    rows = db.session.execute(
        select(Member.role, func.count()).where(Member.tenant_id == current_tenant_id(), Member.active)
        .group_by(Member.role)).all()
    return {role: n for role, n in rows}
