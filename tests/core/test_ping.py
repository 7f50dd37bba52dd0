"""In a request, the pool's pre-ping is the BEGIN of the request's transaction (webapp/core/ping.py, issue 43): one
round trip fewer a request, and a connection PostgreSQL dropped is still replaced (tests/drills/test_load.py)."""
from __future__ import annotations

import re

from sqlalchemy import event

from webapp.extensions import db

HOME = "/t/forum-a/"


def _simple_queries(app, client, path: str, tmp_path) -> list[str]:  # noqa: ANN001
    """The simple-protocol messages (ping, BEGIN, COMMIT) the app sends PostgreSQL while serving ``path`` on a
    connection from the pool: libpq's own trace of the connection, started as it went back to the pool."""
    trace = (tmp_path / "libpq.trace").open("w")
    traced = []

    def start(dbapi_connection, _record) -> None:  # noqa: ANN001
        if not traced:
            dbapi_connection.pgconn.trace(trace.fileno())
            traced.append(dbapi_connection)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "checkin", start)
    try:
        assert client.get(path).status_code == 200  # its connection is traced once it is back in the pool
    finally:
        event.remove(engine, "checkin", start)
    assert client.get(path).status_code == 200  # served on that connection: the pool keeps one idle here
    traced[0].pgconn.untrace()
    trace.close()
    return re.findall(r'\tF\t\d+\tQuery\t "([^"]*)"', (tmp_path / "libpq.trace").read_text())


def test_a_request_pings_its_connection_with_the_begin_of_its_transaction(app, client, auth, two_forums, tmp_path):
    auth.login(two_forums["a_member"]["email"])
    client.get(HOME)
    sent = _simple_queries(app, client, HOME, tmp_path)
    assert sent == ["BEGIN", "COMMIT"], sent  # SQLAlchemy's own ping sent ";" first, then psycopg its BEGIN


def test_outside_a_request_the_ping_is_sqlalchemys(app, two_forums):
    with app.app_context():
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        with db.engine.connect() as conn:  # a pooled connection: pinged before use, and not left in a transaction
            raw = conn.connection.dbapi_connection
            assert raw.pgconn.transaction_status == 0  # idle: the ping opened nothing
            conn.exec_driver_sql("SET application_name = 'ping test'")  # autocommit-free use still works
