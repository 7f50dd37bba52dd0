"""Chair rotation for a webinar series, as a pure deterministic function (no database, no Flask).

DESIGN.md's rules: sessions are assigned in rounds; in a round every organisation of the pool chairs
once and none twice. For each session, among the organisations still owed a turn this round, take the
first in pool order whose constituency differs from the previous chair's; only if none differs, the first
owed. An organisation that declines keeps its turn and is offered the next session; declining a second
time in a round skips it for that round. A cancelled session passes its turn on: it consumes no one's
turn. Swapped sessions are pinned to their chair. Past sessions never change; the pool given is the
current one, so adding or removing an organisation changes only future sessions.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Org:
    id: int
    constituency: str | None


@dataclass(frozen=True)
class Slot:
    index: int
    past: bool = False
    cancelled: bool = False
    chair: int | None = None  # recorded for past sessions; the pinned chair of a swapped future session
    pinned: bool = False
    declined_by: tuple[int, ...] = ()  # organisations that declined this session, in order


@dataclass(frozen=True)
class Assignment:
    index: int
    chair: int | None
    skipped: tuple[int, ...] = field(default=())  # organisations skipped for the round (second decline)
    round: int = 0


def rotate(pool: Sequence[Org], slots: Sequence[Slot]) -> list[Assignment]:
    order = [o.id for o in pool]
    constituency = {o.id: o.constituency for o in pool}
    owed: list[int] = list(order)
    declines: Counter[int] = Counter()
    priority: list[int] = []
    previous: str | None = None
    round_no = 0
    out: list[Assignment] = []

    def refill() -> None:
        nonlocal owed, round_no
        owed = list(order)
        declines.clear()
        round_no += 1

    def count_declines(slot: Slot, keep: int | None = None) -> list[int]:
        """A first decline in a round keeps the turn (offered the next session); the second skips the
        organisation for the rest of the round. Returns the organisations skipped at this slot."""
        nonlocal priority
        skipped = []
        for org in slot.declined_by:
            if org not in owed or org == keep:
                continue
            declines[org] += 1
            if declines[org] >= 2:
                owed.remove(org)
                skipped.append(org)
                priority = [o for o in priority if o != org]
            elif org not in priority:
                priority.append(org)
        return skipped

    for slot in sorted(slots, key=lambda s: s.index):
        this_round = round_no
        if slot.cancelled:  # nobody's turn is used: the would-be chair takes the next session
            if slot.chair is not None and slot.chair in owed and slot.chair not in priority:
                priority.insert(0, slot.chair)
            out.append(Assignment(slot.index, None, round=round_no))
            continue
        if slot.past:  # what happened stays; its declines still count, so a past decline is remembered
            chair = slot.chair
            skipped = count_declines(slot, keep=chair)
            if not owed:
                refill()
                this_round = round_no
            if chair is not None:
                if chair in owed:
                    owed.remove(chair)
                previous = constituency.get(chair, previous)
                priority = [o for o in priority if o != chair]
                if not owed:
                    refill()
            out.append(Assignment(slot.index, chair, tuple(skipped), round=this_round))
            continue
        skipped: list[int] = []
        if slot.pinned and slot.chair is not None:
            chair: int | None = slot.chair
        else:
            skipped = count_declines(slot)
            if not owed:
                refill()
                this_round = round_no
            candidates = [o for o in owed if o not in slot.declined_by]
            if not candidates:
                chair = None
            else:
                chair = next((o for o in priority if o in candidates), None)
                if chair is None:
                    chair = next((o for o in candidates if constituency.get(o) != previous), candidates[0])
        if chair is not None:
            if chair in owed:
                owed.remove(chair)
            priority = [o for o in priority if o != chair]
            previous = constituency.get(chair, previous)
            if not owed:
                refill()
        out.append(Assignment(slot.index, chair, tuple(skipped), round=this_round))
    return out
