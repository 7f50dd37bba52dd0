"""Each role sees and may do what DESIGN.md says, and nothing more (roles x pages)."""
from __future__ import annotations

import pytest

ROLES = ["chair", "vice_chair", "secretariat", "member", "alternate", "observer", "platform_admin", "no_forum"]

FORUM = {"chair", "vice_chair", "secretariat", "member", "alternate", "observer"}
STAFF = {"chair", "vice_chair", "secretariat"}
SECRETARIAT = {"secretariat"}

# page -> roles that may use it (everyone else: 404, or the sign-in page when signed out)
PAGES = {
    ("GET", "/t/forum-a/meetings/"): FORUM,
    ("GET", "/t/forum-a/meetings/search?q=mercury"): FORUM,
    ("GET", "/t/forum-a/meetings/calendar"): FORUM,
    ("GET", "/t/forum-a/meetings/new"): SECRETARIAT,
    ("GET", "/t/forum-a/members/"): FORUM,
    ("GET", "/t/forum-a/members/me"): FORUM,
    ("GET", "/t/forum-a/members/new"): SECRETARIAT,
    ("GET", "/t/forum-a/members/import"): SECRETARIAT,
    ("GET", "/t/forum-a/members/audit"): SECRETARIAT,
    ("GET", "/t/forum-a/members/export.csv"): STAFF,
    ("GET", "/t/forum-a/organisations/"): FORUM,
    ("GET", "/t/forum-a/organisations/new"): SECRETARIAT,
    ("GET", "/t/forum-a/committees/"): FORUM,
    ("GET", "/t/forum-a/committees/new"): SECRETARIAT,
    ("GET", "/t/forum-a/actions/"): FORUM,
    ("GET", "/t/forum-a/actions/mine"): FORUM,
    ("GET", "/t/forum-a/actions/plans/new"): SECRETARIAT,
    ("GET", "/t/forum-a/actions/items/new"): SECRETARIAT,
    ("GET", "/t/forum-a/reports/"): STAFF,
    ("GET", "/t/forum-a/inclusion/"): STAFF,
    ("GET", "/t/forum-a/inclusion/settings"): STAFF,
    ("GET", "/t/forum-a/webinars/"): FORUM,
    ("GET", "/t/forum-a/webinars/new"): SECRETARIAT,
    ("GET", "/t/forum-a/"): {"chair", "vice_chair", "secretariat", "member", "alternate", "observer"},
    ("GET", "/t/forum-a/notices/"): {"chair", "vice_chair", "secretariat"},
    ("GET", "/t/forum-a/settings/"): {"chair", "vice_chair", "secretariat"},
    ("POST", "/t/forum-a/notices/test"): {"secretariat"},
    ("POST", "/t/forum-a/notices/announce"): {"secretariat"},
    ("GET", "/admin/"): {"platform_admin"},
    ("GET", "/admin/forums/new"): {"platform_admin"},
}


def _person(app, factory, two_forums, role):
    if role == "platform_admin":
        from webapp.auth import services as accounts
        from webapp.extensions import db

        with app.app_context():
            accounts.create_user("admin@platform.test", "Admin", "correct horse battery staple",
                                 is_platform_admin=True)
            db.session.commit()
        return "admin@platform.test"
    if role == "no_forum":
        return two_forums["b_sec"]["email"]
    return factory.member(two_forums["a"], f"Person {role}", role)["email"]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(app, factory, client, auth, queue_redis, two_forums, role):
    auth.login(_person(app, factory, two_forums, role))
    for (method, url), allowed in PAGES.items():
        if method == "GET":
            status = client.get(url).status_code
            assert status == (200 if role in allowed else 404), (role, url, status)
        else:
            data = {"csrf_token": auth.csrf("/"), "subject": "Hello", "body": "Agenda attached."}
            status = client.post(url, data=data).status_code
            assert status == (303 if role in allowed else 404), (role, url, status)


def test_signed_out_visitor_is_sent_to_sign_in(client, two_forums):
    for (method, url), _allowed in PAGES.items():
        if method == "GET":
            r = client.get(url)
            assert r.status_code == 302 and r.headers["Location"].startswith("/login?next="), url
