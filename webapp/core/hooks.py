"""Where a lower feature asks a higher one without importing it (docs/architecture.md, "Feature layering").

Two features never import each other. When the lower one (members, meetings, actions) needs something that a
higher one knows, the higher one registers here at import time, the way members registers the member loader
in ``webapp.core.permissions``; app.py imports every feature, so every registration is made before a request
or a job runs. A question nobody registered an answer to gets the empty answer.

- one answer per question (``answers`` / ``ask``): the balance panels inclusion shows on the roll, committee,
  meeting and plan pages; matters arising, which actions answers for meetings; the action items the meetings
  search lists; the affiliates' progress federation shows on a plan's page.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


# --- one answer per question --------------------------------------------------------------------

BALANCE_OF_ROLL = "balance.roll"  # (committee_id: int | None) -> list of checks
BALANCE_OF_MEETING = "balance.meeting"  # (meeting) -> list of checks
BALANCE_OF_PLAN_OWNERS = "balance.plan_owners"  # (plan_id: int) -> list of checks
MATTERS_ARISING = "meetings.matters_arising"  # (meeting) -> None: the agenda item for open action items
MEETING_ACTIONS = "meetings.actions"  # (meeting, member, *, arising, since, annex) -> (open items, annex updates)
SHARED_PROGRESS = "federation.shared_progress"  # (objective ids) -> {objective id: affiliates' progress, roll-up}
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
