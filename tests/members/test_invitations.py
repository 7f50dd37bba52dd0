"""A member is invited to create an account: one-time link, confirmation page, POST links the account."""
from __future__ import annotations

import re
import time

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services
from webapp.members.models import Member


def _invite(app, client, auth, smtp, run_worker, two_forums, factory, locale="fr"):
    person = factory.member(two_forums["a"], "Chantal Ilunga", "member", account=False,
                            email="chantal@roll.example.org")
    with app.app_context(), tenant_context(two_forums["a"]):
        services.update_member(db.session.get(Member, (two_forums["a"].id, person["id"])), {"locale": locale})
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/members/{person['id']}"
    r = client.post(f"{url}/invite", data={"csrf_token": auth.csrf(url)})
    assert r.status_code == 303
    auth.logout()
    run_worker()
    [msg] = smtp.to("chantal@roll.example.org")
    link = re.search(r"http://baraza\.test(/t/forum-a/members/join/\S+)", msg.get_body(("plain",)).get_content())
    return person, msg, link.group(1)


def test_invitation_creates_and_links_an_account(app, client, auth, smtp, run_worker, two_forums, factory):
    person, msg, link = _invite(app, client, auth, smtp, run_worker, two_forums, factory)
    assert msg["Content-Language"] == "fr"
    page = client.get(link)
    assert page.status_code == 200 and "c***@roll.example.org" in page.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Member, (two_forums["a"].id, person["id"])).user_id is None  # GET changed nothing
    r = client.post(link, data={"csrf_token": auth.csrf(link), "password": "kolwezi cobalt 2026",
                                "confirm": "kolwezi cobalt 2026"})
    assert r.status_code == 303
    assert "Chantal Ilunga" in client.get("/t/forum-a/").get_data(as_text=True)
    auth.logout()
    assert client.get(link).status_code == 404  # used once
    assert auth.login("chantal@roll.example.org", "kolwezi cobalt 2026").status_code == 303


def test_a_forwarded_link_does_not_seat_whoever_is_signed_in(app, client, auth, smtp, run_worker, two_forums,
                                                             factory):
    person, _msg, link = _invite(app, client, auth, smtp, run_worker, two_forums, factory)
    auth.login(two_forums["b_sec"]["email"])  # someone else, signed in, opens a forwarded invitation
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 403 and "This invitation is for c***@roll.example.org." in html
    assert "chantal@roll.example.org" not in html  # the reader learns no more than needed
    assert re.search(r'<form method="post" action="/logout">', html)  # offered to sign out
    r = client.post(link, data={"csrf_token": auth.csrf(link)})
    assert r.status_code == 403 and "This invitation is for c***@roll.example.org." in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Member, (two_forums["a"].id, person["id"])).user_id is None  # no seat given
    assert client.get("/t/forum-a/").status_code in (403, 404)


def test_signed_in_with_the_invited_address_links_the_account(app, client, auth, smtp, run_worker, two_forums,
                                                              factory):
    person, _msg, link = _invite(app, client, auth, smtp, run_worker, two_forums, factory)
    factory.member(two_forums["b"], "Chantal Ilunga", "member", email="chantal@roll.example.org")  # has an account
    auth.login("chantal@roll.example.org")
    r = client.post(link, data={"csrf_token": auth.csrf(link)})
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        user_id = db.session.get(Member, (two_forums["a"].id, person["id"])).user_id
    assert user_id is not None
    assert client.get("/t/forum-a/").status_code == 200


def test_creating_the_account_starts_a_fresh_session(app, client, auth, smtp, run_worker, two_forums, factory):
    _person, _msg, link = _invite(app, client, auth, smtp, run_worker, two_forums, factory)
    with client.session_transaction() as s:  # a shared computer: someone's half-finished sign-in
        s["2fa_user"] = "someone-elses-session-token"
        s["lang"] = "fr"
    r = client.post(link, data={"csrf_token": auth.csrf(link), "password": "kolwezi cobalt 2026",
                                "confirm": "kolwezi cobalt 2026"})
    assert r.status_code == 303
    with client.session_transaction() as s:
        assert "2fa_user" not in s and s.get("lang") == "fr"


def test_an_invitation_link_mailed_in_the_old_format_works_until_its_old_max_age(app, client, two_forums, factory,
                                                                                monkeypatch):
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    person = factory.member(two_forums["a"], "Chantal Ilunga", "member", account=False,
                            email="chantal@roll.example.org")

    def legacy(age_seconds=0):
        # how webapp/members/services.py signed invitations before core/signing.py, copied literally
        with monkeypatch.context() as mp:
            mp.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - age_seconds)
            return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="baraza-member-invite").dumps(
                {"t": two_forums["a"].id, "m": person["id"], "e": "chantal@roll.example.org"})

    assert client.get(f"/t/forum-a/members/join/{legacy()}").status_code == 200
    assert client.get(f"/t/forum-a/members/join/{legacy(13 * 86400)}").status_code == 200
    assert client.get(f"/t/forum-a/members/join/{legacy(15 * 86400)}").status_code == 404  # 14 days, as before
    assert client.get(f"/t/forum-b/members/join/{legacy()}").status_code == 404


def test_a_forum_a_link_is_404_in_forum_b(app, client, auth, smtp, run_worker, two_forums, factory):
    _person, _msg, link = _invite(app, client, auth, smtp, run_worker, two_forums, factory)
    other = link.replace("/t/forum-a/", "/t/forum-b/")
    assert client.get(other).status_code == 404
    assert client.post(other, data={"csrf_token": auth.csrf("/login"), "password": "x" * 12,
                                    "confirm": "x" * 12}).status_code == 404
    with app.app_context(), tenant_context(two_forums["b"]):
        assert db.session.scalar(select(Member).where(Member.email == "chantal@roll.example.org")) is None


def test_tampered_link_is_refused(client, two_forums):
    assert client.get("/t/forum-a/members/join/not-a-token").status_code == 404
