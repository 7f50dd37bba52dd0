"""What the members feature asks features above it (bound in webapp/wiring.py)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from webapp.binding import Interface


class RollBalance(Protocol):
    def __call__(self, committee_id: int | None = None) -> Sequence[object]:
        """The balance checks of the roll, or of one committee's members (the checks inclusion shows)."""


ROLL_BALANCE: Interface[RollBalance] = Interface(
    "members.interfaces.ROLL_BALANCE", "The balance panel of the roll and of a committee page (answered by inclusion).")
