"""Reporting periods (issue 40): an item's ``reporting_frequency`` cuts the calendar into periods a reporting body
reports on, each due a fortnight after it ends. Pure functions over dates: no database, no Flask.

Keys: "2026-11" (monthly), "2026-Q4" (quarterly), "2026-H2" (half-yearly), "2026" (yearly).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

GRACE = timedelta(days=15)  # a report is due this long after its period ends; later, it is late
_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # the last day

    @property
    def due_on(self) -> date:
        return self.end + GRACE

    def is_late(self, day: date) -> bool:
        """True on ``day`` for a report not yet sent (or sent then)."""
        return day > self.due_on


def _key(start: date, months: int) -> str:
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 6:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return f"{start.year}"


def _from_start(start: date, months: int) -> Period:
    month = start.month - 1 + months
    following = date(start.year + month // 12, month % 12 + 1, 1)
    return Period(_key(start, months), start, following - timedelta(days=1))


def period_of(day: date, frequency: str) -> Period:
    months = _MONTHS[frequency]
    return _from_start(date(day.year, (day.month - 1) // months * months + 1, 1), months)


def previous(period: Period, frequency: str) -> Period:
    return period_of(period.start - timedelta(days=1), frequency)


def from_key(key: str, frequency: str) -> Period | None:
    """The period a key names, if it is one of this frequency's; else None."""
    m = _KEY.match(key.strip().upper() if key else "")
    months = _MONTHS.get(frequency)
    if not m or months is None:
        return None
    year, month, quarter, half = m.groups()
    given = (1 if month else 0) + (3 if quarter else 0) + (6 if half else 0) or 12
    if given != months or not 2000 <= int(year) <= 2100:
        return None
    first = int(month) if month else (int(quarter) - 1) * 3 + 1 if quarter else (int(half) - 1) * 6 + 1 if half else 1
    if not 1 <= first <= 12:
        return None
    return _from_start(date(int(year), first, 1), months)


def last_ended(day: date, frequency: str) -> Period:
    """The latest period that has ended by ``day``: the one reported on now."""
    return previous(period_of(day, frequency), frequency)


def recent(day: date, frequency: str, count: int = 4) -> list[Period]:
    """The ``count`` latest periods that have ended by ``day``, latest first."""
    out = [last_ended(day, frequency)]
    while len(out) < count:
        out.append(previous(out[-1], frequency))
    return out
