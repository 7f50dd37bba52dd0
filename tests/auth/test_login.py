"""Sign-in, sign-out, roles and the forum chooser."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


def test_sign_in_goes_to_the_only_forum(client, auth, two_forums):
    r = auth.login(two_forums["a_sec"]["email"])
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/"
    page = client.get("/t/forum-a/").get_data(as_text=True)
    assert "Welcome, Ama Secretariat." in page and "Your role: Secretariat." in page


@pytest.mark.parametrize("email,password", [
    ("ama.secretariat@forum-a.test", "wrong password"),
    ("nobody@example.org", PASSWORD),
])
def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, two_forums, email, password):
    r = auth.login(email, password)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "The email or password is not correct." in html
    assert email in html  # what was typed is kept (the password is not)
    assert password not in html
    assert client.get("/t/forum-a/").status_code == 302


def test_empty_form_says_what_is_missing(client, auth, databases):
    r = client.post("/login", data={"email": "", "password": "", "csrf_token": auth.csrf()})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Please enter your email address." in html and "Please enter your password." in html


def test_login_without_csrf_token_is_refused(client, two_forums):
    r = client.post("/login", data={"email": two_forums["a_sec"]["email"], "password": PASSWORD})
    assert r.status_code == 400
    assert "Your form expired" in r.get_data(as_text=True)


def test_next_only_to_local_paths(client, auth, two_forums):
    r = auth.login(two_forums["a_sec"]["email"], next_url="/t/forum-a/")
    assert r.headers["Location"] == "/t/forum-a/"
    auth.logout()
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        r = auth.login(two_forums["a_sec"]["email"], next_url=evil)
        assert r.headers["Location"] == "/", evil
        auth.logout()


def test_logout_revokes_the_session_server_side(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    stolen = client.get_cookie("session").value
    assert client.get("/t/forum-a/").status_code == 200
    r = auth.logout()
    assert r.status_code == 303
    assert client.get("/t/forum-a/").status_code == 302
    other = app.test_client()
    other.set_cookie("session", stolen)  # a copy of the old cookie no longer works
    assert other.get("/t/forum-a/").status_code == 302


def test_logout_is_post_only(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    assert client.get("/logout").status_code == 405
    assert client.get("/t/forum-a/").status_code == 200


def test_user_in_several_forums_chooses_one(factory, client, auth, two_forums):
    factory.member(two_forums["b"], "Ama Secretariat", "observer", email=two_forums["a_sec"]["email"])
    r = auth.login(two_forums["a_sec"]["email"])
    assert r.headers["Location"] == "/forums"
    html = client.get("/forums").get_data(as_text=True)
    assert "Forum A" in html and "Forum B" in html
    assert "Your role: Observer." in client.get("/t/forum-b/").get_data(as_text=True)
    assert "Your role: Secretariat." in client.get("/t/forum-a/").get_data(as_text=True)


def test_inactive_member_has_no_access(app, factory, client, auth, two_forums):
    from sqlalchemy import update

    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.members.models import Member

    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Member).where(Member.id == two_forums["a_member"]["id"]).values(active=False))
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    assert client.get("/t/forum-a/").status_code == 404


def test_language_choice_is_kept_in_the_session(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/language", data={"lang": "fr", "next": "/t/forum-a/", "csrf_token": auth.csrf("/t/forum-a/")})
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/"
    assert '<html lang="fr">' in client.get("/t/forum-a/").get_data(as_text=True)
    r = client.post("/language", data={"lang": "fr", "next": "https://evil.example/",
                                       "csrf_token": auth.csrf("/t/forum-a/")})
    assert r.headers["Location"] == "/"
