"""Where a lower feature asks a higher one without importing it (docs/architecture.md, "Feature layering").

Two features never import each other. When the lower one (members, meetings, actions) needs something that a
higher one knows, the higher one registers here at import time, the way members registers the member loader
in ``webapp.core.permissions``; app.py imports every feature, so every registration is made before a request
or a job runs. A question nobody registered an answer to gets the empty answer.

- member erasure: every feature that holds a member's name or free text registers an eraser; members calls
  them all from ``erase_member``;
- what still uses an object (``uses_counter`` / ``uses``): before deleting an organisation, a meeting or a
  decision, the lower feature asks the higher ones how many of their rows still point at it;
- one answer per question (``answers`` / ``ask``): the balance panels inclusion shows on the roll, committee,
  meeting and plan pages; matters arising, which actions answers for meetings; the action items the meetings
  search lists; the affiliates' progress federation shows on a plan's page, and every affiliation for the
  platform admin.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


# --- member erasure ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Erasure:
    """A member being erased: their id and the name and user they had before."""

    tenant_id: int
    member_id: int
    name: str
    user_id: int | None
    # someone else in the forum has the same name: records that keep a name, not an id, stay as they are
    has_namesake: bool


_erasers: list[Callable[[Erasure], None]] = []


def member_eraser(fn: Callable[[Erasure], None]) -> Callable[[Erasure], None]:
    if fn not in _erasers:
        _erasers.append(fn)
    return fn


def erase_member_traces(erasure: Erasure) -> None:
    for fn in _erasers:
        fn(erasure)


# --- one answer per question --------------------------------------------------------------------

BALANCE_OF_ROLL = "balance.roll"  # (committee_id: int | None) -> list of checks
BALANCE_OF_MEETING = "balance.meeting"  # (meeting) -> list of checks
BALANCE_OF_PLAN_OWNERS = "balance.plan_owners"  # (plan_id: int) -> list of checks
MATTERS_ARISING = "meetings.matters_arising"  # (meeting) -> None: the agenda item for open action items
MEETING_ACTIONS = "meetings.actions"  # (meeting, member, *, arising, since, annex) -> (open items, annex updates)
SHARED_PROGRESS = "federation.shared_progress"  # (objective ids) -> {objective id: affiliates' progress, roll-up}
EVERY_AFFILIATION = "federation.every_affiliation"  # () -> [(affiliation, coordinator, affiliate)], platform admin
SEARCH_ACTIONS = "search.actions"  # (member) -> (reader key, tsquery -> a SELECT of action items for the search)

_answers: dict[str, Callable[..., Any]] = {}


def answers(question: str) -> Callable[[F], F]:
    def register(fn: F) -> F:
        _answers[question] = fn
        return fn
    return register


def ask(question: str, *args: Any, default: Any = None, **kwargs: Any) -> Any:
    fn = _answers.get(question)
    return default if fn is None else fn(*args, **kwargs)


# --- what still uses an object ------------------------------------------------------------------

_counters: dict[str, list[Callable[[list[int]], dict[str, int]]]] = {}


def uses_counter(object_type: str) -> Callable[[F], F]:
    """Registers ``fn(ids) -> {what: how many}``: rows of a higher feature that point at these objects."""
    def register(fn: F) -> F:
        if fn not in _counters.setdefault(object_type, []):
            _counters[object_type].append(fn)
        return fn
    return register


def uses(object_type: str, ids: list[int]) -> dict[str, int]:
    """Every registered feature's answer, summed: e.g. ``{"action_items": 3}``; empty when nothing uses them."""
    found: dict[str, int] = {}
    if not ids:
        return found
    for fn in _counters.get(object_type, []):
        for what, n in fn(ids).items():
            if n:
                found[what] = found.get(what, 0) + n
    return found
