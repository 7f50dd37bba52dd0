"""Long lists, a page at a time (issue 21): offset paging with next/previous links that keep the list's filters.

A page asks one row more than it shows, so it knows whether there is a next page without counting the list."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request
from sqlalchemy import Select

from webapp.extensions import db

T = TypeVar("T")
PAGE_SIZE = 30
MAX_PAGE = 10_000


def page_number() -> int:
    """``?page=`` from the request: 1 when missing or nonsense, never past MAX_PAGE."""
    n = request.args.get("page", type=int) or 1
    return min(max(n, 1), MAX_PAGE)


@dataclass
class Page(Generic[T]):
    rows: list[T]
    number: int
    has_next: bool
    size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list (1-based)."""
        return (self.number - 1) * self.size + 1


def paged(stmt: Select[Any], number: int, size: int = PAGE_SIZE, scalars: bool = False) -> Page[Any]:
    """One query: rows ``size`` × (number - 1) onwards, ordered as ``stmt`` says (give it a unique tie-breaker)."""
    stmt = stmt.offset((number - 1) * size).limit(size + 1)
    rows = list(db.session.scalars(stmt)) if scalars else [tuple(r) for r in db.session.execute(stmt)]
    return Page(rows[:size], number, len(rows) > size, size)
