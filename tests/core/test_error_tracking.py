"""Issue 44: optional Sentry. Off without SENTRY_DSN; what an event would carry is scrubbed of personal data."""
from __future__ import annotations

from webapp.core import error_tracking


def test_off_without_a_dsn(app):
    assert app.config["SENTRY_DSN"] == ""
    assert error_tracking.init(app) is False


def test_events_leave_without_personal_data():
    event = {
        "request": {"method": "POST", "url": "https://baraza.example.org/login?email=ama@example.org",
                    "query_string": "email=ama@example.org", "data": {"email": "ama@example.org", "password": "x"},
                    "cookies": {"session": "secret"},
                    "headers": {"Cookie": "session=secret", "User-Agent": "Firefox", "X-Request-Id": "abc12345"}},
        "user": {"id": "86f6859140d0bb80", "email": "ama@example.org", "ip_address": "203.0.113.9"},
        "message": "could not text +254 712 345 678 nor mail ama@example.org",
        "exception": {"values": [{"value": "bad number +254712345678", "stacktrace": {"frames": [
            {"function": "send", "vars": {"phone": "+254712345678"}}]}}]},
        "breadcrumbs": {"values": [{"message": "SELECT … WHERE email = 'ama@example.org'"}]},
    }
    scrubbed = error_tracking.scrub(event)
    text = repr(scrubbed)
    for secret in ("ama@example.org", "712345678", "712 345 678", "secret", "password", "203.0.113.9", "?"):
        assert secret not in text, secret
    assert scrubbed["request"] == {"method": "POST", "url": "https://baraza.example.org/login",
                                   "headers": {"User-Agent": "Firefox", "X-Request-Id": "abc12345"}}
    assert scrubbed["user"] == {"id": "86f6859140d0bb80"}
    assert scrubbed["message"] == "could not text [phone] nor mail [email]"
    assert error_tracking.mask("failed at 2026-12-06 16:59:00") == "failed at 2026-12-06 16:59:00"
