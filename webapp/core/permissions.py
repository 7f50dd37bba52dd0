"""The one permission helper every forum view uses.

Core imports no feature: the members feature registers how to find the signed-in user's Member
row in the current tenant (``member_loader``). Someone who is not an active member of the forum,
or lacks the role, gets a 404 — the same answer as for an object of another tenant.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.local import LocalProxy

F = TypeVar("F", bound=Callable[..., Any])

ROLES = ("chair", "vice_chair", "secretariat", "member", "alternate", "observer")
CHAIRS = ("chair", "vice_chair")
STAFF = ("chair", "vice_chair", "secretariat")  # see restricted data
EVERYONE = ROLES


class MemberLike(Protocol):
    role: str
    active: bool


_loader: Callable[[int], MemberLike | None] | None = None


def member_loader(fn: Callable[[int], MemberLike | None]) -> Callable[[int], MemberLike | None]:
    global _loader
    _loader = fn
    return fn


def _current_member() -> MemberLike | None:
    if "_member" not in g:
        member = None
        if current_user.is_authenticated and _loader is not None:
            member = _loader(current_user.id)
            if member is not None and not member.active:
                member = None
        g._member = member
    return g._member


current_member: Any = LocalProxy(_current_member)


def has_role(*roles: str) -> bool:
    member = _current_member()
    return member is not None and member.role in (roles or ROLES)


def require_platform_admin(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not current_user.is_platform_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def require(*roles: str) -> Callable[[F], F]:
    """Decorator for forum views: sign-in first, then an active Member with one of ``roles``."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not has_role(*roles):
                abort(404)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
