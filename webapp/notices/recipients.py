"""Who notices go to. Notices sit below the features (the SMS channel builds on them) and never import the
member roll: the members feature registers a directory at import time (as it registers the member loader in
webapp.core.permissions), and notices asks it the few questions it has of the roll."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol


class Recipient(Protocol):
    """A person notices can be addressed to (a Member row)."""

    id: int
    name: str
    email: str | None
    locale: str | None


_everyone: Callable[[], Sequence[Recipient]] | None = None
_one: Callable[[int, int], Recipient | None] | None = None
_secretariat_email: Callable[[int], str | None] | None = None


def register_directory(*, everyone: Callable[[], Sequence[Recipient]], one: Callable[[int, int], Recipient | None],
                       secretariat_email: Callable[[int], str | None]) -> None:
    """``everyone()``: the current forum's active members with an email, in a stable order; ``one(tenant_id,
    member_id)``: that member or None; ``secretariat_email(tenant_id)``: the first active secretariat's email."""
    global _everyone, _one, _secretariat_email
    _everyone, _one, _secretariat_email = everyone, one, secretariat_email


def everyone() -> Sequence[Recipient]:
    return _everyone() if _everyone is not None else []


def one(tenant_id: int, member_id: int) -> Recipient | None:
    return _one(tenant_id, member_id) if _one is not None else None


def secretariat_email(tenant_id: int) -> str | None:
    return _secretariat_email(tenant_id) if _secretariat_email is not None else None
