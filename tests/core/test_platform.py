"""Health check, directory, favicon, demo data."""
from __future__ import annotations

from sqlalchemy import func, select

from tenants.context import no_tenant_filter
from tenants.models import Tenant
from webapp import demo
from webapp.auth.models import User
from webapp.extensions import db


def test_healthz_reports_database_and_redis(client, databases):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_reports_redis_down(app, databases):
    saved = app.config["REDIS_URL"]
    with app.app_context():
        app.extensions.pop("baraza_redis", None)
        app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
        try:
            r = app.test_client().get("/healthz")
        finally:
            app.config["REDIS_URL"] = saved
            app.extensions.pop("baraza_redis", None)
    assert r.status_code == 503
    body = r.get_json()
    assert body["database"] == "ok" and body["redis"].startswith("error")


def test_directory_lists_forums(client, factory):
    factory.forum("forum-x", "Forum of Gold Miners")
    html = client.get("/").get_data(as_text=True)
    assert "Forum of Gold Miners" in html and 'href="/t/forum-x/"' in html


def test_anonymous_directory_sets_no_cookie(client, factory):
    factory.forum("forum-x", "Forum X")
    r = client.get("/")
    assert "Set-Cookie" not in r.headers


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"


def _counts(app):
    from tenants.rls import tenant_context
    from webapp.members.models import Member

    with app.app_context():
        tenants = db.session.scalars(select(Tenant)).all()
        counts = {"tenants": len(tenants), "users": db.session.scalar(select(func.count()).select_from(User))}
        from webapp.meetings.models import Meeting

        for t in tenants:
            with tenant_context(t):
                counts[t.slug] = db.session.scalar(select(func.count()).select_from(Member))
                counts[t.slug + ":meetings"] = db.session.scalar(select(func.count()).select_from(Meeting))
        return counts


def test_demo_data_loads_its_forums_and_twice_changes_nothing(app, databases):
    with app.app_context():
        demo.load()
    first = _counts(app)
    # three forums, and (issue 26) two district committees that report up to the NSCCL
    assert first["tenants"] == 5 and {"ghana-nsccl", "katanga-platform", "asm-round-table", "adansi-north",
                                      "amansie-west"} <= set(first)
    assert all(first[s] >= 30 for s in ("ghana-nsccl", "katanga-platform", "asm-round-table"))
    assert all(first[s + ":meetings"] >= 13 for s in ("ghana-nsccl", "katanga-platform", "asm-round-table"))
    assert first["asm-round-table:meetings"] == 13 + 12  # and a year of webinar sessions
    with app.app_context():
        demo.load()
    assert _counts(app) == first
    # every demo forum's public page shows an announced upcoming meeting, and the round table its webinars
    client = app.test_client()
    for slug in ("ghana-nsccl", "katanga-platform", "asm-round-table"):
        page = client.get(f"/t/{slug}/public/?lang=en").get_data(as_text=True)
        upcoming = page.split('id="upcoming-title"')[1].split("</section>")[0]
        assert '<li id="meeting-' in upcoming, slug
    assert 'id="webinars"' in client.get("/t/asm-round-table/public/?lang=en").get_data(as_text=True)
    with app.app_context(), no_tenant_filter():
        roles = {r for _, r, _ in demo.accounts_table()}
    assert {"chair", "vice_chair", "secretariat", "member", "alternate", "observer"} <= roles


def test_demo_accounts_can_sign_in(app, client, auth, databases):
    with app.app_context():
        demo.load()
    r = auth.login("akosua.mensah@example.org", demo.DEMO_PASSWORD)
    assert r.headers["Location"] == "/t/ghana-nsccl/"
    assert "Akosua Mensah" in client.get("/t/ghana-nsccl/").get_data(as_text=True)
    # the round table sits in Geneva; Thandiwe Banda is in Zambia (issue 19): she reads its meetings in CAT, and its
    # chair in Geneva time
    auth.logout()
    auth.login("thandiwe.banda@example.org", demo.DEMO_PASSWORD)
    page = client.get("/t/asm-round-table/meetings/").get_data(as_text=True)
    assert " CAT" in page and " CET" not in page and " CEST" not in page
    auth.logout()
    auth.login("claire.dubois@example.org", demo.DEMO_PASSWORD)
    page = client.get("/t/asm-round-table/meetings/").get_data(as_text=True)
    assert " CAT" not in page and (" CET" in page or " CEST" in page)


def test_readyz_checks_database_migrations_and_redis(app, client, databases):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "database": "ok", "migrations": "ok", "redis": "ok"}
    # code ahead of the database (a node started before `flask db upgrade` ran): not ready, still alive
    with app.app_context():
        app.extensions["baraza_migration_heads"] = {"9999"}
        try:
            r = client.get("/readyz")
        finally:
            app.extensions.pop("baraza_migration_heads")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] == "not ready" and body["database"] == "ok" and body["redis"] == "ok"
    assert body["migrations"].startswith("error: database at ") and "code at 9999" in body["migrations"]
    assert client.get("/healthz").status_code == 200


def test_readyz_reports_redis_down(app, databases):
    saved = app.config["REDIS_URL"]
    with app.app_context():
        app.extensions.pop("baraza_redis", None)
        app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
        try:
            r = app.test_client().get("/readyz")
        finally:
            app.config["REDIS_URL"] = saved
            app.extensions.pop("baraza_redis", None)
    assert r.status_code == 503 and r.get_json()["redis"].startswith("error")
    assert r.get_json()["migrations"] == "ok"
