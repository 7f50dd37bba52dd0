"""What an affiliate shares, read inside the affiliate's own tenant by the snapshot job's first step.

No signed-in reader: items are read at one explicit level (``LEVEL``, members: never restricted items), and
counts under five are withheld here, before anything leaves the forum — with any figure from which a withheld
count could be worked out (the other part of a total, a percentage of a shown total). The result is a plain
dict of JSON values: the only thing that crosses to the coordinating forum.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from tenants.models import Tenant
from webapp.actions.models import ActionItem
from webapp.actions.progress import Rollup, rollup
from webapp.actions.queries import counted_cells, facts
from webapp.actions.visibility import readable_sql
from webapp.core.visibility import Reader, level_sql, public_sql
from webapp.extensions import db
from webapp.federation.models import Affiliation, ObjectiveLink, ReceivedObjective
from webapp.meetings.models import Meeting
from webapp.members.models import Member, Organisation

LEVEL = "members"  # the widest level a snapshot reads: public and members-only items, never restricted ones
SMALL = 5  # counts below this are withheld, as on public pages
OUTCOMES = 10  # the newest published outcomes listed
# which top-level keys each share allows (as_of and forum always cross: they say who and when)
KEYS = {"progress": {"progress", "overdue"}, "inclusion": {"inclusion"}, "outcomes": {"outcomes"},
        "indicators": {"indicators"}}
ALWAYS = {"as_of", "forum"}


def allowed_keys(shares: set[str]) -> set[str]:
    return ALWAYS.union(*(KEYS[s] for s in shares if s in KEYS))


def withhold(counts: Mapping[str, int]) -> dict[str, int | None]:
    """Counts below five become None; when a single one is withheld, the smallest shown one is withheld too, or the
    hidden count would be the total minus the others."""
    shown: dict[str, int | None] = {k: (n if n >= SMALL else None) for k, n in counts.items()}
    if sum(v is None for v in shown.values()) == 1:
        visible = [k for k, v in shown.items() if v is not None]
        if visible:
            shown[min(visible, key=lambda k: (counts[k], k))] = None
    return shown


def withhold_cells(cells: list[int | float], total: int | float) -> tuple[list[int | float | None], int | float | None]:
    """A disaggregated figure's cells and total with small cells withheld (issue 40): every cell under five, then —
    complementary suppression — the smallest shown cells too, until the withheld cells are none, or at least two
    whose sum (the total minus the shown cells) is five or more: then neither the others and the total nor their
    sum being zero pins a withheld cell down. A total under five is withheld with every cell."""
    if total < SMALL:
        return [None] * len(cells), None
    hidden = {n for n, v in enumerate(cells) if v < SMALL}
    while hidden and (len(hidden) < 2 or sum(cells[n] for n in hidden) < SMALL):
        shown = [n for n in range(len(cells)) if n not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda n: (cells[n], n)))
    return [None if n in hidden else v for n, v in enumerate(cells)], total


def _count(n: int) -> int | None:
    return n if n >= SMALL else None


def progress_entry(r: Rollup) -> dict[str, int | None]:
    parts = withhold({"done": r.done, "not_done": r.items - r.done})
    items = _count(r.items)
    # a derived figure is withheld with its base: with the item count withheld, a percentage of a few items names
    # them; with it shown and the done count withheld, the percentage of items without a target gives it away
    percent = None if items is None or parts["done"] is None else r.percent
    return {"percent": percent, "items": items, "done": parts["done"], "overdue": _count(r.overdue)}


def _progress(affiliation: Affiliation, today: date) -> tuple[dict[str, Any], int | None]:
    tid = affiliation.affiliate_id
    reader = Reader.audience(LEVEL)
    links: dict[int, set[int]] = {}
    for source, objective_id in db.session.execute(
            select(ReceivedObjective.source_objective_id, ObjectiveLink.objective_id)
            .join(ObjectiveLink, and_(ObjectiveLink.tenant_id == ReceivedObjective.tenant_id,
                                      ObjectiveLink.received_id == ReceivedObjective.id))
            .where(ReceivedObjective.tenant_id == tid, ReceivedObjective.coordinator_tenant_id ==
                   affiliation.coordinator_id, ReceivedObjective.withdrawn_at.is_(None))):
        links.setdefault(source, set()).add(objective_id)
    items = list(db.session.scalars(select(ActionItem).where(ActionItem.tenant_id == tid, readable_sql(reader))))
    progress = {str(source): progress_entry(rollup([facts(i) for i in items if i.objective_id in own], today))
                for source, own in sorted(links.items())}
    return progress, _count(rollup([facts(i) for i in items], today).overdue)


def _links(affiliation: Affiliation) -> dict[int, set[int]]:
    """Shared objective (the coordinator's id) -> the affiliate's own objectives linked to it."""
    links: dict[int, set[int]] = {}
    for source, objective_id in db.session.execute(
            select(ReceivedObjective.source_objective_id, ObjectiveLink.objective_id)
            .join(ObjectiveLink, and_(ObjectiveLink.tenant_id == ReceivedObjective.tenant_id,
                                      ObjectiveLink.received_id == ReceivedObjective.id))
            .where(ReceivedObjective.tenant_id == affiliation.affiliate_id,
                   ReceivedObjective.coordinator_tenant_id == affiliation.coordinator_id,
                   ReceivedObjective.withdrawn_at.is_(None))):
        links.setdefault(source, set()).add(objective_id)
    return links


def _plain(value: Any) -> int | float:  # noqa: ANN401  (a Decimal)
    return int(value) if value == int(value) else float(value)


def _indicators(affiliation: Affiliation) -> dict[str, list[dict[str, Any]]]:
    """Per shared objective: the disaggregated items of the linked objectives (members level), each with its
    verified cells and total, small cells withheld. An item with no verified figure yet is listed without one."""
    tid = affiliation.affiliate_id
    reader = Reader.audience(LEVEL)
    links = _links(affiliation)
    items = list(db.session.scalars(select(ActionItem).where(
        ActionItem.tenant_id == tid, ActionItem.disaggregation.is_not(None), readable_sql(reader))
        .order_by(ActionItem.id)))
    counted = counted_cells([i.id for i in items], reader)
    out: dict[str, list[dict[str, Any]]] = {}
    for source, own in sorted(links.items()):
        entries = []
        for item in (i for i in items if i.objective_id in own):
            cells = counted.get(item.id, [])
            values = [_plain(v) for _s, _b, v in cells]
            shown, total = withhold_cells(values, sum(values)) if cells else ([], None)
            entries.append({"title": item.title, "unit": item.unit or "", "total": total,
                            "cells": [{"sex": s, "band": b, "value": v} for (s, b, _v), v in zip(cells, shown,
                                                                                                 strict=True)]})
        out[str(source)] = entries
    return out


def _inclusion(tid: int, now: datetime) -> dict[str, Any]:
    people = (select(Member.gender, func.coalesce(Member.constituency, Organisation.constituency).label("c"),
                     ((Member.email.is_not(None) & ~Member.email_bouncing) | Member.phone.is_not(None)).label("r"))
              .outerjoin(Organisation, and_(Organisation.tenant_id == Member.tenant_id,
                                            Organisation.id == Member.organisation_id))
              .where(Member.tenant_id == tid, Member.active, Member.erased_at.is_(None),
                     Member.role != "secretariat")).subquery()
    rows = db.session.execute(select(people.c.gender, people.c.c, people.c.r)).all()
    total = len(rows)
    genders: dict[str, int] = {}
    constituencies: dict[str, int] = {}
    for gender, constituency, _r in rows:
        genders[gender] = genders.get(gender, 0) + 1
        constituencies[constituency or "other"] = constituencies.get(constituency or "other", 0) + 1
    reachable = sum(bool(r) for _g, _c, r in rows)
    by_gender = withhold(genders)
    women = by_gender.get("woman")
    last_plenary = db.session.scalar(select(func.max(Meeting.start_at)).where(
        Meeting.tenant_id == tid, Meeting.kind == "plenary",
        level_sql(Reader.audience(LEVEL), Meeting.visibility),
        Meeting.status.in_(("held", "outcomes_published")), Meeting.start_at <= now))
    return {"members": _count(total),
            "women_share": round(100 * women / total) if women is not None and total >= SMALL else None,
            "gender": by_gender, "constituency": withhold(constituencies),
            "reachable": withhold({"reachable": reachable, "unreachable": total - reachable})["reachable"],
            "last_plenary": last_plenary.date().isoformat() if last_plenary else None}


def _outcomes(tid: int) -> list[dict[str, Any]]:
    return [{"meeting_id": m.id, "title": m.title, "date": m.outcomes_published_at.date().isoformat()
             if m.outcomes_published_at else None}
            for m in db.session.scalars(select(Meeting).where(
                Meeting.tenant_id == tid, public_sql(Meeting.visibility), Meeting.status == "outcomes_published")
                .order_by(or_(Meeting.outcomes_published_at.is_(None)), Meeting.outcomes_published_at.desc())
                .limit(OUTCOMES))]


def read(affiliation: Affiliation, forum: Tenant, day: date) -> dict[str, Any]:
    """The shared figures of the current forum (the affiliate), as of ``day``: only what the affiliation shares."""
    figures: dict[str, Any] = {"as_of": day.isoformat(), "forum": {"name": forum.name, "slug": forum.slug}}
    shares = affiliation.shares
    if "progress" in shares:
        figures["progress"], figures["overdue"] = _progress(affiliation, day)
    if "inclusion" in shares:
        figures["inclusion"] = _inclusion(forum.id, datetime.now(UTC))
    if "outcomes" in shares:
        figures["outcomes"] = _outcomes(forum.id)
    if "indicators" in shares:
        figures["indicators"] = _indicators(affiliation)
    return figures
