"""The open-data sets as tables, for CSV: the same records as the JSON, one row per meeting, decision,
recommendation or action item (column names are the JSON's keys, the same in every language)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webapp.actions.initiatives import exports
from webapp.opendata import queries

EVERY = 100_000  # a whole set at once (CSV and the bulk download)
Table = tuple[list[str], list[list[Any]]]


def meetings(locale: str) -> Table:
    header = ["id", "title", "kind", "status", "starts_at", "ends_at", "venue", "language", "outcomes_published_at"]
    return header, [[m[k] for k in header] for m in queries.meetings(locale, EVERY, 0)]


def decisions(locale: str) -> Table:
    header = ["meeting_id", "meeting_title", "held_on", "decision_id", "text", "positions"]
    return header, [[o["meeting_id"], o["title"], o["held_on"], d["id"], d["text"],
                     "; ".join(f"{p['constituency']}: {p['position']}" for p in d["positions"])]
                    for o in queries.outcomes(locale, EVERY, 0) for d in o["decisions"]]


def recommendations(locale: str) -> Table:
    header = ["decision_id", "meeting_id", "text", "addressee", "addressee_kind", "transmitted_on", "letter_url",
              "follow_up_on", "status", "answers", "last_answered_on", "last_answer"]
    rows = []
    for r in queries.recommendations(locale):
        last = r["answers"][-1] if r["answers"] else {}
        rows.append([*(r[k] for k in header[:9]), len(r["answers"]), last.get("answered_on"), last.get("summary")])
    return header, rows


def plan_items(locale: str) -> Table:
    header = ["plan_id", "plan_title", "objective", "item_id", "title", "status", "due_on", "progress_percent",
              "mineral", "place", "indicator", "unit", "baseline", "target", "current_value"]
    rows = []
    for p in queries.plans(locale):
        objectives = {o["id"]: o["title"] for o in p["objectives"]}
        for it in p["items"]:
            rows.append([p["id"], p["title"], objectives.get(it["objective_id"]), it["id"], it["title"],
                         *(it[k] for k in header[5:])])
    return header, rows


def initiatives(_locale: str) -> Table:
    return exports.HEADER, [[*(r[k] for k in exports.HEADER[:-1]), "; ".join(o["title"] for o in r["objectives"])]
                            for r in queries.initiatives()]


TABLES: dict[str, Callable[[str], Table]] = {"meetings": meetings, "decisions": decisions,
                                             "recommendations": recommendations, "plan-items": plan_items,
                                             "initiatives": initiatives}
CSV_OF = {"meetings": "meetings", "outcomes": "decisions", "recommendations": "recommendations",
          "plans": "plan-items", "initiatives": "initiatives"}  # the CSV of each JSON set
