"""SQL queries per page stay constant whatever the number of rows."""
from __future__ import annotations

from tests.conftest import count_queries


def test_forum_home_queries_do_not_grow_with_members(app, factory, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    with count_queries(app) as few:
        assert client.get("/t/forum-a/").status_code == 200
    for i in range(40):
        factory.member(two_forums["a"], f"Extra {chr(65 + i // 26)}{chr(65 + i % 26)} Member",
                       "member" if i % 3 else "observer", account=False)
    with count_queries(app) as many:
        assert client.get("/t/forum-a/").status_code == 200
    assert many["n"] == few["n"] <= 8
