"""Voice in the room: a meeting's floor time by gender and by constituency against those present, read from the
counters on its row (``meetings.floor_counts``, webapp/live/counters.py): no statement, so the meeting page and the
dashboard show it within their budgets. Groups only: never a name, so non-attributed minutes lose nothing."""
from __future__ import annotations

from typing import Any

from tenants.context import current_tenant
from webapp.inclusion import checks
from webapp.meetings.models import Meeting


def fraction() -> float:
    """The forum's fraction (the inclusion targets' page sets it; two thirds by default)."""
    tenant = current_tenant()
    value = tenant.setting("floor_parity_fraction") if tenant else None
    return float(value) if isinstance(value, int | float) and 0 < value <= 1 else checks.FLOOR_FRACTION


def voice(counts: dict[str, Any], share: float) -> list[checks.Result]:
    """The two checks (by gender, by constituency) from a meeting's floor counts; [] before any intervention."""
    if not counts or not counts.get("gender"):
        return []
    present = counts.get("present", {})
    return [checks.voice_in_the_room({g: (n, s) for g, (n, s) in counts.get(kind, {}).items()},
                                     dict(present.get(kind, {})), share, key=f"voice_{kind}")
            for kind in ("gender", "constituency")]


def meeting_voice(meeting: Meeting) -> list[checks.Result]:
    return voice(meeting.floor_counts or {}, fraction())
