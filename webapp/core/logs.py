"""Structured logs (issue 44): one line per request and one per job, JSON in production (python-json-logger),
plain ``key=value`` text in development.

A request line carries the time, the request id (also the ``X-Request-Id`` response header and shown on the error
page), the forum's slug, the route's name (the endpoint, never the path with its ids, never a query string), the
status, the duration, the number of SQL statements and the user as a keyed hash (HMAC of the user id under
SECRET_KEY: the same user gives the same hash, nobody can go back to the account without the key). Never an
e-mail, a phone number or a query string: only the fields named here are written.

The request id follows the request into the jobs it enqueues (``webapp.core.queue`` puts it in the job's meta;
``worker.runtime`` reads it back), so one id finds the page and the notices it sent."""
from __future__ import annotations

import contextvars
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine

from tenants.context import current_tenant
from webapp.core import signing

REQUESTS = logging.getLogger("baraza.requests")
JOBS = logging.getLogger("baraza.jobs")
HEADER = "X-Request-Id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{8,64}$")
# the request id of the job running in this process (a job enqueued by a job keeps the request's id)
_job_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("baraza_job_request_id", default=None)
FIELDS = ("request_id", "forum", "route", "method", "status", "duration_ms", "statements", "user",
          "queue", "kind", "outcome", "job_id")


def new_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being served, or of the request whose job is running; None elsewhere (cron)."""
    if has_request_context():
        return g.get("request_id")
    return _job_request_id.get()


def set_job_request_id(request_id: str | None) -> contextvars.Token[str | None]:
    return _job_request_id.set(request_id)


def reset_job_request_id(token: contextvars.Token[str | None]) -> None:
    _job_request_id.reset(token)


def user_hash(secret: str | bytes, user_id: object) -> str:
    key = secret.decode() if isinstance(secret, bytes) else secret
    return signing.mac("log-user", str(user_id), key)[:16]


class TextFormatter(logging.Formatter):
    """Development: ``HH:MM:SS level logger message key=value ...``."""

    def format(self, record: logging.LogRecord) -> str:
        base = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname.lower()} {record.name} {record.getMessage()}"
        extra = " ".join(f"{k}={getattr(record, k)}" for k in FIELDS if getattr(record, k, None) is not None)
        text = f"{base} {extra}".rstrip()
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def formatter(text: bool) -> logging.Formatter:
    if text:
        return TextFormatter()
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter("{asctime}{levelname}{name}{message}", style="{",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                         datefmt="%Y-%m-%dT%H:%M:%S%z")


def configure(text: bool, level: str = "INFO") -> None:
    """One handler on the ``baraza`` loggers, on stderr (gunicorn and RQ pass it on); idempotent."""
    parent = logging.getLogger("baraza")
    parent.setLevel(level)
    for h in list(parent.handlers):
        if getattr(h, "baraza", False):
            parent.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.baraza = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter(text))
    parent.addHandler(handler)


_counting = False


def _count_statement(*_args: Any) -> None:
    if has_request_context():
        g._statements = g.get("_statements", 0) + 1


def statements() -> int:
    """SQL statements sent during this request so far (every engine: the app role's and the owner's)."""
    return g.get("_statements", 0)


def _user_id(user: object) -> object | None:
    """The signed-in user's id, if the request loaded the user, without a statement: the commit has expired the row,
    so its id is read from the identity map, never from the attribute (which would load the row again)."""
    state = sa_inspect(user, raiseerr=False) if user is not None else None
    return state.identity[0] if state is not None and state.identity else None


def init_app(app: Flask) -> None:
    global _counting
    configure(text=app.config.get("LOG_FORMAT", "json") == "text", level=app.config.get("LOG_LEVEL", "INFO"))
    if not _counting:
        event.listen(Engine, "before_cursor_execute", _count_statement)
        _counting = True
    secret = app.config["SECRET_KEY"]

    @app.url_value_preprocessor
    def start(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
        """The first hook of every request (before the forum is looked up, which may answer 404)."""
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SAFE_ID.match(given) else new_id()
        g._started = time.perf_counter()
        g._statements = 0

    @app.before_request
    def note_forum() -> None:
        """The forum, read now: after the commit its row is expired, and reading it again would cost a statement."""
        tenant = current_tenant()
        g._forum = tenant.slug if tenant is not None else None

    @app.after_request
    def stamp(response: Response) -> Response:
        """Registered before the unit of work's, so it runs after its commit: the commit's statements count."""
        if "request_id" not in g:  # a request that failed before its first hook ran
            g.request_id = new_id()
        response.headers[HEADER] = g.request_id
        g._status = response.status_code
        return response

    @app.teardown_request
    def write(exc: BaseException | None) -> None:
        started = g.get("_started")
        if started is None:
            return
        duration = time.perf_counter() - started
        user_id = _user_id(g.get("_login_user"))
        REQUESTS.info("request", extra={
            "request_id": g.get("request_id"),
            "forum": g.get("_forum"),
            "route": request.endpoint or "none",
            "method": request.method,
            "status": 500 if exc is not None else g.get("_status", 500),
            "duration_ms": round(duration * 1000, 1),
            "statements": statements(),
            "user": user_hash(secret, user_id) if user_id is not None else None,
        })
