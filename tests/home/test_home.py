"""The forum home is mine: my next meetings with my answer (one tap), what waits for me, the latest outcomes, and
the secretariat's to-dos; a fixed number of SQL statements whatever the number of rows; stable between visits."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.actions import services as actions
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting, Minutes
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll
from webapp.members.models import Committee, Member

HOME = "/t/forum-a/"


def section(html: str, name: str) -> str:
    m = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    assert m, f"no section {name}"
    return m.group(0)


def post(client, auth, url, headers=None, **data):
    return client.post(url, data={"csrf_token": auth.csrf(HOME), **data}, headers=headers or {})


def minutes_for(app, tenant, meeting_id, status="circulated", visibility="members"):
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        outcomes.save_minutes(m, "We met and agreed.", False, visibility)
        outcomes.minutes_of(m).status = status
        db.session.commit()


def set_meeting(app, tenant, meeting_id, **values):
    with app.app_context(), tenant_context(tenant):
        m = db.session.get(Meeting, (tenant.id, meeting_id))
        for k, v in values.items():
            setattr(m, k, v)
        db.session.commit()


def seat(app, tenant, committee_id, member_id, role):
    with app.app_context(), tenant_context(tenant):
        roll.set_seat(db.session.get(Committee, (tenant.id, committee_id)),
                      db.session.get(Member, (tenant.id, member_id)), role)
        db.session.commit()


@pytest.fixture
def forum(app, factory, two_forums):
    return build_forum(app, factory, two_forums)


def build_forum(app, factory, two_forums):
    """Meetings (mine, another's, a draft, past ones with minutes, published outcomes), a support request, actions."""
    a, me = two_forums["a"], two_forums["a_member"]
    other = factory.member(a, "Oti Other", "member")
    chair = factory.member(a, "Chioma Committee Chair", "member")
    soon = factory.meeting(a, "Budget hearing", member_ids=(me["id"], chair["id"]), notify=True, days_ahead=3)
    later = factory.meeting(a, "Mining code review", member_ids=(me["id"],), notify=True, days_ahead=9)
    factory.meeting(a, "Not my meeting", member_ids=(other["id"],), notify=True, days_ahead=4)
    factory.meeting(a, "Draft to announce", member_ids=(me["id"],), days_ahead=6)
    past = factory.meeting(a, "Last plenary", member_ids=(me["id"], chair["id"]), notify=True, days_ahead=-5)
    seat(app, a, past["committee_id"], chair["id"], "chair")
    minutes_for(app, a, past["id"], "circulated")
    pending = factory.meeting(a, "Minutes pending", member_ids=(me["id"],), notify=True, days_ahead=-8)
    minutes_for(app, a, pending["id"], "draft")
    published = factory.meeting(a, "Outcome for members", notify=True, days_ahead=-20)
    set_meeting(app, a, published["id"], status="outcomes_published", outcomes_published_at=datetime.now(UTC))
    secret = factory.meeting(a, "Restricted outcome", notify=True, days_ahead=-25, visibility="restricted")
    set_meeting(app, a, secret["id"], status="outcomes_published", outcomes_published_at=datetime.now(UTC))
    with app.app_context(), tenant_context(a):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == later["id"]))
        inv.support, inv.support_status = "travel", "requested"
        plan = actions.save_plan(None, title="Work plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        hidden = actions.save_plan(None, title="Quiet plan", description=None, period_start=None, period_end=None,
                                   visibility="restricted")
        today = date.today()
        for title, owner, due, status, p in (
                ("Mine due soon", me, today + timedelta(days=3), "planned", plan),
                ("Mine overdue", me, today - timedelta(days=2), "in_progress", plan),
                ("Mine far off", me, today + timedelta(days=90), "planned", plan),
                ("Mine already done", me, today - timedelta(days=1), "done", plan),
                ("Somebody else's task", other, today + timedelta(days=1), "planned", plan),
                ("Restricted task of another", other, today - timedelta(days=1), "planned", hidden)):
            actions.save_item(p, None, {"title": title, "owner_member_id": owner["id"], "due_on": due,
                                        "status": status})
        db.session.commit()
    return {"me": me, "other": other, "chair": chair, "soon": soon, "later": later, "past": past,
            "pending": pending, "published": published, "secret": secret}


def test_member_sees_next_meetings_waiting_items_and_outcomes(client, auth, forum):
    auth.login(forum["me"]["email"])
    html = client.get(HOME).get_data(as_text=True)
    nxt = section(html, "next-meetings")
    assert nxt.index("Budget hearing") < nxt.index("Mining code review")  # soonest first
    assert "Not my meeting" not in nxt and "Draft to announce" not in html
    assert nxt.count("No answer yet") == 2
    assert f'action="/t/forum-a/meetings/{forum["soon"]["id"]}/rsvp"' in nxt
    waiting = section(html, "waiting")
    assert "Not answered yet: Budget hearing" in waiting and "Not answered yet: Mining code review" in waiting
    assert "Mine due soon" in waiting and "Mine overdue" in waiting and "Overdue since" in waiting
    for absent in ("Mine far off", "Mine already done", "Somebody else", "Restricted task"):
        assert absent not in html
    assert "Minutes to approve" not in waiting  # a seated member, not the committee's chair
    assert 'href="/t/forum-a/actions/mine"' in html
    latest = section(html, "outcomes")
    assert "Outcome for members" in latest and "Restricted outcome" not in latest
    assert 'id="todos"' not in html  # the secretariat's to-dos are not a member's


def test_one_tap_answer_without_javascript_returns_home(client, auth, forum):
    auth.login(forum["me"]["email"])
    mid = forum["soon"]["id"]
    r = post(client, auth, f"/t/forum-a/meetings/{mid}/rsvp", answer="yes", back="home")
    assert r.status_code == 303
    assert r.headers["Location"].endswith(f"/t/forum-a/#my-meeting-{mid}")
    html = client.get(HOME).get_data(as_text=True)
    row = re.search(rf'<li id="my-meeting-{mid}">.*?</li>', html, re.S).group(0)
    assert "Coming" in row and "Thank you: your answer is recorded." in html
    assert "Not answered yet: Budget hearing" not in section(html, "waiting")


def test_one_tap_answer_with_htmx_returns_the_row(client, auth, forum):
    auth.login(forum["me"]["email"])
    mid = forum["soon"]["id"]
    r = post(client, auth, f"/t/forum-a/meetings/{mid}/rsvp", answer="no", back="home",
             headers={"HX-Request": "true", "HX-Target": f"my-meeting-{mid}"})
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert body.lstrip().startswith(f'<li id="my-meeting-{mid}">') and "<html" not in body
    assert "Not coming" in body and 'value="no" class="small" aria-pressed="true"' in body
    # out of band, the "not answered yet" line of this meeting goes
    assert f'<li id="unanswered-{mid}" hx-swap-oob="outerHTML" hidden></li>' in body
    assert "Not coming" in section(client.get(HOME).get_data(as_text=True), "next-meetings")


def test_the_meeting_page_answer_still_returns_to_the_meeting(client, auth, forum):
    auth.login(forum["me"]["email"])
    mid = forum["soon"]["id"]
    r = post(client, auth, f"/t/forum-a/meetings/{mid}/rsvp", answer="maybe")
    # to the meeting, its answer section open (issue 21: the page's sections)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/t/forum-a/meetings/{mid}?open=answer#my-answer")


def test_committee_chair_sees_minutes_to_approve_member_does_not(client, auth, forum, two_forums):
    auth.login(forum["chair"]["email"])
    waiting = section(client.get(HOME).get_data(as_text=True), "waiting")
    assert "Minutes to approve: Last plenary" in waiting
    assert f'/t/forum-a/meetings/{forum["past"]["id"]}?open=minutes#minutes' in waiting
    assert "Minutes pending" not in waiting  # still a draft: nothing to approve yet
    auth.logout()
    auth.login(forum["me"]["email"])
    assert "Minutes to approve" not in client.get(HOME).get_data(as_text=True)


def test_two_members_of_one_shape_read_their_own_rows_from_the_statement_built_once(client, auth, forum,
                                                                                      two_forums, factory):
    """Issue 43: the home's statement is built once per shape (level, role, stand-in, outcomes) and shared by every
    member of that shape: each visit binds its own member and forum, whoever came first (me, other, me, then a
    member of forum B with a meeting of their own)."""
    b = two_forums["b"]
    b_member = factory.member(b, "Bola Bee", "member")
    factory.meeting(b, "Forum B hearing", member_ids=(b_member["id"],), notify=True, days_ahead=2)
    seen = []
    for who, home in ((forum["me"], HOME), (forum["other"], HOME), (forum["me"], HOME), (b_member, "/t/forum-b/")):
        auth.login(who["email"])
        seen.append(section(client.get(home).get_data(as_text=True), "next-meetings"))
        auth.logout()
    for i in (0, 2):
        assert "Budget hearing" in seen[i] and "Not my meeting" not in seen[i] and "Forum B hearing" not in seen[i]
    assert "Not my meeting" in seen[1] and "Budget hearing" not in seen[1]
    assert "Forum B hearing" in seen[3] and "Budget hearing" not in seen[3] and "Not my meeting" not in seen[3]


def test_staff_see_their_to_dos(client, auth, forum, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    html = client.get(HOME).get_data(as_text=True)
    todos = section(html, "todos")
    assert "To announce: Draft to announce" in todos
    assert "Minutes to circulate: Minutes pending" in todos and "Last plenary" not in todos
    assert "1 support request: Mining code review" in todos
    assert "2 action items overdue" in todos  # every overdue open item, whoever owns it; not the done one
    assert "Restricted outcome" in section(html, "outcomes")  # the secretariat sees restricted outcomes


def test_home_is_the_same_on_two_visits(client, auth, forum, two_forums):
    for who in (forum["me"], two_forums["a_sec"]):
        auth.login(who["email"])
        strip = lambda s: re.sub(r"[\w.-]{40,}", "", s)  # noqa: E731 - CSRF tokens (fields and hx-headers) are signed with a time
        first, second = client.get(HOME).get_data(as_text=True), client.get(HOME).get_data(as_text=True)
        assert strip(first) == strip(second)
        auth.logout()


def test_answering_another_forums_meeting_from_home_is_a_404(client, auth, forum, two_forums):
    auth.login(two_forums["b_sec"]["email"])
    r = client.post(f"/t/forum-b/meetings/{forum['soon']['id']}/rsvp",
                    data={"csrf_token": auth.csrf("/t/forum-b/"), "answer": "yes", "back": "home"})
    assert r.status_code == 404


def _add_rows(app, tenant, member_id, n):
    """n of everything the home lists: invitations, outcomes, drafts, minutes, support requests, my actions."""
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context(), tenant_context(tenant):
        committee = roll.save_committee(None, name=f"Bulk committee {n}", kind="plenary", level="national")
        plan = actions.save_plan(None, title=f"Bulk plan {n}", description=None, period_start=None,
                                 period_end=None, visibility="members")
        for i in range(n):
            for status, days in (("notified", 2 + i % 20), ("draft", 3 + i % 20), ("outcomes_published", -30 - i),
                                 ("held", -40 - i)):
                start = now + timedelta(days=days, minutes=i)
                m = Meeting(committee_id=committee.id, title=f"Bulk {status} {n}-{i}", start_at=start,
                            end_at=start + timedelta(hours=2), visibility="members", status=status)
                db.session.add(m)
                db.session.flush()
                if status == "notified":
                    db.session.add(Invitation(meeting_id=m.id, member_id=member_id, support="travel",
                                              support_status="requested"))
                if status == "held":
                    db.session.add(Minutes(meeting_id=m.id, body_md="x", body_html="x", status="circulated"))
            actions.save_item(plan, None, {"title": f"Bulk task {n}-{i}", "owner_member_id": member_id,
                                           "due_on": date.today() + timedelta(days=i % 5 - 2)})
        db.session.commit()


@pytest.mark.parametrize("role", ["member", "chair", "secretariat"])
def test_home_statements_do_not_grow_with_rows(app, client, auth, factory, two_forums, role):
    me = factory.member(two_forums["a"], f"Counted {role}", role)
    auth.login(me["email"])
    _add_rows(app, two_forums["a"], me["id"], 2)
    with count_queries(app) as few:
        assert client.get(HOME).status_code == 200
    _add_rows(app, two_forums["a"], me["id"], 200)
    with count_queries(app) as many:
        html = client.get(HOME)
        assert html.status_code == 200
    assert many["n"] == few["n"] <= (8 if role != "member" else 7)


def test_waiting_lists_my_seats_organisation_actions_overdue_first(app, client, auth, factory, two_forums):
    """Due actions are read with the rest of the home in one statement (issue 43): an action owned by the
    organisation I hold a seat for is mine too, not an observer's of the same organisation; overdue ones first."""
    a = two_forums["a"]
    seated, observer = two_forums["a_member"], factory.member(a, "Obi Observer", "observer")
    today = date.today()
    with app.app_context(), tenant_context(a):
        org = roll.save_organisation(None, name="Galamsey Miners Union", acronym="GMU", constituency="asm_miners",
                                     country="GH")
        for person in (seated, observer):
            roll.update_member(db.session.get(Member, (a.id, person["id"])), {"organisation_id": org.id})
        plan = actions.save_plan(None, title="Work plan", description=None, period_start=None, period_end=None,
                                 visibility="members")
        for title, due, owner in (("Union survey due", today + timedelta(days=4), {"owner_organisation_id": org.id}),
                                  ("Union report overdue", today - timedelta(days=3),
                                   {"owner_organisation_id": org.id}),
                                  ("My own overdue", today - timedelta(days=1), {"owner_member_id": seated["id"]})):
            actions.save_item(plan, None, {"title": title, "due_on": due, "status": "planned", **owner})
        db.session.commit()
    auth.login(seated["email"])
    waiting = section(client.get(HOME).get_data(as_text=True), "waiting")
    assert waiting.index("Union report overdue") < waiting.index("My own overdue") < waiting.index("Union survey")
    assert waiting.count("Overdue since") == 2
    auth.login(observer["email"])
    waiting = section(client.get(HOME).get_data(as_text=True), "waiting")
    assert "Union" not in waiting and "My own overdue" not in waiting


def test_the_home_statement_is_short_enough_for_psycopgs_cache_of_converted_statements(app):
    """Longer than psycopg's default 4,096 characters, the home's UNION ALL was converted again on every request
    (issue 43): the limit is raised for every shape of it (webapp/extensions.py)."""
    import psycopg._queries
    from sqlalchemy.dialects import postgresql

    from webapp.home.queries import _mine_statement

    compiled = [_mine_statement(level, role, alt, seated, outcomes, 5).compile(dialect=postgresql.psycopg.dialect())
                for level, role in (("members", "member"), ("restricted", "secretariat"), ("restricted", "chair"))
                for alt in (False, True) for seated in (False, True) for outcomes in (False, True)]
    longest, most = max(len(str(c)) for c in compiled), max(len(c.params) for c in compiled)
    assert longest > 4096 and most > 50  # what made the defaults too small
    assert longest <= psycopg._queries.MAX_CACHED_STATEMENT_LENGTH
    assert most <= psycopg._queries.MAX_CACHED_STATEMENT_PARAMS
