"""The speakers' queue orders a forum may choose, as pure functions over plain data (no database, no Flask).

``order(waiting, policy, spoken)`` gives the queue in the order the floor would be given: the entries the chair
ranked by hand first (by rank), then the others by the forum's policy. ``spoken`` is who already had the floor on
the current item, oldest first: the policies that look back (alternating by gender, first-time speakers first,
one per constituency in turn) continue from there.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

FIRST_COME, ALTERNATING, FIRST_TIME, CONSTITUENCY_TURNS = (
    "first_come", "gender_alternating", "first_time_first", "constituency_turns")
POLICIES = (FIRST_COME, ALTERNATING, FIRST_TIME, CONSTITUENCY_TURNS)


@dataclass(frozen=True)
class Entry:
    id: int
    speaker: str  # who: "m<member id>" or the name given, the same across the item's requests
    gender: str
    constituency: str | None
    requested_at: datetime
    rank: int | None = None


@dataclass(frozen=True)
class Spoke:
    speaker: str
    gender: str
    constituency: str | None


def side(gender: str) -> str:
    """Alternation is between women and everyone else (men, another, undisclosed)."""
    return "woman" if gender == "woman" else "other"


def first_come(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.requested_at, e.id))


def alternating(entries: Iterable[Entry], spoken: Sequence[Spoke] = ()) -> list[Entry]:
    """Women and others in turn, each side first come; a side whose queue is empty lets the other continue."""
    rest = first_come(entries)
    last = side(spoken[-1].gender) if spoken else None
    out: list[Entry] = []
    while rest:
        pick = next((e for e in rest if side(e.gender) != last), rest[0])
        rest.remove(pick)
        out.append(pick)
        last = side(pick.gender)
    return out


def first_time(entries: Iterable[Entry], spoken: Sequence[Spoke] = ()) -> list[Entry]:
    """Who has not yet spoken on the item first, then the others; first come within each."""
    had = {s.speaker for s in spoken}
    ordered = first_come(entries)
    return [e for e in ordered if e.speaker not in had] + [e for e in ordered if e.speaker in had]


def constituency_turns(entries: Iterable[Entry], spoken: Sequence[Spoke] = ()) -> list[Entry]:
    """One per constituency in turn: a round gives the floor to each waiting constituency once, first come."""
    turn: set[str | None] = set()
    for s in spoken:  # the round in progress on the item
        turn = {s.constituency} if s.constituency in turn else turn | {s.constituency}
    rest = first_come(entries)
    out: list[Entry] = []
    while rest:
        pick = next((e for e in rest if e.constituency not in turn), None)
        if pick is None:
            turn, pick = set(), rest[0]
        rest.remove(pick)
        out.append(pick)
        turn.add(pick.constituency)
    return out


def order(entries: Iterable[Entry], policy: str = FIRST_COME, spoken: Sequence[Spoke] = ()) -> list[Entry]:
    entries = list(entries)
    ranked = sorted((e for e in entries if e.rank is not None), key=lambda e: (e.rank, e.requested_at, e.id))
    free = [e for e in entries if e.rank is None]
    # the ranked entries speak first: the policy continues after them
    after = [*spoken, *(Spoke(e.speaker, e.gender, e.constituency) for e in ranked)]
    if policy == ALTERNATING:
        rest = alternating(free, after)
    elif policy == FIRST_TIME:
        rest = first_time(free, after)
    elif policy == CONSTITUENCY_TURNS:
        rest = constituency_turns(free, after)
    else:
        rest = first_come(free)
    return ranked + rest


def moved_up(ordered: Sequence[Entry], entry_id: int) -> dict[int, int]:
    """The ranks that put ``entry_id`` one place higher in the queue as shown: every entry gets its place."""
    ids = [e.id for e in ordered]
    i = ids.index(entry_id)
    if i > 0:
        ids[i - 1], ids[i] = ids[i], ids[i - 1]
    return {eid: rank for rank, eid in enumerate(ids)}
