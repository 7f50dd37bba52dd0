"""Quorum, as a pure function over plain data (no database, no Flask).

Voting members are the committee's titular members (chair, vice-chair, member) and alternates;
observers and the secretariat never count. A titular member counts when present; an alternate
counts only when standing in for an absent titular member (once per titular). Quorum is reached
when the voting members present reach ``share`` of the titular seats (rounded up, at least one)
and, if the forum requires it, at least one is present for every core constituency.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

TITULAR_ROLES = ("chair", "vice_chair", "member")


@dataclass(frozen=True)
class Seat:
    member_id: int
    role: str  # the member's role in the forum
    constituency: str | None
    present: bool
    alternate_of: int | None = None  # for alternates: the titular member they stand in for


@dataclass(frozen=True)
class QuorumResult:
    seats: int  # titular voting seats
    present: int  # voting members present, alternates standing in included
    needed: int
    missing_core: tuple[str, ...] = field(default=())

    @property
    def reached(self) -> bool:
        return self.present >= self.needed and not self.missing_core


def quorum(people: Iterable[Seat], share: float = 0.5, core: Iterable[str] = (),
           require_each_core: bool = False) -> QuorumResult:
    people = list(people)
    titular = {p.member_id: p for p in people if p.role in TITULAR_ROLES}
    counted: dict[int, Seat] = {mid: p for mid, p in titular.items() if p.present}
    for alt in people:
        if alt.role == "alternate" and alt.present and alt.alternate_of in titular \
                and alt.alternate_of not in counted:
            # stands in for the absent titular, in the titular's constituency
            counted[alt.alternate_of] = Seat(alt.member_id, "alternate",
                                             titular[alt.alternate_of].constituency or alt.constituency, True)
    seats = len(titular)
    needed = max(1, math.ceil(seats * share)) if seats else 1
    present_constituencies = {p.constituency for p in counted.values()}
    missing = tuple(sorted(c for c in core if c not in present_constituencies)) if require_each_core else ()
    return QuorumResult(seats=seats, present=len(counted), needed=needed, missing_core=missing)
