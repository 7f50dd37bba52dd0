"""The site header is kept per kind of reader and language in each worker (webapp/core/frame.py, issue 43): every
reader still gets their own session's CSRF token and their own page to come back to, and the links of their kind."""
from __future__ import annotations

import re

import pytest

from tests.conftest import Auth
from webapp.core import frame

HOME = "/t/forum-a/"


def header(html: str) -> str:
    m = re.search(r'<header class="site">.*?</header>', html, re.S)
    assert m, "no site header"
    return m.group(0)


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', header(html)))


@pytest.fixture
def two_readers(app, two_forums):
    """The member and the secretariat of forum A, each in a session of their own, and a second member."""
    from tests.conftest import Factory

    second = Factory(app).member(two_forums["a"], "Abena Second", "member")
    sessions = {}
    for name, email in (("member", two_forums["a_member"]["email"]), ("second", second["email"]),
                        ("secretariat", two_forums["a_sec"]["email"])):
        client = app.test_client()
        Auth(client).login(email)
        sessions[name] = client
    frame._headers.clear()
    return sessions


def test_each_session_gets_its_own_token_in_a_kept_header(two_readers):
    first = two_readers["member"].get(HOME).get_data(as_text=True)
    kept = len(frame._headers)
    second = two_readers["second"].get(HOME).get_data(as_text=True)
    assert len(frame._headers) == kept  # the same kind of reader: the kept header, not a new one
    mine, theirs = tokens(first), tokens(second)
    assert len(mine) == 1 and len(theirs) == 1 and mine != theirs
    assert frame.CSRF_MARK not in second and "\x00" not in second
    # the token written in is the session's own: signing out with it works
    r = two_readers["second"].post("/logout", data={"csrf_token": theirs.pop()})
    assert r.status_code in (302, 303)
    assert two_readers["second"].get(HOME).status_code in (302, 303, 404)


def test_the_language_form_comes_back_to_the_page_it_was_on(two_readers):
    client = two_readers["member"]
    home = header(client.get(HOME).get_data(as_text=True))
    meetings = header(client.get("/t/forum-a/meetings/?page=2").get_data(as_text=True))
    assert 'name="next" value="/t/forum-a/"' in home
    assert 'name="next" value="/t/forum-a/meetings/?page=2"' in meetings
    token = tokens(meetings).pop()
    r = client.post("/language", data={"csrf_token": token, "lang": "fr", "next": "/t/forum-a/meetings/?page=2"})
    assert r.status_code in (302, 303) and r.headers["Location"].endswith("/t/forum-a/meetings/?page=2")
    assert "Réunions" in header(client.get(HOME).get_data(as_text=True))  # a French header, kept apart


@pytest.mark.parametrize("first", ["member", "secretariat"])
def test_each_kind_of_reader_keeps_its_own_links(two_readers, first):
    order = [first, "secretariat" if first == "member" else "member"]
    seen = {name: header(two_readers[name].get(HOME).get_data(as_text=True)) for name in order}
    assert "/t/forum-a/notices" in seen["secretariat"] and "/t/forum-a/notices" not in seen["member"]
    assert "/t/forum-a/meetings" in seen["member"]


def test_the_public_header_has_no_form_and_no_menu(app, two_forums, two_readers):
    two_readers["member"].get(HOME)  # a signed-in kind kept first
    html = app.test_client().get("/t/forum-a/public/").get_data(as_text=True)
    assert 'name="csrf_token"' not in header(html) and "Sign in" in header(html)
    assert '<details class="menu">' not in header(html)


def test_a_public_page_keeps_the_chosen_language_on_the_headers_links(app, two_forums):
    """The header's links are built with the request's url_defaults: ?lang= on a public page (the public pages set
    no cookie), so the kept header is one per chosen language, not one for all."""
    frame._headers.clear()
    visitor = app.test_client()
    plain = header(visitor.get("/t/forum-a/public/", headers={"Accept-Language": "sw"}).get_data(as_text=True))
    swahili = header(visitor.get("/t/forum-a/public/?lang=sw").get_data(as_text=True))  # Swahili both times
    assert '<a class="forum" href="/t/forum-a/public/?lang=sw">' in swahili
    assert '<a class="forum" href="/t/forum-a/public/">' in plain


def test_a_header_writing_the_token_elsewhere_is_not_kept_and_still_complete(app, monkeypatch):
    """The last guard: a header that writes the session's token outside a form's value is rendered for its request
    only (never kept for another session), with its page written in."""
    from types import SimpleNamespace

    frame._headers.clear()
    monkeypatch.setattr(frame, "current_user", SimpleNamespace(is_authenticated=True, is_platform_admin=False))
    monkeypatch.setattr(frame, "generate_csrf", lambda: "session-token-123")
    with app.test_request_context("/meetings/?page=3"):
        html = frame.show(lambda: '<header data-token="session-token-123"><form><input name="csrf_token" '
                                  f'value="session-token-123"><input name="next" value="{frame.NEXT_MARK}"></form>'
                                  "</header>")
    assert frame._headers == {}
    assert 'value="/meetings/?page=3"' in html and 'value="session-token-123"' in html and "\x00" not in html
