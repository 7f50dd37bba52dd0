"""The one permission helper every forum view uses, and the named predicates views and templates ask.

Core imports no feature: it asks how to find the signed-in user's Member row in the current tenant
through ``MEMBER_LOADER`` (and a committee seat through ``COMMITTEE_SEAT``), typed interfaces the members feature
answers (bound in webapp/wiring.py). Someone who is not an active member of the forum,
or lacks the role, gets a 404 — the same answer as for an object of another tenant.

Who may do what is written once, here: each role tuple is a named constant and each predicate is named
after what it allows (``may_manage()``, ``may_see_restricted()`` …). Views write ``@require(may_manage)``
and templates ``{% if may_manage() %}`` (the predicates are Jinja globals); no template names a role
(tests/core/test_predicates.py).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.local import LocalProxy

from webapp.binding import Interface

F = TypeVar("F", bound=Callable[..., Any])

ROLES = ("chair", "vice_chair", "secretariat", "member", "alternate", "observer")
CHAIRS = ("chair", "vice_chair")
STAFF = ("chair", "vice_chair", "secretariat")  # see restricted data
SECRETARIAT = ("secretariat",)  # keeps the forum's records
SPEAKERS = ("chair", "secretariat")  # commit the forum to an affiliation with another forum
PARTICIPANTS = ("chair", "vice_chair", "secretariat", "member", "alternate")  # everyone but observers
EVERYONE = ROLES


COMMITTEE_CHAIRS = ("chair", "co_chair")  # roles on a committee (members/models.py COMMITTEE_ROLES) that lead it


class MemberLike(Protocol):
    id: int
    role: str
    active: bool


class MemberLoader(Protocol):
    def __call__(self, user_id: int) -> MemberLike | None:
        """The signed-in user's member row in the current forum, or None."""


class CommitteeSeat(Protocol):
    def __call__(self, member_id: int, committee_id: int) -> str | None:
        """The member's role on that committee, or None."""


MEMBER_LOADER: Interface[MemberLoader] = Interface(
    "core.permissions.MEMBER_LOADER", "The signed-in user's member row, for every permission check (members).")
COMMITTEE_SEAT: Interface[CommitteeSeat] = Interface(
    "core.permissions.COMMITTEE_SEAT", "A member's role on a committee, for its chairs' rights (members).")


def _current_member() -> MemberLike | None:
    if "_member" not in g:
        member = None
        if current_user.is_authenticated:
            member = MEMBER_LOADER()(current_user.id)
            if member is not None and not member.active:
                member = None
        g._member = member
    return g._member


current_member: Any = LocalProxy(_current_member)


def chairs_committee(committee_id: int | None) -> bool:
    """The signed-in member is the chair or a co-chair of that committee (whatever their role in the forum)."""
    member = _current_member()
    if member is None or committee_id is None:
        return False
    seats = g.setdefault("_committee_seats", {})
    if committee_id not in seats:
        seats[committee_id] = COMMITTEE_SEAT()(member.id, committee_id)
    return seats[committee_id] in COMMITTEE_CHAIRS


def committee_seat_read(member_id: int, committee_id: int, role: str | None) -> None:
    """A read that already has the signed-in member's seat on a committee (the meeting page's frame) hands it over,
    so ``chairs_committee`` does not ask ``COMMITTEE_SEAT`` again in this request. Only for the signed-in member:
    a seat read for anyone else is not theirs."""
    member = _current_member()
    if member is not None and member.id == member_id:
        g.setdefault("_committee_seats", {}).setdefault(committee_id, role)


def is_forum_chair(member: MemberLike) -> bool:
    """The forum's chair (not a vice-chair): approves any meeting's minutes."""
    return member.role == "chair"


def leads_committee(seat_role: str | None) -> bool:
    """A committee seat that leads the committee: its chair or a co-chair."""
    return seat_role in COMMITTEE_CHAIRS


def has_role(*roles: str) -> bool:
    member = _current_member()
    return member is not None and member.role in (roles or ROLES)


class Predicate:
    """A named permission: true when the signed-in user is an active member of the forum with one of ``roles``.
    Call it (``may_manage()``) to ask; pass it to ``require`` to guard a view."""

    def __init__(self, name: str, roles: tuple[str, ...], allows: str, capability: str | None = None) -> None:
        self.__name__ = name
        self.roles = roles
        self.capability = capability  # a flag on the Member that grants it on top of their role
        self.__doc__ = allows

    def __call__(self) -> bool:
        if has_role(*self.roles):
            return True
        member = _current_member()
        return self.capability is not None and member is not None and bool(getattr(member, self.capability, False))

    def __repr__(self) -> str:
        return f"<predicate {self.__name__}: {', '.join(self.roles)}>"


may_read_forum = Predicate("may_read_forum", EVERYONE,
                           "Read the forum's members-only pages: meetings, the roll, action plans, webinars.")
may_see_restricted = Predicate("may_see_restricted", STAFF,
                               "See restricted data and the forum's figures: restricted items, balance panels, the "
                               "notices page, reports and the chair dashboard.")
may_change_settings = Predicate("may_change_settings", STAFF, "Change the forum's settings.")
may_manage = Predicate("may_manage", SECRETARIAT,
                       "Keep the forum's records: the roll and committees, meetings, action plans, webinar series, "
                       "notices and reports.")
may_take_part = Predicate("may_take_part", PARTICIPANTS,
                          "Take part in the forum's work beyond reading it (everyone but observers).")
may_speak_for_forum = Predicate("may_speak_for_forum", SPEAKERS,
                                "Commit the forum to another: accept or end an affiliation (chair and secretariat).")

may_open_proposals = Predicate("may_open_proposals", STAFF,
                               "Open a proposal between meetings, remind the seats that have not answered and cancel "
                               "it (the chair, vice-chair and secretariat; issue 36).")

may_translate = Predicate("may_translate", STAFF,
                          "Translate the forum's content (agendas, titles, minutes ...): the staff, and any member "
                          "the forum lets translate (a capability added to their role, issue 27).",
                          capability="may_translate")


def may_see_committee(committee_id: int | None) -> bool:
    """See a committee's attendance sheets and inclusion checks: the forum's staff, and that committee's chair and
    co-chairs (issue 22). The rule lives in webapp/core/visibility.py (``sees_committee_figures``)."""
    from webapp.core.visibility import current_reader, sees_committee_figures

    return sees_committee_figures(current_reader(), committee_id)


PREDICATES: dict[str, Predicate] = {p.__name__: p for p in (
    may_read_forum, may_see_restricted, may_change_settings, may_manage, may_take_part, may_speak_for_forum,
    may_open_proposals, may_translate)}


def require_platform_admin(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not current_user.is_platform_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def require(*roles: str | Predicate) -> Callable[[F], F]:
    """Decorator for forum views: sign-in first, then an active Member with one of ``roles`` — or, given a
    predicate (``@require(may_manage)``), one for whom it holds."""
    if len(roles) == 1 and isinstance(roles[0], Predicate):
        allowed: Callable[[], bool] = roles[0]
    elif all(isinstance(r, str) for r in roles):
        allowed = functools.partial(has_role, *roles)  # type: ignore[arg-type]
    else:
        raise TypeError("require() takes role names or one predicate")

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not allowed():
                abort(404)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
