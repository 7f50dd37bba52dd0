"""Issue 23: anonymous public pages cached by the forum's content version (Redis), answered before rendering."""
from __future__ import annotations

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
