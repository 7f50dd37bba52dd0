"""Every write to the register of initiatives. Services flush, never commit."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from webapp.actions.initiatives.models import STATUSES, Initiative, InitiativeObjective
from webapp.actions.models import Objective
from webapp.core import audit
from webapp.core.labels import VISIBILITIES
from webapp.core.service_errors import ServiceError, tenant_id_or
from webapp.core.zones import forum_today
from webapp.extensions import db

TEXTS = ("name", "implementer", "funder", "minerals", "locations", "themes", "contact")
FIELDS = (*TEXTS, "period_start", "period_end", "budget", "currency", "status", "visibility")


class InitiativeError(ServiceError):
    pass


def save_initiative(initiative: Initiative | None, values: dict[str, Any],
                    objective_ids: list[int]) -> Initiative:
    """Creates or changes an initiative; saving it counts as its yearly review (reviewed today)."""
    tid = tenant_id_or(InitiativeError)
    values = {k: v for k, v in values.items() if k in FIELDS}
    for key in TEXTS:
        values[key] = (values.get(key) or "").strip() or None
    for key in ("name", "implementer"):
        if not values[key]:
            raise InitiativeError(key, "required")
    if values.get("status") not in STATUSES:
        raise InitiativeError("status", "invalid")
    if values.get("visibility") not in VISIBILITIES:
        raise InitiativeError("visibility", "invalid")
    if values.get("period_start") and values.get("period_end") and values["period_end"] < values["period_start"]:
        raise InitiativeError("period_end", "before_start")
    budget = values.get("budget")
    if budget is not None and Decimal(budget) < 0:
        raise InitiativeError("budget", "invalid")
    values["currency"] = (values.get("currency") or "").strip().upper()[:3] or None
    known = set(db.session.scalars(select(Objective.id).where(Objective.tenant_id == tid,
                                                              Objective.id.in_(objective_ids or [-1]))))
    if initiative is None:
        initiative = Initiative()
        db.session.add(initiative)
    for key, value in values.items():
        setattr(initiative, key, value)
    initiative.reviewed_on = forum_today()
    db.session.flush()
    db.session.execute(delete(InitiativeObjective).where(InitiativeObjective.tenant_id == tid,
                                                         InitiativeObjective.initiative_id == initiative.id))
    db.session.add_all(InitiativeObjective(initiative_id=initiative.id, objective_id=o) for o in sorted(known))
    db.session.flush()
    audit.record("saved", "initiative", initiative.id, sorted(values))
    return initiative


def mark_reviewed(initiative: Initiative, on: date | None = None) -> None:
    """The yearly update: the secretariat checked the entry and nothing changed."""
    initiative.reviewed_on = on or forum_today()
    db.session.flush()
    audit.record("reviewed", "initiative", initiative.id, ["reviewed_on"])


def delete_initiative(initiative: Initiative) -> None:
    db.session.delete(initiative)
    db.session.flush()
    audit.record("deleted", "initiative", initiative.id, [])
