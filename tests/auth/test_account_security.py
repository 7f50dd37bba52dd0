"""Password reset and change, session revocation, throttling, TOTP, CSRF."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from webapp.extensions import db

NEW_PASSWORD = "a much better passphrase"


def _reset_link(smtp, email: str) -> str:
    [msg] = smtp.to(email)
    match = re.search(r"http://baraza\.test(/password/reset/\S+)", msg.get_body(("plain",)).get_content())
    assert match, "no reset link in the email"
    return match.group(1)


def test_reset_by_email_is_single_use(client, auth, smtp, run_worker, two_forums):
    email = two_forums["a_sec"]["email"]
    r = client.post("/password/forgot", data={"email": email.upper(), "csrf_token": auth.csrf("/password/forgot")})
    assert r.status_code == 303
    run_worker()
    link = _reset_link(smtp, email)
    assert client.get(link).status_code == 200  # opening the link (or a mail scanner) changes nothing
    assert auth.login(email).status_code == 303  # the old password still works
    auth.logout()
    r = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": auth.csrf(link)})
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    assert auth.login(email, PASSWORD).status_code == 422
    assert auth.login(email, NEW_PASSWORD).status_code == 303
    auth.logout()
    again = client.get(link)
    assert again.status_code == 404 and "already been used" in again.get_data(as_text=True)


def test_reset_link_expires(client, auth, smtp, run_worker, two_forums, monkeypatch):
    email = two_forums["a_sec"]["email"]
    client.post("/password/forgot", data={"email": email, "csrf_token": auth.csrf("/password/forgot")})
    run_worker()
    link = _reset_link(smtp, email)
    from dataclasses import replace
    from datetime import timedelta

    from webapp.core import signing

    monkeypatch.setitem(signing.PURPOSES, "password_reset",
                        replace(signing.PURPOSES["password_reset"], max_age=timedelta(seconds=-1)))
    assert client.get(link).status_code == 404


def test_reset_does_not_reveal_whether_an_account_exists(client, auth, smtp, run_worker, two_forums):
    answers = []
    for email in (two_forums["a_sec"]["email"], "nobody@nowhere.test"):
        r = client.post("/password/forgot", data={"email": email, "csrf_token": auth.csrf("/password/forgot")})
        page = client.get(r.headers["Location"]).get_data(as_text=True)
        flash = re.search(r'<p class="flash[^"]*" role="status">(.*?)</p>', page, re.S).group(1)
        answers.append((r.status_code, r.headers["Location"], flash))
    assert answers[0] == answers[1]
    run_worker()
    assert len(smtp.messages) == 1  # and exactly one email, to the real account


def test_reset_email_arrives_once_in_the_users_language(app, client, auth, smtp, run_worker, two_forums):
    from flask_babel import force_locale, gettext

    from webapp.auth.models import User
    from webapp.extensions import db

    with app.app_context():
        user = db.session.get(User, two_forums["a_sec"]["user_id"])
        user.locale = "sw"
        db.session.commit()
    client.post("/password/forgot?lang=fr", data={"email": two_forums["a_sec"]["email"],
                                                   "csrf_token": auth.csrf("/password/forgot")})
    run_worker()
    run_worker()
    [msg] = smtp.to(two_forums["a_sec"]["email"])
    assert msg["Content-Language"] == "sw"
    with app.test_request_context(), force_locale("sw"):
        greeting = gettext("Hello %(name)s,", name="Ama Secretariat")
        subject = gettext("Choose a new password for Baraza")
    assert greeting != "Hello Ama Secretariat," and subject != "Choose a new password for Baraza"
    assert msg.get_body(("plain",)).get_content().startswith(greeting)
    assert msg["Subject"] == subject


def test_password_change_revokes_other_sessions(app, client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    other = app.test_client()
    from tests.conftest import Auth

    Auth(other).login(email)
    assert other.get("/t/forum-a/").status_code == 200
    auth.login(email)
    r = client.post("/account/password", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD, "csrf_token": auth.csrf("/account/password")})
    assert r.status_code == 303
    assert client.get("/t/forum-a/").status_code == 200  # this session goes on
    assert other.get("/t/forum-a/").status_code == 302  # the other one is signed out


@pytest.mark.parametrize("current,new,confirm,message", [
    ("wrong password!", NEW_PASSWORD, NEW_PASSWORD, "Your current password is not correct"),
    (PASSWORD, "short", "short", "Use at least 10 characters."),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two passwords are not the same."),
])
def test_password_change_errors_are_explained(client, auth, two_forums, current, new, confirm, message):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/account/password", data={"current": current, "password": new, "confirm": confirm,
                                               "csrf_token": auth.csrf("/account/password")})
    assert r.status_code == 422 and message in r.get_data(as_text=True)
    auth.logout()
    assert auth.login(two_forums["a_sec"]["email"], PASSWORD).status_code == 303


def test_throttled_per_account_even_with_the_right_password(client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    for _ in range(5):
        assert auth.login(email, "wrong password").status_code == 422
    r = auth.login(email, PASSWORD)
    assert r.status_code == 429 and "Too many attempts" in r.get_data(as_text=True)
    assert auth.login(two_forums["b_sec"]["email"]).status_code == 303  # another account is not affected


def test_throttled_per_address(app, client, auth, two_forums, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_MAX_PER_ADDRESS", 3)
    for i in range(3):
        auth.login(f"guess{i}@example.org", "wrong password")
    assert auth.login(two_forums["b_sec"]["email"]).status_code == 429
    other_address = client.post("/login", data={"email": two_forums["b_sec"]["email"], "password": PASSWORD,
                                                "csrf_token": auth.csrf()}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other_address.status_code == 303


def test_totp_enrolment_and_sign_in(client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    assert "<svg" in page  # the QR code, drawn without inline style
    token = auth.csrf("/account/two-factor")
    assert client.post("/account/two-factor", data={"code": "000000", "current": PASSWORD,
                                                    "csrf_token": token}).status_code == 422
    enrolment_code = pyotp.TOTP(secret).now()
    r = client.post("/account/two-factor", data={"code": enrolment_code, "current": PASSWORD, "csrf_token": token})
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>", r.get_data(as_text=True))
    assert r.status_code == 200 and len(set(codes)) == 10 and r.headers["Cache-Control"] == "no-store"
    auth.logout()
    r = auth.login(email)
    assert r.status_code == 303 and r.headers["Location"] == "/login/code"
    assert client.get("/t/forum-a/").status_code == 302  # not signed in yet
    bad = client.post("/login/code", data={"code": "123456", "csrf_token": auth.csrf("/login/code")})
    assert bad.status_code == 422 and "This code is not right" in bad.get_data(as_text=True)
    # the code typed to turn it on was used once: it cannot sign in (an overheard code is not replayable)
    replay = client.post("/login/code", data={"code": enrolment_code, "csrf_token": auth.csrf("/login/code")})
    assert replay.status_code == 422
    fresh = pyotp.TOTP(secret).at(time.time() + 30)  # the next 30-second step, inside the accepted window
    good = client.post("/login/code", data={"code": fresh, "csrf_token": auth.csrf("/login/code")})
    assert good.status_code == 303 and good.headers["Location"] == "/t/forum-a/"
    assert client.get("/t/forum-a/").status_code == 200
    auth.logout()
    auth.login(email)
    again = client.post("/login/code", data={"code": fresh, "csrf_token": auth.csrf("/login/code")})
    assert again.status_code == 422  # the same code never signs in twice


def test_recovery_codes_sign_in_once_each_and_warn_the_owner(app, client, auth, smtp, run_worker, queue_redis,
                                                            two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>',
                       client.get("/account/two-factor").get_data(as_text=True)).group(1)
    r = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "current": PASSWORD,
                                                 "csrf_token": auth.csrf("/account/two-factor")})
    codes = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", r.get_data(as_text=True))
    auth.logout()
    auth.login(email)
    page = client.get("/login/code").get_data(as_text=True)
    assert "Lost your phone? Use a recovery code" in page
    # typed in capitals with spaces instead of hyphens, as people copy from paper
    typed = codes[3].upper().replace("-", " ")
    r = client.post("/login/code", data={"code": typed, "csrf_token": auth.csrf("/login/code")})
    assert r.status_code == 303 and r.headers["Location"] == "/t/forum-a/"
    assert "You signed in with a recovery code. 9 codes are left." in client.get("/t/forum-a/").get_data(as_text=True)
    run_worker()
    [mail] = [m for m in smtp.messages if m["To"].endswith(f"<{email}>")]
    assert mail["Subject"] == "A recovery code was used to sign in to Baraza"
    assert "9 codes are left." in mail.get_body(("plain",)).get_content()
    assert "9 unused recovery codes are left." in client.get("/account/two-factor").get_data(as_text=True)
    auth.logout()
    auth.login(email)
    used = client.post("/login/code", data={"code": codes[3], "csrf_token": auth.csrf("/login/code")})
    assert used.status_code == 422  # each code works once
    assert client.post("/login/code", data={"code": codes[4], "csrf_token": auth.csrf("/login/code")}).status_code == 303
    # new codes need the password, and replace the old ones
    token = auth.csrf("/account/two-factor")
    wrong = client.post("/account/two-factor/recovery-codes", data={"codes-current": "guess", "csrf_token": token})
    assert wrong.status_code == 422 and "Your current password is not correct." in wrong.get_data(as_text=True)
    r = client.post("/account/two-factor/recovery-codes", data={"codes-current": PASSWORD, "csrf_token": token})
    fresh = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", r.get_data(as_text=True))
    assert r.status_code == 200 and len(fresh) == 10 and not set(fresh) & set(codes)
    auth.logout()
    auth.login(email)
    assert client.post("/login/code", data={"code": codes[5], "csrf_token": auth.csrf("/login/code")}).status_code == 422
    assert client.post("/login/code", data={"code": fresh[0], "csrf_token": auth.csrf("/login/code")}).status_code == 303
    # turning two-step sign-in off forgets the codes
    client.post("/account/two-factor/off", data={"current": PASSWORD, "csrf_token": auth.csrf("/account/two-factor")})
    with app.app_context():
        from webapp.auth.models import User

        user = db.session.scalar(select(User).where(User.email == email))
        assert (user.totp_secret, user.totp_recovery_hashes, user.totp_last_step) == (None, [], None)


def test_code_page_without_password_step_goes_back_to_sign_in(client, databases):
    r = client.get("/login/code")
    assert r.status_code == 303 and r.headers["Location"] == "/login"


def test_htmx_post_with_csrf_header_is_accepted_and_without_is_refused(client, auth, queue_redis, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    token = auth.csrf("/t/forum-a/notices/")
    ok = client.post("/t/forum-a/notices/test", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert ok.status_code == 303
    refused = client.post("/t/forum-a/notices/test", headers={"HX-Request": "true"})
    assert refused.status_code == 400


def test_account_page_saves_language(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.post("/account", data={"name": "Ama S.", "locale": "ha", "csrf_token": auth.csrf("/account")})
    assert r.status_code == 303
    assert '<html lang="ha">' in client.get("/t/forum-a/").get_data(as_text=True)
    bad = client.post("/account", data={"name": "", "locale": "xx", "csrf_token": auth.csrf("/account")})
    assert bad.status_code == 422


def test_a_code_in_non_ascii_digits_is_refused(client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>',
                       client.get("/account/two-factor").get_data(as_text=True)).group(1)
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    token = auth.csrf("/account/two-factor")
    enrolling = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now().translate(arabic),
                                                         "current": PASSWORD, "csrf_token": token})
    assert enrolling.status_code == 422
    r = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "current": PASSWORD,
                                                 "csrf_token": token})
    assert r.status_code == 200
    auth.logout()
    auth.login(email)
    fresh = pyotp.TOTP(secret).at(time.time() + 30)
    for typed in (fresh.translate(arabic), "٣" * 6, fresh[:3] + "٣" + fresh[4:]):
        refused = client.post("/login/code", data={"code": typed, "csrf_token": auth.csrf("/login/code")})
        assert refused.status_code == 422 and "This code is not right" in refused.get_data(as_text=True)
    assert client.get("/t/forum-a/").status_code == 302  # not signed in
    good = client.post("/login/code", data={"code": fresh, "csrf_token": auth.csrf("/login/code")})
    assert good.status_code == 303
