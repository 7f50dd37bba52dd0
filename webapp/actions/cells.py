"""Disaggregated indicators (issue 40): the cells an update of an item is reported in, and their total.

An item disaggregated "sex_age" is reported in one cell per sex and age band, the bands the forum defines
(its setting "age_bands"), girls before boys in each band; "site" in one cell per site the item lists. The
update's value is the sum of its cells. Pure functions: no database, no Flask.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MAX_SITES = 20


@dataclass(frozen=True)
class Cell:
    sex: str | None  # "f", "m", or None (a site)
    band: str  # the age band or the site

    @property
    def key(self) -> str:
        return f"{self.sex}:{self.band}" if self.sex else self.band


def site_list(text: str | None) -> list[str]:
    """The sites of an item, one a line, blanks and repeats left out, in the order written."""
    seen: list[str] = []
    for line in (text or "").splitlines():
        if (site := " ".join(line.split())) and site not in seen:
            seen.append(site)
    return seen


def layout(disaggregation: str | None, age_bands: Sequence[str], sites: str | None) -> list[Cell]:
    if disaggregation == "sex_age":
        return [Cell(sex, band) for band in age_bands for sex in ("f", "m")]
    if disaggregation == "site":
        return [Cell(None, site) for site in site_list(sites)]
    return []


class CellError(ValueError):
    """A cell that is not a count: ``index`` says which (None: the cells as a whole), ``code`` why."""

    def __init__(self, index: int | None, code: str) -> None:
        super().__init__(f"{index}: {code}")
        self.index = index
        self.code = code


def read(cells: Sequence[Cell], typed: Sequence[Any], number: Callable[[Any], Decimal | None]
         ) -> list[tuple[Cell, Decimal]] | None:
    """The typed values of the cells (``number`` parses one, raising on what is not a number), or None when every
    cell is empty (an update without figures). Some empty and some not: refused (a blank is not a zero)."""
    typed = list(typed) + [""] * (len(cells) - len(typed))
    values = []
    for i, raw in enumerate(typed[:len(cells)]):
        try:
            value = number(raw)
        except ValueError as e:
            raise CellError(i, getattr(e, "code", "number")) from None
        if value is not None and value < 0:
            raise CellError(i, "negative")
        values.append(value)
    if all(v is None for v in values):
        return None
    if any(v is None for v in values):
        raise CellError(next(i for i, v in enumerate(values) if v is None), "missing_cell")
    return list(zip(cells, values, strict=True))


def total(read_cells: Sequence[tuple[Cell, Decimal]]) -> Decimal:
    return sum((v for _c, v in read_cells), Decimal(0))
