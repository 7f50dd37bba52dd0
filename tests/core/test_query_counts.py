"""SQL queries per page stay constant whatever the number of rows."""
from __future__ import annotations

import contextlib

from sqlalchemy import event

from webapp.extensions import db


@contextlib.contextmanager
def counting(app):
    counter = {"n": 0}

    def inc(*_args):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", inc)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", inc)


def test_forum_home_queries_do_not_grow_with_members(app, factory, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    with counting(app) as few:
        assert client.get("/t/forum-a/").status_code == 200
    for i in range(40):
        factory.member(two_forums["a"], f"Extra {chr(65 + i // 26)}{chr(65 + i % 26)} Member",
                       "member" if i % 3 else "observer", account=False)
    with counting(app) as many:
        assert client.get("/t/forum-a/").status_code == 200
    assert many["n"] == few["n"] <= 8
