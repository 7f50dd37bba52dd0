"""Progress of action items and its roll-up, as pure functions over plain data (no database, no Flask).

An item with a target: clamp((current - baseline) / (target - baseline), 0, 1), which works for
falling targets too (reducing child-labour incidence). Without one: 1 if done, else 0. Objectives
and plans: the mean over their items, dropped items excluded; counts of done, overdue and blocked.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Number = float | int | Decimal


@dataclass(frozen=True)
class ItemFacts:
    status: str  # planned, in_progress, done, blocked, dropped
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class Rollup:
    progress: float | None  # None when there is no item to measure
    items: int
    done: int
    overdue: int
    blocked: int
    dropped: int

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


def item_progress(item: ItemFacts) -> float:
    if item.target is not None and item.baseline is not None and item.target != item.baseline:
        current = item.baseline if item.current is None else item.current
        share = (float(current) - float(item.baseline)) / (float(item.target) - float(item.baseline))
        return min(1.0, max(0.0, share))
    return 1.0 if item.status == "done" else 0.0


def is_overdue(item: ItemFacts, today: date) -> bool:
    return item.due_on is not None and item.due_on < today and item.status not in ("done", "dropped")


def rollup(items: Iterable[ItemFacts], today: date) -> Rollup:
    items = list(items)
    counted = [i for i in items if i.status != "dropped"]
    progress = sum(item_progress(i) for i in counted) / len(counted) if counted else None
    return Rollup(progress=progress, items=len(counted), done=sum(i.status == "done" for i in counted),
                  overdue=sum(is_overdue(i, today) for i in counted),
                  blocked=sum(i.status == "blocked" for i in counted), dropped=len(items) - len(counted))
