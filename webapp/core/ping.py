"""In a request, the pool's pre-ping of a connection is the BEGIN of the request's transaction (issue 43).

Every request checks its pooled connection out with SQLAlchemy's pre-ping (``pool_pre_ping``: a round trip before
the connection is used, so that one PostgreSQL dropped — a restart, a failover, an idle timeout — is replaced
instead of failing the request; the restart drills in tests/drills rely on it). Then psycopg sends ``BEGIN`` on a
round trip of its own before the first statement. Two round trips where one tells as much: a dead connection fails a
``BEGIN`` just as it fails the empty statement SQLAlchemy pings with. So in a request, on a connection that is idle,
not in autocommit and with psycopg's default transaction characteristics, the ping *is* ``BEGIN``: psycopg then finds
a transaction open and sends no ``BEGIN`` of its own (it asks the connection's status, not its own bookkeeping).
Anywhere else (jobs, commands, migrations, which may switch a connection to autocommit right after checkout), and
on any other connection, the ping is SQLAlchemy's own.

A failed ``BEGIN`` raises psycopg's ``OperationalError``, as the empty statement would: SQLAlchemy sees a closed
connection, drops it and checks out another. On this 2-core machine a loopback round trip costs about 0.15 ms of
the worker's CPU (the send wakes PostgreSQL's process); a signed-in page makes six.
"""
from __future__ import annotations

from typing import Any

import psycopg
from flask import Flask, has_request_context
from psycopg import pq

from webapp.extensions import db


def _default_transaction(connection: Any) -> bool:  # noqa: ANN401 - a psycopg connection
    return (not connection.autocommit and connection.isolation_level is None and connection.read_only is None
            and connection.deferrable is None and connection.pgconn.transaction_status == pq.TransactionStatus.IDLE)


def init_app(app: Flask) -> None:
    with app.app_context():
        dialect = db.engine.dialect
    if dialect.driver != "psycopg" or getattr(dialect, "_baraza_begin_ping", False):
        return
    sqlalchemy_ping = dialect.do_ping

    def ping(connection: Any) -> bool:  # noqa: ANN401 - a psycopg connection
        if not (has_request_context() and _default_transaction(connection)):
            return sqlalchemy_ping(connection)
        result = connection.pgconn.exec_(b"BEGIN")
        if result.status != pq.ExecStatus.COMMAND_OK:
            message = (result.error_message or connection.pgconn.error_message).decode(errors="replace")
            raise psycopg.OperationalError(message or "the connection did not answer BEGIN")
        return True

    dialect.do_ping = ping  # type: ignore[method-assign]
    dialect._baraza_begin_ping = True  # type: ignore[attr-defined]  # noqa: SLF001
