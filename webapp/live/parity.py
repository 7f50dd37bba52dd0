"""Voice in the room: a meeting's floor time by gender and by constituency against those present, read from the
counters on its row (``meetings.floor_counts``, webapp/live/counters.py): no statement, so the meeting page and the
dashboard show it within their budgets. Groups only: never a name, so non-attributed minutes lose nothing."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext

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


@dataclass(frozen=True)
class GroupLine:
    """One group's line of the floor-time statement: present (and share), turns, seconds (and share of floor time)."""

    kind: str  # gender or constituency
    group: str
    present: int
    share_present: float | None
    turns: int
    seconds: int
    share_time: float | None


def statement(counts: dict[str, Any]) -> list[GroupLine]:
    """The meeting's floor-time statement (turns and time by gender and by constituency, against those present), from
    its floor counts alone: groups, never names. [] before any intervention."""
    lines: list[GroupLine] = []
    present = (counts or {}).get("present", {})
    for kind in ("gender", "constituency"):
        floor = (counts or {}).get(kind, {})
        here = present.get(kind, {})
        total_present = sum(here.values())
        total_time = sum(s for _n, s in floor.values())
        for group in sorted(set(floor) | set(here)):
            turns, seconds = floor.get(group, (0, 0))
            lines.append(GroupLine(kind, group, here.get(group, 0),
                                   here.get(group, 0) / total_present if total_present else None, turns, seconds,
                                   seconds / total_time if total_time else None))
    return lines if any(line.turns for line in lines) else []


def statement_text(lines: list[GroupLine], group_label: Callable[[str, str], str]) -> str:
    """The statement as the minutes carry it (Markdown, in the current language): one paragraph per kind."""
    def one(line: GroupLine) -> str:
        return gettext("%(group)s: %(present)d present (%(share_present)s), %(turns)d turns, %(time)s of floor time "
                       "(%(share_time)s)", group=group_label(f"voice_{line.kind}", line.group), present=line.present,
                       share_present=format_share(line.share_present), turns=line.turns,
                       time=f"{line.seconds // 60}:{line.seconds % 60:02d}", share_time=format_share(line.share_time))

    by_gender = "; ".join(one(x) for x in lines if x.kind == "gender")
    by_constituency = "; ".join(one(x) for x in lines if x.kind == "constituency")
    return "\n\n".join((f"**{gettext('Floor time')}**",
                        f"{gettext('By gender')}: {by_gender}.", f"{gettext('By constituency')}: {by_constituency}."))


def format_share(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


@dataclass(frozen=True)
class FloorRemedy:
    """What the chair can do when a group's floor time is low (issue 39): give the floor to the first of that group
    who is waiting (``request_id`` None: nobody of the group waits), with the share of floor time the group has and the
    share of the turns it would reach with one more."""

    kind: str  # gender or constituency
    group: str
    share_time: float
    share_present: float
    request_id: int | None
    name: str | None
    turns_after: float


def floor_remedies(counts: dict[str, Any], share: float,
                   waiting: list[tuple[int, str, str | None, str]]) -> list[FloorRemedy]:
    """The remedies for each low group of the voice checks, from the floor counts and the queue as ordered
    (``waiting``: request id, gender, constituency, name). Pure: the live view already reads both."""
    out = []
    for result in voice(counts, share):
        kind = result.key.removeprefix("voice_")
        for g in result.figures["groups"]:
            if not g["low"]:
                continue
            first = next((w for w in waiting if (w[1] if kind == "gender" else w[2]) == g["group"]), None)
            turns = result.figures["interventions"]
            out.append(FloorRemedy(kind, g["group"], g["share_time"], g["share_present"],
                                   first[0] if first else None, first[3] if first else None,
                                   (g["interventions"] + 1) / (turns + 1)))
    return out
