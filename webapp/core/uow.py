"""One commit per request; jobs are enqueued and mail sent only after that commit.

``after_commit(fn)`` works the same in a request, a job or a CLI command: the callback is kept on
the database session and runs once its transaction commits; a rollback drops it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.extensions import db

log = logging.getLogger(__name__)
_KEY = "baraza_after_commit"


def after_commit(fn: Callable[[], Any]) -> None:
    """Runs ``fn`` once the current transaction has committed (never if it rolls back)."""
    db.session().info.setdefault(_KEY, []).append(fn)


def _run_callbacks(session: Session) -> None:
    for fn in session.info.pop(_KEY, []):
        try:
            fn()
        except Exception:  # the change is committed; a failed side effect must not undo the answer
            log.exception("after-commit callback failed")


def _drop_callbacks(session: Session, *_: Any) -> None:
    session.info.pop(_KEY, None)


def init_app(app: Flask) -> None:
    session_cls = db.session.session_factory.class_
    if not event.contains(session_cls, "after_commit", _run_callbacks):
        event.listen(session_cls, "after_commit", _run_callbacks)
        event.listen(session_cls, "after_rollback", _drop_callbacks)

    @app.after_request
    def commit(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
