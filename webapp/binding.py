"""Typed interfaces: a question a lower package asks a higher one (DESIGN.md, "Layout").

The asking package declares the answer's type (a ``typing.Protocol``, or a mapping of them) and an ``Interface``
slot beside it; ``webapp/wiring.py`` binds every slot once, and ``create_app`` and the worker call it. Asking an
unbound slot raises ``NotWired``: a script or job that uses webapp modules without the wiring fails loudly instead
of skipping behaviour. This module imports nothing of webapp, so tenants may use it too.
"""
from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")

_wired = False


class NotWired(RuntimeError):
    """An interface was asked (or a signal sent) before ``webapp.wiring.wire()`` ran."""


class AlreadyBound(RuntimeError):
    """An interface was bound a second time to something else."""


class Interface(Generic[T]):
    """One slot: ``QUESTION.bind(impl)`` once in webapp/wiring.py, ``QUESTION()`` where the question is asked."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._impl: T | None = None

    def bind(self, impl: T) -> None:
        if self._impl is not None and self._impl != impl:
            raise AlreadyBound(f"{self.name} is bound already")
        self._impl = impl

    @property
    def bound(self) -> bool:
        return self._impl is not None

    def __call__(self) -> T:
        if self._impl is None:
            raise NotWired(f"{self.name} is not bound: call webapp.wiring.wire() first (create_app and the worker do)")
        return self._impl

    def __repr__(self) -> str:
        return f"<interface {self.name}{'' if self._impl is not None else ' (unbound)'}>"


def mark_wired() -> None:
    global _wired
    _wired = True


def is_wired() -> bool:
    return _wired


def require_wiring(what: str) -> None:
    if not _wired:
        raise NotWired(f"{what}: webapp.wiring.wire() has not run (create_app and the worker call it)")
