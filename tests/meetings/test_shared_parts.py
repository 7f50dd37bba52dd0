"""Issue 43: the meeting page assembled from parts shared by readers of one visibility class (webapp/core/parts.py).

Over the reader matrix (a member, an observer, a member who translates, a member who co-chairs the committee, the
forum's chair, the secretariat): a page assembled from cached parts reads exactly as the page rendered whole; a part
rendered for one class never reaches a reader of another (restricted decisions, support requests), nor one reader's
own answer another reader; a change to the meeting makes new parts; a page from parts reads fewer statements.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
import redis

from tests.conftest import count_queries
from tests.core.test_query_counts import _held_plenary

SECRET = "Settle the dispute out of court"  # a restricted decision
OPEN = "Adopt the work plan"  # a members' decision
NOTE = "Wheelchair access to the hall"  # a member's support request (staff only)


@pytest.fixture
def readers(factory, two_forums):  # noqa: ANN001, ANN201
    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.members.models import Member

    a = two_forums["a"]
    people = {"member": two_forums["a_member"], "secretariat": two_forums["a_sec"],
              "observer": factory.member(a, "Oumar Observer", "observer"),
              "translator": factory.member(a, "Tina Translator", "member"),
              "co-chair": factory.member(a, "Kofi Cochair", "member"),
              "chair": factory.member(a, "Fatima Chair", "chair")}
    with factory.app.app_context(), tenant_context(a):
        db.session.get(Member, (a.id, people["translator"]["id"])).may_translate = True
        # times are shown in the reader's zone: the observer's differs from everyone else's
        db.session.get(Member, (a.id, people["observer"]["id"])).time_zone = "Asia/Tokyo"
        db.session.commit()
    return people


@pytest.fixture
def meeting(app, factory, two_forums, readers):  # noqa: ANN001, ANN201
    """A notified meeting inviting every reader (each has an answer to give), with a restricted and a members'
    decision, the member's support request, and Kofi co-chairing its committee."""
    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.meetings import queries
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Meeting
    from webapp.meetings.outcomes import services as outcomes
    from webapp.members import services as roll
    from webapp.members.models import Committee, Member

    a = two_forums["a"]
    m = factory.meeting(a, title="Budget hearing", member_ids=tuple(r["id"] for r in readers.values()),
                        days_ahead=5, notify=True)
    with app.app_context(), tenant_context(a):
        meeting = db.session.get(Meeting, (a.id, m["id"]))
        for text, level in ((SECRET, "restricted"), (OPEN, "members")):
            outcomes.save_decision(meeting, None, text=text, agenda_item_id=None, visibility=level,
                                   policy_outcome=None, review_on=date(2030, 1, 1), positions={})
        mine = queries.my_invitation(meeting.id, readers["member"]["id"])
        meetings.request_support(mine, "accessibility", NOTE)
        roll.set_seat(db.session.get(Committee, (a.id, m["committee_id"])),
                      db.session.get(Member, (a.id, readers["co-chair"]["id"])), "co_chair")
        db.session.commit()
    return m


def _page(client, auth, who: dict, path: str) -> str:  # noqa: ANN001
    """The page as ``who`` reads it, its CSRF tokens (one per sign-in) blanked."""
    auth.login(who["email"])
    r = client.get(path)
    auth.logout()
    assert r.status_code == 200, (who, r.status_code)
    return _blank(r.get_data(as_text=True))


def _blank(html: str) -> str:
    """The page without its CSRF tokens (signed with the time: two requests a second apart differ)."""
    return re.sub(r'("X-CSRFToken": "|name="csrf_token"[^>]*? value=")[^"]+', r"\1-", html)


def _stored(app) -> list[bytes]:  # noqa: ANN001
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        return list(cache.scan_iter("baraza:parts:*"))


def _flush(app) -> None:  # noqa: ANN001
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        for key in cache.scan_iter("baraza:parts:*"):
            cache.delete(key)


@pytest.mark.parametrize("name", ["member", "observer", "translator", "co-chair", "chair", "secretariat"])
def test_a_page_from_parts_reads_as_the_page_rendered_whole(app, client, auth, readers, meeting, name):  # noqa: ANN001
    path = f"/t/forum-a/meetings/{meeting['id']}"
    _flush(app)
    whole = _page(client, auth, readers[name], path)
    stored = _stored(app)
    if name == "secretariat":  # the secretariat's parts carry forms: never shared
        assert stored == []
        return
    assert len(stored) == 1
    assembled = _page(client, auth, readers[name], path)
    assert assembled == whole
    assert (SECRET in assembled) == (name == "chair")
    assert OPEN in assembled


@pytest.mark.parametrize("first", ["member", "observer", "translator", "co-chair", "chair", "secretariat"])
def test_no_part_reaches_a_reader_who_may_not_see_it(app, client, auth, readers, meeting, first):  # noqa: ANN001
    """Whoever fills the cache first, every other reader sees exactly what they see with nothing cached."""
    path = f"/t/forum-a/meetings/{meeting['id']}"
    alone = {}
    for name, who in readers.items():
        _flush(app)
        alone[name] = _page(client, auth, who, path)
    _flush(app)
    _page(client, auth, readers[first], path)
    for name, who in readers.items():
        page = _page(client, auth, who, path)
        assert page == alone[name], f"{name} after {first}"
    # what the rule keeps from members: the restricted decision, the support request, one reader's own answer
    for name in ("member", "observer", "translator", "co-chair"):
        assert SECRET not in alone[name] and NOTE not in alone[name] or name == "member"
    assert NOTE in alone["chair"] and NOTE in alone["secretariat"] and SECRET in alone["chair"]
    assert "Support requested" in alone["member"] and "Support requested" not in alone["observer"]
    assert "Translate" in alone["translator"] and "Translate</a>" not in alone["observer"]
    assert "JST" in alone["observer"] and "JST" not in alone["member"]  # each reader's own zone


def test_a_change_makes_new_parts(app, client, auth, readers, meeting, two_forums):  # noqa: ANN001
    from tenants.rls import tenant_context
    from webapp.extensions import db
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Meeting

    path = f"/t/forum-a/meetings/{meeting['id']}"
    assert "Any other business" not in _page(client, auth, readers["member"], path)
    assert "Any other business" not in _page(client, auth, readers["member"], path)  # from the parts
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (two_forums["a"].id, meeting["id"]))
        meetings.save_agenda_item(m, None, title="Any other business", presenter=None, minutes=5, kind="discussion")
        db.session.commit()
    assert "Any other business" in _page(client, auth, readers["member"], path)


def test_a_page_from_parts_reads_fewer_statements(app, client, auth, factory, two_forums):  # noqa: ANN001
    """The held plenary of the statement budget (2 and 60 invitees, items and decisions): the page from parts
    reads the meeting's frame instead of its head, decisions and invitees, the same count whatever the size."""
    viewers = (two_forums["a_sec"]["id"], two_forums["a_member"]["id"])
    counts = {}
    for name, n in (("small", 2), ("big", 60)):
        m = _held_plenary(app, factory, two_forums["a"], name.title(), n, viewers)
        path = f"/t/forum-a/meetings/{m['id']}"
        auth.login(two_forums["a_member"]["email"])
        client.get("/t/forum-a/")  # the session's first page may differ
        _flush(app)
        with count_queries(app) as cold:
            whole = _blank(client.get(path).get_data(as_text=True))
        with count_queries(app) as warm:
            assembled = _blank(client.get(path).get_data(as_text=True))
        auth.logout()
        assert assembled == whole and f"{name.title()} decision 1" in assembled
        counts[name] = (cold["n"], warm["n"])
    print("statements (cold, from parts):", counts)
    assert counts["small"] == counts["big"]
    cold, warm = counts["big"]
    assert warm < cold <= 8


@pytest.mark.parametrize("name", ["member", "co-chair"])
def test_the_frame_reads_the_readers_seat_on_the_committee(app, client, auth, readers, meeting, name):  # noqa: ANN001
    """Issue 43: the page from parts reads the reader's seat on the meeting's committee with its frame (the chairs'
    rights need it), not in a statement of its own: the co-chair still keeps the attendance sheet, a seated member
    does not, and no request asks the committee seat alone."""
    from sqlalchemy import event

    path = f"/t/forum-a/meetings/{meeting['id']}"
    _flush(app)
    whole = _page(client, auth, readers[name], path)
    sent: list[str] = []

    def capture(conn, cursor, statement, *args):  # noqa: ANN001, ANN002, ANN202
        sent.append(statement)

    with app.app_context():
        engine = __import__("webapp.extensions", fromlist=["db"]).db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        assembled = _page(client, auth, readers[name], path)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert assembled == whole
    assert (f"/meetings/{meeting['id']}/attendance" in assembled) == (name == "co-chair")
    assert not [s for s in sent if s.startswith("SELECT committee_members.role")]


def test_a_part_carrying_a_csrf_token_is_never_kept(app):  # noqa: ANN001
    from webapp.core.parts import Parts

    with app.app_context():
        parts = Parts("baraza:parts:test")
        parts.show("form", lambda: '<input name="csrf_token" type="hidden" value="secret">')
        parts.store()
        clean = Parts("baraza:parts:clean")
        clean.show("agenda", lambda: "<ol><li>Opening</li></ol>")
        clean.store()
    assert _stored(app) == [b"baraza:parts:clean"]
