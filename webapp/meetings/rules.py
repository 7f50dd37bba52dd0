"""Decision rules, as pure functions over plain data (no database, no Flask), like quorum.py.

Written once for the proposals between meetings (webapp/proposals) and for the votes of a live meeting,
which both import this module: proposals sit above meetings in the layering, the votes in meetings.

A rule is data (``Rule``): its kind, chosen per proposal from the forum's allowed set, the core
constituencies and, for a majority, the minimum turnout.

- ``no_objection`` (written procedure): adopted unless a seat objects; an objection names a reason.
- ``consent_of_every_core_constituency``: every core constituency has at least one answer and a
  majority of its answering seats agreeing; a silent core constituency is not consent.
- ``majority_with_turnout``: a majority of the answering seats agree, and the answering seats reach
  ``min_turnout`` of the seats addressed.

Edge cases, each tested in tests/meetings/test_rules.py:
- "agree with reservations" counts as agreement; its reservation is kept in ``Outcome.reservations``;
- an abstention counts toward turnout (the seat answered) and never toward agreement, so a majority
  is of the answering seats, abstainers included;
- one answer per seat: a titular's answer overrides their alternate's; an alternate's answer counts for
  the titular's seat, in the titular's constituency, only when the titular is silent;
- answers change until the deadline: a seat's latest answer given by the deadline counts, a later one not;
- the positions recorded on the decision per constituency (``POSITIONS`` of meetings/models.py):
  ``consensus`` when every answering seat of the constituency agrees, ``agrees`` when a majority
  agrees, ``disagrees`` when a majority objects, ``abstains`` otherwise (a tie, or only abstentions);
  a silent constituency gets no position.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

AGREE, RESERVATIONS, OBJECT, ABSTAIN = "agree", "agree_with_reservations", "object", "abstain"
ANSWERS = (AGREE, RESERVATIONS, OBJECT, ABSTAIN)
AGREEING = (AGREE, RESERVATIONS)

NO_OBJECTION = "no_objection"
CONSENT = "consent_of_every_core_constituency"
MAJORITY = "majority_with_turnout"
RULES = (NO_OBJECTION, CONSENT, MAJORITY)

# the reason an outcome gives, for the sentence that explains it
ADOPTED_NO_OBJECTION, OBJECTED = "no_objection", "objected"
CORE_CONSENTED, CORE_SILENT, CORE_WITHHELD = "core_consented", "core_silent", "core_withheld"
MAJORITY_AGREED, MAJORITY_NOT_REACHED, TURNOUT_NOT_REACHED = "majority_agreed", "no_majority", "turnout_low"


@dataclass(frozen=True)
class Rule:
    kind: str
    core: tuple[str, ...] = ()
    min_turnout: float = 0.5  # for a majority: the share of the seats addressed that must answer

    def __post_init__(self) -> None:
        if self.kind not in RULES:
            raise ValueError(f"unknown decision rule {self.kind!r}")
        if not 0 <= self.min_turnout <= 1:
            raise ValueError("min_turnout is a share between 0 and 1")


@dataclass(frozen=True)
class Seat:
    """A titular seat addressed by the proposal (alternates answer for their titular's seat)."""

    member_id: int
    constituency: str | None
    gender: str = "undisclosed"


@dataclass(frozen=True)
class Answer:
    member_id: int  # who answered: the titular, or an alternate standing in
    answer: str
    at: datetime | None = None  # when; None sorts first (an answer without a time is the oldest)
    alternate_of: int | None = None  # the titular's id when an alternate answers
    comment: str | None = None  # the reservation, the objection's reason, or a remark

    def __post_init__(self) -> None:
        if self.answer not in ANSWERS:
            raise ValueError(f"unknown answer {self.answer!r}")


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    reason: str
    seats: int
    answered: int
    counts: dict[str | None, dict[str, int]]  # constituency -> answer -> seats
    positions: dict[str, str]  # constituency -> agrees / disagrees / abstains / consensus
    counted: dict[int, Answer] = field(default_factory=dict)  # titular seat -> the answer that counts
    reservations: tuple[tuple[int, str], ...] = ()  # (seat, reservation)
    objections: tuple[tuple[int, str], ...] = ()  # (seat, reason)
    missing_core: tuple[str, ...] = ()  # core constituencies that did not consent (silent or withheld)

    @property
    def turnout(self) -> float:
        return self.answered / self.seats if self.seats else 0.0


def counted_answers(seats: Iterable[Seat], answers: Iterable[Answer],
                    deadline: datetime | None = None) -> dict[int, Answer]:
    """The one answer that counts per seat: the latest by the deadline, the titular's over the alternate's."""
    seat_ids = {s.member_id for s in seats}
    own: dict[int, Answer] = {}
    stand_in: dict[int, Answer] = {}
    for a in sorted(answers, key=lambda a: (a.at is not None, a.at or datetime.min)):
        if deadline is not None and a.at is not None and a.at > deadline:
            continue
        if a.member_id in seat_ids:
            own[a.member_id] = a
        elif a.alternate_of in seat_ids:
            stand_in[a.alternate_of] = a  # type: ignore[index]
    return {**stand_in, **own}


def position(tally: Counter[str] | dict[str, int]) -> str | None:
    """The constituency's position from its answers; None when it did not answer."""
    agree = sum(tally.get(k, 0) for k in AGREEING)
    objects = tally.get(OBJECT, 0)
    answered = agree + objects + tally.get(ABSTAIN, 0)
    if not answered:
        return None
    if agree == answered:
        return "consensus"
    if 2 * agree > answered:
        return "agrees"
    if 2 * objects > answered:
        return "disagrees"
    return "abstains"


def _majority_agrees(tally: Counter[str]) -> bool:
    answered = sum(tally.values())
    return answered > 0 and 2 * sum(tally[k] for k in AGREEING) > answered


def decide(rule: Rule, seats: Iterable[Seat], answers: Iterable[Answer],
           deadline: datetime | None = None) -> Outcome:
    seats = list(seats)
    by_id = {s.member_id: s for s in seats}
    counted = counted_answers(seats, answers, deadline)
    per: dict[str | None, Counter[str]] = {}
    for seat_id, a in counted.items():
        per.setdefault(by_id[seat_id].constituency, Counter())[a.answer] += 1
    overall: Counter[str] = sum(per.values(), Counter())
    positions = {c: p for c, t in per.items() if c is not None and (p := position(t)) is not None}
    reservations = tuple(sorted((sid, a.comment or "") for sid, a in counted.items() if a.answer == RESERVATIONS))
    objections = tuple(sorted((sid, a.comment or "") for sid, a in counted.items() if a.answer == OBJECT))
    missing: tuple[str, ...] = ()
    if rule.kind == NO_OBJECTION:
        adopted = not objections
        reason = ADOPTED_NO_OBJECTION if adopted else OBJECTED
    elif rule.kind == CONSENT:
        silent = tuple(c for c in rule.core if not per.get(c))
        withheld = tuple(c for c in rule.core if per.get(c) and not _majority_agrees(per[c]))
        missing = tuple(sorted(silent + withheld))
        adopted = bool(rule.core) and not missing
        reason = CORE_CONSENTED if adopted else (CORE_SILENT if silent else CORE_WITHHELD)
    else:
        answered = len(counted)
        if not seats or answered < rule.min_turnout * len(seats) or not answered:
            adopted, reason = False, TURNOUT_NOT_REACHED
        else:
            adopted = _majority_agrees(overall)
            reason = MAJORITY_AGREED if adopted else MAJORITY_NOT_REACHED
    return Outcome(adopted=adopted, reason=reason, seats=len(seats), answered=len(counted),
                   counts={c: dict(t) for c, t in per.items()}, positions=positions, counted=counted,
                   reservations=reservations, objections=objections, missing_core=missing)


def tally_by(seats: Iterable[Seat], counted: dict[int, Answer], key: str) -> dict[str | None, dict[str, int]]:
    """Answers per constituency or per gender (``key``), with ``none`` for the seats not answering."""
    out: dict[str | None, Counter[str]] = {}
    for s in seats:
        a = counted.get(s.member_id)
        out.setdefault(getattr(s, key), Counter())[a.answer if a else "none"] += 1
    return {k: dict(v) for k, v in out.items()}
