"""The register as a table: the same columns in the members' export, the public CSV and the open-data API."""
from __future__ import annotations

from typing import Any

from webapp.actions.initiatives.queries import Entry
from webapp.core.csv import to_csv

HEADER = ["id", "name", "implementer", "funder", "minerals", "locations", "themes", "period_start", "period_end",
          "budget", "currency", "contact", "status", "reviewed_on", "objectives"]


def record(e: Entry) -> dict[str, Any]:
    i = e.initiative
    return {"id": i.id, "name": i.name, "implementer": i.implementer, "funder": i.funder, "minerals": i.minerals,
            "locations": i.locations, "themes": i.themes,
            "period_start": i.period_start.isoformat() if i.period_start else None,
            "period_end": i.period_end.isoformat() if i.period_end else None,
            "budget": float(i.budget) if i.budget is not None else None, "currency": i.currency,
            "contact": i.contact, "status": i.status, "reviewed_on": i.reviewed_on.isoformat(),
            "objectives": [{"id": oid, "title": title} for oid, title in e.objectives]}


def rows(entries: list[Entry]) -> list[list[Any]]:
    out = []
    for e in entries:
        r = record(e)
        out.append([*(r[k] for k in HEADER[:-1]), "; ".join(o["title"] for o in r["objectives"])])
    return out


def csv_text(entries: list[Entry]) -> str:
    return to_csv(HEADER, rows(entries))
