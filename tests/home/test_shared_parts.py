"""Issue 43 (Speed II): the forum home and My actions from parts shared between readers (webapp/core/parts.py).

The forum home's latest outcomes are one part per visibility class; My actions' card heads one part per item, shared
by the item's owners (the named owner, the members seated for the owning organisation). Over the reader matrix (a
member, an observer, an item's owner, two seats of the owning organisation, a committee's co-chair, a member who
translates, the chair, the secretariat, a member whose term ended): whoever fills the cache first, every reader reads
exactly the page they read with nothing cached — no restricted outcome reaches a member, no item another reader's
list, no reader's form (and its CSRF token) another reader.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import redis

from tests.conftest import count_queries

SECRET = "Closed-door budget review"  # a restricted meeting's outcomes: staff only
OPEN = "Open plenary on mining"  # a members' meeting's outcomes
MINE = "Train 40 paralegals"  # owned by Owen
THEIRS = "Open two legal clinics"  # owned by the organisation (Sena and Seth hold its seats)
READERS = ("member", "observer", "owner", "seated", "seated-2", "co-chair", "translator", "chair", "secretariat",
           "ended")
HOME, MINE_PAGE = "/t/forum-a/", "/t/forum-a/actions/mine"


@pytest.fixture
def readers(app, factory, two_forums):  # noqa: ANN001, ANN201
    from tenants.rls import tenant_context
    from webapp.actions import services as actions
    from webapp.extensions import db
    from webapp.meetings.models import Meeting
    from webapp.members import services as roll
    from webapp.members.models import Committee, Member

    a = two_forums["a"]
    people = {"member": two_forums["a_member"], "secretariat": two_forums["a_sec"],
              "observer": factory.member(a, "Oumar Observer", "observer"),
              "owner": factory.member(a, "Owen Owner", "member"),
              "seated": factory.member(a, "Sena Seated", "member"),
              "seated-2": factory.member(a, "Seth Seated", "member"),
              "co-chair": factory.member(a, "Kofi Cochair", "member"),
              "translator": factory.member(a, "Tina Translator", "member"),
              "chair": factory.member(a, "Fatima Chair", "chair"),
              "ended": factory.member(a, "Ezra Ended", "member")}
    done = {title: factory.meeting(a, title=title, days_ahead=-3, visibility=level)
            for title, level in ((SECRET, "restricted"), (OPEN, "members"))}
    with app.app_context(), tenant_context(a):
        def member(name: str) -> Member:
            return db.session.get(Member, (a.id, people[name]["id"]))

        for m in done.values():
            meeting = db.session.get(Meeting, (a.id, m["id"]))
            meeting.status, meeting.outcomes_published_at = "outcomes_published", datetime.now(UTC)
        roll.set_seat(db.session.get(Committee, (a.id, done[OPEN]["committee_id"])), member("co-chair"), "co_chair")
        member("translator").may_translate = True
        member("observer").time_zone = "Asia/Tokyo"  # times in the reader's zone: the observer's differs
        member("ended").term_end = date(2020, 1, 1)
        org = roll.save_organisation(None, name="Legal Aid Network", acronym="LAN", constituency="asm_miners",
                                     country="GH")
        for name in ("seated", "seated-2"):
            roll.update_member(member(name), {"organisation_id": org.id})
        plan = actions.save_plan(None, title="Access to justice", description=None, period_start=None,
                                 period_end=None, visibility="members")
        for title, owner in ((MINE, {"owner_member_id": people["owner"]["id"]}),
                             (THEIRS, {"owner_organisation_id": org.id})):
            actions.save_item(plan, None, {"title": title, "visibility": "members", "due_on": date(2027, 1, 1),
                                           "indicator": "People trained", "baseline": 0, "target": 40, **owner})
        db.session.commit()
    return people


def _page(client, auth, who: dict, path: str) -> tuple[int, str]:  # noqa: ANN001
    """The page as ``who`` reads it, its CSRF tokens (one per sign-in) blanked."""
    auth.login(who["email"])
    r = client.get(path)
    auth.logout()
    if r.status_code != 200:  # the error page (the ended term's) carries the request's own ids
        return r.status_code, ""
    html = re.sub(r'("X-CSRFToken": "|name="csrf_token"[^>]*? value=")[^"]+', r"\1-", r.get_data(as_text=True))
    return r.status_code, html


def _stored(app) -> list[bytes]:  # noqa: ANN001
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        return sorted(cache.scan_iter("baraza:parts:*"))


def _flush(app) -> None:  # noqa: ANN001
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        for key in cache.scan_iter("baraza:parts:*"):
            cache.delete(key)


@pytest.mark.parametrize("path", [HOME, MINE_PAGE])
@pytest.mark.parametrize("first", READERS)
def test_no_part_reaches_a_reader_who_may_not_see_it(app, client, auth, readers, path, first):  # noqa: ANN001
    """Whoever fills the cache first, every reader reads exactly the page they read with nothing cached."""
    alone = {}
    for name in READERS:
        _flush(app)
        alone[name] = _page(client, auth, readers[name], path)
    _flush(app)
    _page(client, auth, readers[first], path)
    for name in READERS:
        assert _page(client, auth, readers[name], path) == alone[name], f"{name} after {first}"
    # what the rule keeps apart: the restricted outcomes, another owner's item, the ended term's page
    assert alone["ended"][0] != 200
    pages = {name: html for name, (status, html) in alone.items() if status == 200}
    if path == HOME:
        assert all(OPEN in html for html in pages.values())
        assert {name for name, html in pages.items() if SECRET in html} == {"chair", "secretariat"}
    else:
        assert {name for name, html in pages.items() if MINE in html} == {"owner"}
        assert {name for name, html in pages.items() if THEIRS in html} == {"seated", "seated-2"}


@pytest.mark.parametrize("path", [HOME, MINE_PAGE])
def test_a_page_from_parts_reads_as_the_page_rendered_whole(app, client, auth, readers, path):  # noqa: ANN001
    _flush(app)
    who = readers["seated"] if path == MINE_PAGE else readers["member"]
    whole = _page(client, auth, who, path)
    assert len(_stored(app)) == 1  # the outcomes; the organisation's one item
    assert _page(client, auth, who, path) == whole
    assert _page(client, auth, readers["seated-2"], path)[1].count(THEIRS) == (path == MINE_PAGE)
    assert len(_stored(app)) == 1  # the second seat read the first one's part
    assert 'name="csrf_token"' not in b"".join(_stored_values(app)).decode()


def _stored_values(app) -> list[bytes]:  # noqa: ANN001
    with redis.Redis.from_url(app.config["CACHE_REDIS_URL"]) as cache:
        return [cache.get(key) for key in cache.scan_iter("baraza:parts:*")]


def test_each_language_has_its_own_parts(app, client, auth, readers):  # noqa: ANN001
    _flush(app)
    english = _page(client, auth, readers["seated"], MINE_PAGE)[1]
    french = _page(client, auth, readers["seated"], MINE_PAGE + "?lang=fr")[1]
    assert "Baseline" in english and "Baseline" not in french
    assert len(_stored(app)) == 2


def test_a_change_makes_new_parts(app, client, auth, readers, two_forums):  # noqa: ANN001
    from sqlalchemy import select

    from tenants.rls import tenant_context
    from webapp.actions import services as actions
    from webapp.actions.models import ActionItem
    from webapp.extensions import db
    from webapp.members.models import Member

    _flush(app)
    assert "Paralegals trained by June" not in _page(client, auth, readers["owner"], MINE_PAGE)[1]
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        item = db.session.scalar(select(ActionItem).where(ActionItem.title == MINE))
        actions.record_update(item, db.session.get(Member, (a.id, readers["owner"]["id"])), status="in_progress",
                              value=12, note=None)
        item.indicator = "Paralegals trained by June"
        db.session.commit()
    page = _page(client, auth, readers["owner"], MINE_PAGE)[1]
    assert "Paralegals trained by June" in page and "30%" in page


def test_pages_from_parts_read_no_more_statements(app, client, auth, readers):  # noqa: ANN001
    counts = {}
    for path in (HOME, MINE_PAGE):
        auth.login(readers["seated"]["email"])
        client.get("/t/forum-a/meetings/")  # the session's first page may differ
        _flush(app)
        with count_queries(app) as cold:
            client.get(path)
        with count_queries(app) as warm:
            client.get(path)
        auth.logout()
        counts[path] = (cold["n"], warm["n"])
    print("statements (cold, from parts):", counts)
    assert all(warm <= cold <= 8 for cold, warm in counts.values())
