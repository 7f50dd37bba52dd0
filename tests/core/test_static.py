"""Light (issue 20): hashed, immutable, precompressed static files; HTML compressed when the client accepts it.

The bytes a browser transfers are measured in tests/e2e/test_light.py; these check the headers and bodies.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli

from webapp.core import assets

STATIC = Path(assets.__file__).resolve().parent.parent / "static"
FOREVER = "max-age=315360000, public, immutable"


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_layout_links_every_static_file_by_its_content_hash(client, databases):
    urls = static_urls(client.get("/login").get_data(as_text=True))
    assert len(urls) >= 4  # icon, two stylesheets, htmx
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url), url


def test_hashed_file_is_cached_for_ever_and_served_precompressed(client, databases):
    url = next(u for u in static_urls(client.get("/login").get_data(as_text=True)) if "pico" in u)
    source = (STATIC / "vendor" / "pico.min.css").read_bytes()
    plain = client.get(url)
    assert plain.status_code == 200 and plain.data == source
    assert plain.headers["Cache-Control"] == FOREVER
    assert plain.headers["Content-Type"].startswith("text/css")
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    assert "Accept-Encoding" in plain.headers["Vary"]

    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and br.headers["Cache-Control"] == FOREVER
    assert brotli.decompress(br.data) == source and len(br.data) < len(source) / 5

    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == source


def test_changed_file_gets_a_new_name(tmp_path):
    (tmp_path / "src" / "css").mkdir(parents=True)
    (tmp_path / "src" / "css" / "app.css").write_text("body { color: black; }\n" * 50)
    first = assets.build(tmp_path / "src", tmp_path / "out")
    (tmp_path / "src" / "css" / "app.css").write_text("body { color: navy; }\n" * 50)
    second = assets.build(tmp_path / "src", tmp_path / "out")
    assert first["css/app.css"] != second["css/app.css"]
    for manifest in (first, second):
        built = tmp_path / "out" / manifest["css/app.css"]
        assert built.exists() and Path(f"{built}.br").exists() and Path(f"{built}.gz").exists()
    assert not any(p.name.startswith(".") for p in (tmp_path / "out").rglob("*"))  # no half-written file


def test_unhashed_name_still_answers_but_is_revalidated(client, databases):
    r = client.get("/static/css/app.css")
    assert r.status_code == 200 and "immutable" not in r.headers.get("Cache-Control", "")


def test_html_is_compressed_when_the_client_accepts_it_and_keeps_its_headers(client, databases):
    plain = client.get("/login")
    assert "Content-Encoding" not in plain.headers
    html = plain.get_data(as_text=True)
    r = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.headers["Content-Encoding"] == "br"
    body = brotli.decompress(r.data).decode()
    assert "<form" in body and len(r.data) < len(body) / 2
    assert "Accept-Encoding" in r.headers["Vary"]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert html.count('name="csrf_token"') == body.count('name="csrf_token"') >= 1
    r = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and "<form" in gzip.decompress(r.data).decode()


def test_htmx_fragment_is_compressed_and_stays_a_fragment(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.get("/t/forum-a/members/?q=Ama", headers={"HX-Request": "true", "Accept-Encoding": "gzip"})
    assert r.status_code == 200
    body = gzip.decompress(r.data).decode() if r.headers.get("Content-Encoding") == "gzip" else r.get_data(True)
    assert "Ama Secretariat" in body and "<html" not in body


def test_a_fragment_that_fits_in_one_segment_is_not_compressed(client, auth, factory, two_forums):
    """Issue 43: Brotli's set-up costs more than it saves on a body below one TCP segment (compression.MIN_SIZE):
    the answer htmx swaps in after an RSVP (about 1 KB) goes plain; a page goes compressed."""
    from webapp.core.compression import MIN_SIZE

    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    auth.login(two_forums["a_member"]["email"])
    token = auth.csrf("/t/forum-a/")
    r = client.post(f"/t/forum-a/meetings/{m['id']}/rsvp", data={"csrf_token": token, "answer": "yes", "back": "home"},
                    headers={"HX-Request": "true", "HX-Target": f"my-meeting-{m['id']}", "Accept-Encoding": "gzip, br"})
    assert r.status_code == 200 and "Content-Encoding" not in r.headers
    assert 500 < len(r.data) < MIN_SIZE, len(r.data)  # compressed before (Flask-Compress's own floor is 500 bytes)
    assert f'id="my-meeting-{m["id"]}"' in r.get_data(as_text=True)
    big = client.get("/t/forum-a/", headers={"Accept-Encoding": "gzip, br"})
    assert big.headers["Content-Encoding"] == "br"


def test_downloads_are_not_compressed(client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = client.get("/t/forum-a/members/export.csv", headers={"Accept-Encoding": "gzip, br"})
    assert r.status_code == 200 and "Content-Encoding" not in r.headers
    assert r.get_data(as_text=True).lstrip("\ufeff").startswith("name,email")


def test_cross_site_request_with_cookies_is_not_compressed(client, auth, two_forums):
    """BREACH: a page another site makes a signed-in browser load is never compressed."""
    auth.login(two_forums["a_sec"]["email"])
    for site in ("cross-site", "same-site"):
        r = client.get("/t/forum-a/", headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": site})
        assert r.status_code == 200 and "Content-Encoding" not in r.headers
        assert "Forum A" in r.get_data(as_text=True)
    r = client.get("/t/forum-a/", headers={"Accept-Encoding": "gzip, br", "Sec-Fetch-Site": "same-origin"})
    assert r.headers["Content-Encoding"] == "br"


def test_cross_site_visit_without_cookies_is_compressed(app, databases):
    """A first visit from a search engine or a link elsewhere carries no cookie: nothing secret to guess."""
    r = app.test_client(use_cookies=False).get("/", headers={"Accept-Encoding": "br", "Sec-Fetch-Site": "cross-site"})
    assert r.headers["Content-Encoding"] == "br"
