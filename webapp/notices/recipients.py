"""Who notices go to. Notices sit below the features (the SMS channel builds on them) and never import the
member roll: they ask the few questions they have of the roll through ``DIRECTORY``, a typed interface the members
feature answers (bound in webapp/wiring.py)."""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from webapp.binding import Interface


class Recipient(Protocol):
    """A person notices can be addressed to (a Member row)."""

    id: int
    name: str
    email: str | None
    locale: str | None


@dataclass(frozen=True)
class Directory:
    """``everyone()``: the current forum's active members with an email, in a stable order; ``one(tenant_id,
    member_id)``: that member or None; ``secretariat_email(tenant_id)``: the first active secretariat's email;
    ``several(tenant_id, member_ids)``: those members (one query: a batch of e-mails)."""

    everyone: Callable[[], Sequence[Recipient]]
    one: Callable[[int, int], Recipient | None]
    secretariat_email: Callable[[int], str | None]
    several: Callable[[int, Collection[int]], Sequence[Recipient]] | None = None


DIRECTORY: Interface[Directory] = Interface(
    "notices.recipients.DIRECTORY", "The roll as notices see it: recipients, one member, the secretariat's address "
    "(members).")


def everyone() -> Sequence[Recipient]:
    return DIRECTORY().everyone()


def one(tenant_id: int, member_id: int) -> Recipient | None:
    return DIRECTORY().one(tenant_id, member_id)


def secretariat_email(tenant_id: int) -> str | None:
    return DIRECTORY().secretariat_email(tenant_id)


def several(tenant_id: int, member_ids: Collection[int]) -> Sequence[Recipient]:
    directory = DIRECTORY()
    if directory.several is None:
        return [r for r in (directory.one(tenant_id, i) for i in member_ids) if r is not None]
    return directory.several(tenant_id, member_ids)
