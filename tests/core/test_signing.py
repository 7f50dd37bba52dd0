"""webapp/core/signing.py: one format for every mailed link (purpose, forum, version, keys, lifetime), and the links
mailed before it (each copied here literally in its old encoding) still working until their old expiry."""
from __future__ import annotations

import contextlib
import hashlib
import time
from datetime import UTC, datetime, timedelta

from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select, update

from tenants.rls import tenant_context
from webapp.auth.models import User
from webapp.core import signing
from webapp.extensions import db
from webapp.meetings.models import Meeting


@contextlib.contextmanager
def signed_ago(monkeypatch, seconds):
    with monkeypatch.context() as mp:
        mp.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds)
        yield


def test_a_link_is_good_only_for_its_purpose_its_forum_and_its_lifetime(app, monkeypatch):
    with app.test_request_context():
        token = signing.sign("rsvp", {"i": 7, "m": 3}, 1)
        link = signing.verify("rsvp", token, 1)
        assert link.data == {"i": 7, "m": 3} and link.version == 1 and link.forum_id == 1
        assert signing.verify("rsvp", token, 2) is None  # another forum
        assert signing.verify("rsvp", token) is None  # no forum at all
        assert signing.verify("unsubscribe", token, 1) is None  # another purpose
        assert signing.verify("rsvp", token[:-2] + "xx", 1) is None  # forged
        reset = signing.sign("password_reset", {"u": 5, "f": "x"})
        assert signing.verify("password_reset", reset).data == {"u": 5, "f": "x"}
        with signed_ago(monkeypatch, 2 * 3600):
            old_reset = signing.sign("password_reset", {"u": 5, "f": "x"})
        assert signing.verify("password_reset", old_reset) is None  # an hour, as before
        with signed_ago(monkeypatch, 366 * 86400):
            old_unsubscribe = signing.sign("unsubscribe", {"m": 1, "w": "reminders"}, 1)
        assert signing.verify("unsubscribe", old_unsubscribe, 1) is None  # a year; each reminder brings a new one
        # a payload of a version this code does not know is no link
        unknown = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=signing.PURPOSES["rsvp"].salt).dumps(
            {"v": 99, "f": 1, "d": {"i": 7}})
        assert signing.verify("rsvp", unknown, 1) is None


def test_links_survive_a_key_rotation_through_the_fallbacks(app):
    with app.test_request_context():
        token = signing.sign("unsubscribe", {"m": 1, "w": "reminders"}, 1)
        old_key = app.config["SECRET_KEY"]
        try:
            app.config["SECRET_KEY"] = "a-new-key-after-rotation"
            assert signing.verify("unsubscribe", token, 1) is None
            app.config["SECRET_KEY_FALLBACKS"] = [old_key]
            assert signing.verify("unsubscribe", token, 1).data == {"m": 1, "w": "reminders"}
            fresh = signing.sign("unsubscribe", {"m": 1, "w": "reminders"}, 1)
            app.config["SECRET_KEY_FALLBACKS"] = []
            assert signing.verify("unsubscribe", fresh, 1) is not None  # new links use the new key
        finally:
            app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = old_key, []


def test_a_password_reset_link_in_the_old_format_works_for_its_hour(app, client, two_forums, monkeypatch):
    with app.app_context():
        user = db.session.get(User, two_forums["a_sec"]["user_id"])

        def legacy():
            # how webapp/auth/security.py signed reset links before core/signing.py, copied literally
            fingerprint = hashlib.sha256(f"{user.id}|{user.password_hash or ''}".encode()).hexdigest()[:20]
            return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="baraza-reset").dumps(
                {"u": user.id, "f": fingerprint})

        fresh = legacy()
        with signed_ago(monkeypatch, 3700):
            stale = legacy()
    assert client.get(f"/password/reset/{fresh}").status_code == 200
    assert client.get(f"/password/reset/{stale}").status_code == 404


def test_an_unsubscribe_link_in_the_old_format_still_works(app, client, two_forums):
    # how webapp/notices/unsubscribe.py signed its links before core/signing.py, copied literally (no expiry)
    with app.app_context():
        token = URLSafeSerializer(app.config["SECRET_KEY"], salt="unsubscribe").dumps(
            {"t": two_forums["a"].id, "m": two_forums["a_member"]["id"], "w": "reminders"})
    page = client.get(f"/t/forum-a/notices/unsubscribe/{token}?lang=en")
    assert page.status_code == 200 and "Stop reminders before meetings and due dates" in page.get_data(as_text=True)
    assert client.get(f"/t/forum-b/notices/unsubscribe/{token}").status_code == 404


def test_a_chair_link_in_the_old_format_works_until_weeks_after_its_session(app, client, factory, two_forums):
    from tests.webinars.test_series import make_series
    from webapp.webinars.models import Session

    made = make_series(app, factory, two_forums["a"], count=2)
    with app.app_context(), tenant_context(two_forums["a"]):
        session = db.session.scalars(select(Session).where(Session.series_id == made["series_id"])).first()
        # how webapp/webinars/services.py signed chair links before core/signing.py, copied literally
        token = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="baraza-webinar-chair").dumps(
            {"t": two_forums["a"].id, "m": session.meeting_id, "o": session.chair_org_id})
        meeting_id = session.meeting_id
    assert client.get(f"/t/forum-a/webinars/chair/{token}").status_code == 200
    assert client.get(f"/t/forum-b/webinars/chair/{token}").status_code == 404
    with app.app_context(), tenant_context(two_forums["a"]):
        end = datetime.now(UTC) - timedelta(days=29)
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(
            start_at=end - timedelta(hours=2), end_at=end))
        db.session.commit()
    assert client.get(f"/t/forum-a/webinars/chair/{token}").status_code == 404


def test_the_known_device_cookie_is_signed_here_and_old_cookies_still_count(app, monkeypatch):
    """auth/security.py's device cookie moved onto this module (purpose known_device, no forum); a cookie set before
    the move (its own serializer, salt baraza-known-device) is still a known device until LOGIN_DEVICE_DAYS."""
    from webapp.auth import security

    with app.test_request_context():
        cookie = security.new_device_cookie("ama@example.org")
        assert signing.verify("known_device", cookie).forum_id is None
        assert security.device_of(cookie, "ama@example.org") is not None
        assert security.device_of(cookie, "kofi@example.org") is None  # another account
        assert signing.verify("password_reset", cookie) is None
        digest = hashlib.sha256(b"ama@example.org").hexdigest()[:32]
        old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="baraza-known-device").dumps(
            {"e": digest, "n": "a" * 32})
        assert security.device_of(old, "ama@example.org") == "a" * 32
        with signed_ago(monkeypatch, (app.config["LOGIN_DEVICE_DAYS"] + 1) * 86400):
            stale = security.new_device_cookie("ama@example.org")
        assert security.device_of(stale, "ama@example.org") is None
