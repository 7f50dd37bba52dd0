"""argon2id hashing, with cost from settings (cheap in tests)."""
from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_DUMMY: dict[tuple[int, int, int], str] = {}


def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=current_app.config["ARGON2_TIME_COST"],
                          memory_cost=current_app.config["ARGON2_MEMORY_COST"],
                          parallelism=current_app.config["ARGON2_PARALLELISM"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Verifies; with no hash it still spends the same time, so unknown and wrong look alike."""
    hasher = _hasher()
    if not password_hash:
        key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
        if key not in _DUMMY:
            _DUMMY[key] = hasher.hash("dummy password for timing")
        password_hash = _DUMMY[key]
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(password_hash, password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
