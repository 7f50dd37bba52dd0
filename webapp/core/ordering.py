"""Moving one row of an ordered list (agenda items, objectives) one place up or down."""
from __future__ import annotations

from typing import Any


def move(rows: list[Any], row: Any, direction: str) -> bool:
    """Swap ``row`` with its neighbour and renumber ``position`` from 1; False at either end (nothing moves)."""
    i = next(n for n, r in enumerate(rows) if r is row or r.id == row.id)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(rows):
        return False
    rows[i], rows[j] = rows[j], rows[i]
    for n, r in enumerate(rows, start=1):
        r.position = n
    return True
