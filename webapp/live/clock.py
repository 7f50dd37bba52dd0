"""The live meeting's clock: views read it, services are given it, tests set it (``clock.set(...)``)."""
from __future__ import annotations

from datetime import UTC, datetime

_fixed: list[datetime] = []


def now() -> datetime:
    return _fixed[-1] if _fixed else datetime.now(UTC)


def set(at: datetime | None) -> None:  # noqa: A001 - the clock's own verb
    _fixed.clear()
    if at is not None:
        _fixed.append(at)
