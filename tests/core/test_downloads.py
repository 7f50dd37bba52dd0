"""webapp/core/downloads.py: every download names its file the RFC 6266 way, a plain ASCII name for old clients and
the real one (Hausa letters, accents, quotes) in filename*."""
from __future__ import annotations

import io
import re
from urllib.parse import unquote

from webapp.core.downloads import download_response

NAME = 'Taron ƙungiya — "ɗaukar" mataki, été.pdf'
UPLOADED = "Taron ƙungiya — ɗaukar mataki, été.pdf"  # a browser sends quotes in a file name as %22


def _parts(header):
    kind, *params = [p.strip() for p in header.split(";")]
    return kind, dict(p.split("=", 1) for p in params)


def test_a_name_in_hausa_with_accents_and_quotes_goes_out_both_ways(app):
    with app.test_request_context():
        r = download_response(b"%PDF-1.4", NAME, "application/pdf", cache="private, no-store")
    kind, params = _parts(r.headers["Content-Disposition"])
    assert kind == "attachment"
    assert params["filename"] == '"Taron _ungiya _ __aukar_ mataki, ete.pdf"'
    assert params["filename"].isascii() and params["filename"].count('"') == 2
    assert params["filename*"].startswith("UTF-8''") and unquote(params["filename*"][7:]) == NAME
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Cache-Control"] == "private, no-store"
    assert r.mimetype == "application/pdf" and r.data == b"%PDF-1.4"


def test_an_inline_calendar_and_a_name_of_only_foreign_letters(app):
    with app.test_request_context():
        r = download_response("BEGIN:VCALENDAR", "ƙƙ.ics", "text/calendar; charset=utf-8", inline=True)
        odd = download_response(b"", "\"\\/\n", "text/plain")
    kind, params = _parts(r.headers["Content-Disposition"])
    assert kind == "inline" and params["filename"] == '"__.ics"' and "Cache-Control" not in r.headers
    assert _parts(odd.headers["Content-Disposition"])[1]["filename"] == '"____"'


def test_a_meeting_paper_downloads_under_its_own_name(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/documents"
    sent = client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"),
                                  "file": (io.BytesIO(b"%PDF-1.7 real"), UPLOADED)}, content_type="multipart/form-data")
    assert sent.status_code == 303
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    doc_ids = [int(i) for i in re.findall(rf"/t/forum-a/meetings/{m['id']}/documents/(\d+)", page)]
    downloads = [client.get(f"{url}/{i}") for i in sorted(set(doc_ids))]
    mine = [d for d in downloads if d.data == b"%PDF-1.7 real"]
    assert len(mine) == 1
    kind, params = _parts(mine[0].headers["Content-Disposition"])
    assert kind == "attachment" and unquote(params["filename*"][7:]) == UPLOADED
    assert params["filename"] == '"Taron _ungiya _ _aukar mataki, ete.pdf"'
