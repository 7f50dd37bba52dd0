"""What the actions feature asks features above it (bound in webapp/wiring.py)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from webapp.binding import Interface


class PlanOwnersBalance(Protocol):
    def __call__(self, plan_id: int) -> Sequence[object]:
        """The balance checks of the members who own a plan's action items."""


class SharedProgress(Protocol):
    def __call__(self, objective_ids: list[int]) -> Mapping[int, object]:
        """Objective id -> the affiliates' progress under the shared objectives linked to it."""


PLAN_OWNERS_BALANCE: Interface[PlanOwnersBalance] = Interface(
    "actions.interfaces.PLAN_OWNERS_BALANCE", "The balance panel of a plan's owners (answered by inclusion).")
SHARED_PROGRESS: Interface[SharedProgress] = Interface(
    "actions.interfaces.SHARED_PROGRESS", "The affiliates' progress on a plan's page (answered by federation).")
