"""Issue 16, account security: current password for sensitive changes, session lifetimes, deactivation,
rate-limited anonymous mail, and a sign-in throttle an attacker cannot use to lock the real user out."""
from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, Auth, count_queries
from webapp.auth.models import User
from webapp.extensions import db

ATTACKER = "203.0.113.7"
CHAIR_OFFICE = "198.51.100.2"


def _login(client, email: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
    token = Auth(client).csrf()
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip})


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


# --- sign-in throttling: no lock-out of the real user ---------------------------------------------

def test_attacker_from_one_address_cannot_lock_the_chair_out(app, client, two_forums):
    email = two_forums["a_sec"]["email"]
    attacker = app.test_client()
    answers = [_login(attacker, email, "wrong password", ATTACKER).status_code for _ in range(50)]
    assert set(answers) == {422, 429} and answers[-1] == 429
    blocked = _login(attacker, email, PASSWORD, ATTACKER)  # even the right password, from the attacker's address
    assert blocked.status_code == 429 and "Too many attempts" in blocked.get_data(as_text=True)
    assert _login(client, email, PASSWORD, CHAIR_OFFICE).status_code == 303  # the chair signs in from the office


def test_known_device_cookie_lets_the_owner_in_while_the_account_is_under_attack(app, client, two_forums,
                                                                                  monkeypatch):
    email = two_forums["a_sec"]["email"]
    assert _login(client, email, PASSWORD, CHAIR_OFFICE).status_code == 303  # earlier sign-in: device is known
    Auth(client).logout()
    limit = app.config["LOGIN_MAX_PER_ACCOUNT"]
    attacker = app.test_client()
    for i in range(limit):  # a botnet: one guess from each of many addresses
        assert _login(attacker, email, "wrong password", f"192.0.2.{i + 1}").status_code == 422
    # a browser the account has never signed in from is now held back, whatever the address...
    stranger = _login(app.test_client(), email, PASSWORD, "192.0.2.250")
    assert stranger.status_code == 429 and "Too many attempts" in stranger.get_data(as_text=True)
    # ...but the owner's own browser (signed known-device cookie) signs in, from anywhere
    assert _login(client, email, PASSWORD, "192.0.2.251").status_code == 303


def test_a_password_reset_makes_the_browser_known(app, smtp, run_worker, two_forums):
    email = two_forums["a_sec"]["email"]
    attacker = app.test_client()
    for i in range(app.config["LOGIN_MAX_PER_ACCOUNT"]):
        _login(attacker, email, "wrong password", f"192.0.2.{i + 1}")
    new_phone = app.test_client()
    assert _login(new_phone, email, PASSWORD, "192.0.2.240").status_code == 429
    new_phone.post("/password/forgot", data={"email": email, "csrf_token": Auth(new_phone).csrf("/password/forgot")},
                   environ_base={"REMOTE_ADDR": "192.0.2.240"})
    run_worker()
    [mail] = smtp.to(email)
    link = re.search(r"http://baraza\.test(/password/reset/\S+)", mail.get_body(("plain",)).get_content()).group(1)
    new = "a brand new passphrase"
    r = new_phone.post(link, data={"password": new, "confirm": new, "csrf_token": Auth(new_phone).csrf(link)})
    assert r.status_code == 303
    # following the emailed link proved the owner holds the mailbox: this browser is now known
    assert _login(new_phone, email, new, "192.0.2.240").status_code == 303


def test_known_device_cookie_is_throttled_on_its_own_and_bound_to_its_account(app, client, two_forums):
    email, other = two_forums["a_sec"]["email"], two_forums["b_sec"]["email"]
    assert _login(client, email).status_code == 303
    Auth(client).logout()
    for i in range(app.config["LOGIN_MAX_PER_DEVICE"]):  # a stolen cookie does not allow endless guessing
        assert _login(client, email, "wrong password", f"192.0.2.{i + 1}").status_code == 422
    assert _login(client, email, PASSWORD, "192.0.2.200").status_code == 429
    assert _login(client, other, PASSWORD, "192.0.2.201").status_code == 303  # the cookie is only for its account


# --- sessions: idle timeout and absolute lifetime ------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    from webapp.auth import session_limits

    now = [1_800_000_000.0]
    monkeypatch.setattr(session_limits, "now", lambda: now[0])
    return now


def test_idle_session_ends_with_a_message(app, client, auth, clock, two_forums):
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    auth.login(two_forums["a_sec"]["email"])
    for _ in range(3):  # activity keeps the session alive past the idle time
        clock[0] += idle - 120
        assert client.get("/t/forum-a/").status_code == 200
    clock[0] += idle + 1
    r = client.get("/t/forum-a/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after a time without activity. Please sign in again." in page
    clock[0] += 1
    assert client.get("/t/forum-a/").status_code == 302  # and it stays signed out


def test_session_ends_after_its_lifetime_even_when_active(app, client, auth, clock, two_forums):
    lifetime = app.config["SESSION_MAX_HOURS"] * 3600
    auth.login(two_forums["a_sec"]["email"])
    step = 30 * 60
    for _ in range(lifetime // step - 1):
        clock[0] += step
        assert client.get("/t/forum-a/").status_code == 200
    clock[0] += step + 1
    r = client.get("/t/forum-a/")
    assert r.status_code == 302
    assert "Your session has ended. Please sign in again." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert auth.login(two_forums["a_sec"]["email"]).status_code == 303  # a new sign-in starts a new session
    assert client.get("/t/forum-a/").status_code == 200


def test_expiry_message_is_in_the_users_language(app, client, auth, clock, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    client.post("/language", data={"lang": "fr", "next": "/t/forum-a/", "csrf_token": auth.csrf("/t/forum-a/")})
    clock[0] += app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    page = client.get("/login").get_data(as_text=True)
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("fr"):
            message = gettext("You were signed out after a time without activity. Please sign in again.")
    assert message != "You were signed out after a time without activity. Please sign in again."
    assert message.replace("'", "&#39;") in page


def test_session_cookie_is_not_rewritten_on_every_request(client, auth, clock, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    client.get("/t/forum-a/")  # the first page stores the CSRF token
    clock[0] += 20
    assert "session=" not in client.get("/t/forum-a/").headers.get("Set-Cookie", "")
    clock[0] += 60
    assert "session=" in client.get("/t/forum-a/").headers.get("Set-Cookie", "")


# --- platform admin deactivates an account -------------------------------------------------------

def _admin(app) -> str:
    from webapp.auth import services as accounts

    with app.app_context():
        accounts.create_user("root@platform.test", "Root", PASSWORD, is_platform_admin=True)
        db.session.commit()
    return "root@platform.test"


def test_deactivated_account_loses_its_sessions_and_cannot_sign_in(app, client, auth, smtp, run_worker,
                                                                   two_forums):
    from tenants.rls import tenant_context
    from webapp.core.audit import AuditEvent

    email, uid = two_forums["a_sec"]["email"], two_forums["a_sec"]["user_id"]
    victim = app.test_client()
    assert _login(victim, email).status_code == 303
    assert victim.get("/t/forum-a/").status_code == 200
    auth.login(_admin(app))
    page = client.get(f"/admin/users/{uid}").get_data(as_text=True)
    assert email in page and "Forum A" in page and "Deactivate this account" in page
    r = client.post(f"/admin/users/{uid}/deactivate", data={"csrf_token": auth.csrf(f"/admin/users/{uid}")})
    assert r.status_code == 303
    assert "This account is deactivated." in client.get(f"/admin/users/{uid}").get_data(as_text=True)
    r = victim.get("/t/forum-a/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")  # at once, on the next request
    wrong = _login(app.test_client(), email, "wrong password", "10.1.1.1").get_data(as_text=True)
    refused = _login(app.test_client(), email, PASSWORD, "10.1.1.2")
    assert refused.status_code == 422
    assert re.sub(r'name="csrf_token"[^>]*>', "", refused.get_data(as_text=True)) == \
        re.sub(r'name="csrf_token"[^>]*>', "", wrong)  # same answer as a wrong password
    anon = app.test_client()
    anon.post("/password/forgot", data={"email": email, "csrf_token": Auth(anon).csrf("/password/forgot")})
    run_worker()
    assert smtp.to(email) == []  # no reset for a deactivated account
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "user",
                                                                 AuditEvent.object_id == uid)) == "deactivated"
    r = client.post(f"/admin/users/{uid}/reactivate", data={"csrf_token": auth.csrf(f"/admin/users/{uid}")})
    assert r.status_code == 303
    assert _login(app.test_client(), email, PASSWORD, "10.1.1.3").status_code == 303


def test_only_platform_admins_deactivate(app, client, auth, two_forums):
    uid = two_forums["b_sec"]["user_id"]
    auth.login(two_forums["a_sec"]["email"])
    assert client.get(f"/admin/users/{uid}").status_code == 404
    assert client.get("/admin/users").status_code == 404
    r = client.post(f"/admin/users/{uid}/deactivate", data={"csrf_token": auth.csrf("/t/forum-a/")})
    assert r.status_code == 404
    assert _user(app, two_forums["b_sec"]["email"]).active
    anon = app.test_client()
    assert anon.get(f"/admin/users/{uid}").status_code == 302


def test_admin_finds_an_account_by_email(app, client, auth, two_forums):
    auth.login(_admin(app))
    page = client.get("/admin/users?q=bea").get_data(as_text=True)
    assert two_forums["b_sec"]["email"] in page and two_forums["a_sec"]["email"] not in page
    assert client.post(f"/admin/users/{two_forums['b_sec']['user_id']}/deactivate").status_code == 400  # no CSRF
    assert client.get("/admin/users/999999").status_code == 404
    me = _user(app, "root@platform.test").id
    r = client.post(f"/admin/users/{me}/deactivate", data={"csrf_token": auth.csrf(f"/admin/users/{me}")})
    assert r.status_code == 303 and _user(app, "root@platform.test").active  # the admin cannot lock itself out
    assert "You cannot deactivate your own account." in client.get(r.headers["Location"]).get_data(as_text=True)


# --- anonymous mail: rate limits, same answer, same work ------------------------------------------

def _forgot(app, email: str, ip: str = "127.0.0.1"):
    anon = app.test_client()
    token = Auth(anon).csrf("/password/forgot")
    r = anon.post("/password/forgot", data={"email": email, "csrf_token": token}, environ_base={"REMOTE_ADDR": ip})
    return r, anon


def _platform_mails(app, kind: str = "password_reset") -> int:
    from webapp.notices.models import PlatformMail

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PlatformMail).where(PlatformMail.kind == kind))


def test_reset_mail_is_limited_per_account_whatever_the_address(app, smtp, run_worker, two_forums):
    email = two_forums["a_sec"]["email"]
    limit = app.config["MAIL_REQUESTS_MAX_PER_ACCOUNT"]
    for i in range(limit + 1):
        r, _ = _forgot(app, email, f"192.0.2.{i + 1}")
        assert r.status_code == 303
    assert _platform_mails(app) == limit
    run_worker()
    assert len(smtp.to(email)) == limit


def test_reset_mail_is_limited_per_address(app, smtp, run_worker, two_forums, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_REQUESTS_MAX_PER_ADDRESS", 2)
    for key in ("a_sec", "b_sec", "a_member"):
        assert _forgot(app, two_forums[key]["email"], ATTACKER)[0].status_code == 303
    assert _platform_mails(app) == 2
    assert _forgot(app, two_forums["a_member"]["email"], CHAIR_OFFICE)[0].status_code == 303
    assert _platform_mails(app) == 3


def _strip_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*>', "", html)


def test_reset_answers_byte_for_byte_the_same_with_the_same_work(app, two_forums):
    answers = []
    for email in (two_forums["a_sec"]["email"], "nobody@nowhere.test"):
        with count_queries(app) as n:
            r, anon = _forgot(app, email, "192.0.2.9")
        following = anon.get(r.headers["Location"])
        answers.append((r.status_code, r.headers["Location"], r.get_data(), following.status_code,
                        _strip_csrf(following.get_data(as_text=True)), n["n"]))
    assert answers[0] == answers[1]
    assert _platform_mails(app) == 1
    # and once the account's limit is reached, still the same answer
    for _ in range(app.config["MAIL_REQUESTS_MAX_PER_ACCOUNT"]):
        _forgot(app, two_forums["a_sec"]["email"], "192.0.2.10")
    limited, anon = _forgot(app, two_forums["a_sec"]["email"], "192.0.2.10")
    assert limited.status_code == answers[0][0] and limited.get_data() == answers[0][2]
    assert _strip_csrf(anon.get(limited.headers["Location"]).get_data(as_text=True)) == answers[0][4]


def test_old_mail_requests_and_failures_are_purged(app, databases):
    from datetime import UTC, datetime, timedelta

    from webapp.auth import security
    from webapp.auth.models import LoginFailure, MailRequest

    old = datetime.now(UTC) - timedelta(days=2)
    with app.app_context():
        db.session.add_all([MailRequest(kind="password_reset", email="a@x.test", ip="1.2.3.4", at=old),
                            MailRequest(kind="password_reset", email="a@x.test", ip="1.2.3.4"),
                            LoginFailure(email="a@x.test", ip="1.2.3.4", device="d" * 32, at=old)])
        db.session.commit()
        assert security.purge_old_failures() == 2
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(MailRequest)) == 1


# --- the current password guards sensitive changes ------------------------------------------------

def test_turning_on_two_step_sign_in_asks_for_the_password(app, client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    token = auth.csrf("/account/two-factor")
    for current in ("", "wrong password"):
        r = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "current": current,
                                                     "csrf_token": token})
        assert r.status_code == 422
        assert ("Your current password is not correct." in r.get_data(as_text=True)
                or "Please enter your password." in r.get_data(as_text=True))
        assert _user(app, email).totp_secret is None
    r = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "current": PASSWORD,
                                                 "csrf_token": token})
    assert r.status_code == 200 and _user(app, email).totp_secret == secret


def test_renewing_recovery_codes_asks_for_the_password(app, client, auth, two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>',
                       client.get("/account/two-factor").get_data(as_text=True)).group(1)
    client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "current": PASSWORD,
                                             "csrf_token": auth.csrf("/account/two-factor")})
    before = _user(app, email).totp_recovery_hashes
    r = client.post("/account/two-factor/recovery-codes", data={"codes-current": "wrong password",
                                                                "csrf_token": auth.csrf("/account/two-factor")})
    assert r.status_code == 422 and "Your current password is not correct." in r.get_data(as_text=True)
    assert _user(app, email).totp_recovery_hashes == before


def test_changing_email_asks_for_the_password(app, client, auth, smtp, run_worker, two_forums):
    email = two_forums["a_sec"]["email"]
    auth.login(email)
    page = client.get("/account/email").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page
    token = auth.csrf("/account/email")
    r = client.post("/account/email", data={"email": "ama@new.test", "current": "wrong password",
                                            "csrf_token": token})
    assert r.status_code == 422 and "Your current password is not correct." in r.get_data(as_text=True)
    assert 'value="ama@new.test"' in r.get_data(as_text=True)  # nothing typed is lost
    assert _user(app, email).email == email
    taken = client.post("/account/email", data={"email": two_forums["b_sec"]["email"], "current": PASSWORD,
                                                "csrf_token": token})
    assert taken.status_code == 422 and "This address cannot be used." in taken.get_data(as_text=True)
    r = client.post("/account/email", data={"email": "Ama@New.test", "current": PASSWORD, "csrf_token": token})
    assert r.status_code == 303
    assert client.get("/t/forum-a/").status_code == 200  # this session goes on
    run_worker()
    [notice] = smtp.to(email)  # the old address hears of it, so a hijack does not go unnoticed
    assert "ama@new.test" in notice.get_body(("plain",)).get_content()
    auth.logout()
    assert auth.login(email).status_code == 422
    assert auth.login("ama@new.test").status_code == 303


def test_a_session_cookie_from_before_session_lifetimes_is_expired(app, client, auth, clock, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    assert client.get("/t/forum-a/").status_code == 200
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    old = {k: v for k, v in data.items() if k not in ("_iat", "_seen")}  # as it was made before session expiry
    assert "_user_id" in old
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], serializer.dumps(old))
    r = client.get("/t/forum-a/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert "Your session has ended. Please sign in again." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert client.get("/t/forum-a/").status_code == 302  # signed out for good, not restarted
