"""One commit per request; jobs are enqueued and mail sent only after that commit."""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, g

from tenants import context as tenant_context
from webapp.extensions import db

log = logging.getLogger(__name__)


def after_commit(fn: Callable[[], None]) -> None:
    """Runs ``fn`` once the request's transaction has committed (never if it rolls back)."""
    g.setdefault("_after_commit", []).append(fn)


def init_app(app: Flask) -> None:
    @app.url_value_preprocessor  # app-level: runs before the tenant blueprint's preprocessor
    def fresh_tenant(_endpoint: str | None, _values: dict | None) -> None:
        # a ContextVar set in one request survives into the next on the same thread: start clean
        tenant_context.reset()

    @app.after_request
    def commit(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
            for fn in g.pop("_after_commit", []):
                try:
                    fn()
                except Exception:  # the change is committed; a failed side effect must not undo the answer
                    log.exception("after-commit callback failed")
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def clear_tenant(_exc: BaseException | None) -> None:
        tenant_context.reset()
