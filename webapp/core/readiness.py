"""Readiness (issue 44): may this node take traffic? ``/healthz`` stays the liveness answer the drills use; ``/readyz``
also says that the database's schema is the one this code was written for (its migrations at head), so that a
load balancer sends no request to a node whose code is ahead of, or behind, the database during an upgrade."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text

from webapp.core import redis_client
from webapp.extensions import db


def code_heads() -> set[str]:
    """The head revisions of the migrations shipped with this code (read once per process)."""
    heads = current_app.extensions.get("baraza_migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        heads = set(ScriptDirectory(current_app.root_path + "/../migrations").get_heads())
        current_app.extensions["baraza_migration_heads"] = heads
    return heads


def checks() -> dict[str, str]:
    """``{"database": "ok", "migrations": "ok", "redis": "ok"}``, or a short error in place of an ``ok``."""
    status = {"database": "ok", "migrations": "ok", "redis": "ok"}
    try:
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")).all())
        if applied != code_heads():
            status["migrations"] = f"error: database at {','.join(sorted(applied)) or 'none'}, " \
                                   f"code at {','.join(sorted(code_heads()))}"
    except Exception as e:  # report, do not raise: this is what a load balancer asks
        db.session.rollback()
        status["database"] = f"error: {type(e).__name__}"
        status["migrations"] = "unknown"
    try:
        redis_client.get().ping()
    except Exception as e:
        status["redis"] = f"error: {type(e).__name__}"
    return status
