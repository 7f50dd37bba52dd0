"""Issue 44: one JSON log line per request and per job; the request id in a header, on the error page and in the
jobs the request enqueued; never an e-mail, a phone number or a query string in the logs."""
from __future__ import annotations

import json
import logging
import re

import pytest

from webapp.core import logs

PHONE = "+254712345678"


@pytest.fixture
def log_file(tmp_path):  # noqa: ANN001, ANN201
    """The ``baraza`` loggers' lines, as production writes them (JSON), in a file: RQ's forked work horse writes
    its job lines there too."""
    path = tmp_path / "baraza.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logs.formatter(text=False))
    parent = logging.getLogger("baraza")
    parent.addHandler(handler)
    try:
        yield path
    finally:
        parent.removeHandler(handler)
        handler.close()


def _lines(path) -> list[dict]:  # noqa: ANN001
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_one_line_per_request_without_personal_data(app, client, auth, smtp, run_worker, two_forums, log_file):
    sec = two_forums["a_sec"]
    email = sec["email"]
    # an e-mail and a phone number in query strings, forms and a path; the e-mail is signed in with
    client.get(f"/?q={email}&phone={PHONE}")
    client.post("/password/forgot", data={"email": email, "csrf_token": auth.csrf("/password/forgot")})
    run_worker()  # the reset mail's job, enqueued by the request above
    assert auth.login(email).status_code == 303
    home = client.get("/t/forum-a/", headers={"X-Request-Id": "given-by-the-proxy-1"})
    missing = client.get(f"/t/forum-a/members/999999?email={email}")
    assert home.headers["X-Request-Id"] == "given-by-the-proxy-1"
    assert missing.status_code == 404
    rid = missing.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert f"Reference {rid}" in missing.get_data(as_text=True)  # the error page names the request

    raw = log_file.read_text()
    for secret in (email, email.split("@")[0], PHONE, PHONE[1:], "254712345678", "q=", "email=", "phone=", "?"):
        assert secret not in raw, secret
    lines = _lines(log_file)
    requests = [x for x in lines if x["logger"] == "baraza.requests"]
    jobs = [x for x in lines if x["logger"] == "baraza.jobs"]
    by_id = {x["request_id"]: x for x in requests}
    page = by_id["given-by-the-proxy-1"]
    assert page["forum"] == "forum-a" and page["route"] == "tenant.home.index" and page["status"] == 200
    assert page["statements"] >= 1 and page["duration_ms"] > 0 and "time" in page
    assert page["user"] == logs.user_hash("test-secret", sec["user_id"]) and len(page["user"]) == 16
    assert by_id[rid]["status"] == 404 and by_id[rid]["user"] == page["user"]
    forgot = next(x for x in requests if x["route"] == "auth.forgot_password" and x["method"] == "POST")
    assert forgot["user"] is None and forgot["forum"] is None
    # the mail job the forgotten-password request enqueued carries its request id
    mail = next(x for x in jobs if x["kind"] == "deliver_platform_mail")
    assert mail["request_id"] == forgot["request_id"]
    assert mail["outcome"] == "done" and mail["queue"] == "notices" and mail["duration_ms"] >= 0


def test_text_in_development():
    record = logging.LogRecord("baraza.requests", logging.INFO, __file__, 1, "request", None, None)
    record.route, record.status = "core.directory", 200
    line = logs.formatter(text=True).format(record)
    assert line.endswith("info baraza.requests request route=core.directory status=200")
