"""Webinar series: sessions from a cadence, chairs from the rotation, chairs' answers by link."""
from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Committee
from webapp.webinars import services as webinars
from webapp.webinars.models import Session, WebinarSeries

ORGS = [("IOE", "employers"), ("ICMM", "employers"), ("ITUC", "workers"), ("IndustriALL", "workers"),
        ("Ministry of Mines", "government")]


def make_series(app, factory, tenant, *, cadence="weeks", start=date(2027, 1, 6), every=4, count=6, **extra):
    from tenants.models import Tenant

    contacts = [factory.member(tenant, f"Contact {chr(65 + i)}", "member") for i in range(len(ORGS))]
    with app.app_context():
        tenant = db.session.get(Tenant, tenant.id)  # as it is now (time zone included)
    with app.app_context(), tenant_context(tenant):
        committee = roll.save_committee(None, name="Webinar Steering Group", kind="working_group", level="national")
        orgs = [roll.save_organisation(None, name=n, acronym=None, constituency=c, country=None) for n, c in ORGS]
        series = webinars.create_series(
            {"title": "Good practices across minerals", "committee_id": committee.id, "cadence": cadence,
             "every_weeks": every, "nth": extra.get("nth", 1), "weekday": extra.get("weekday", 2), "start_on": start,
             "at": time(15, 0), "minutes": 90, "language": "en", "visibility": "public"},
            [(o.id, c["id"]) for o, c in zip(orgs, contacts, strict=True)])
        webinars.generate(series, count)
        db.session.commit()
        return {"series_id": series.id, "orgs": {o.id: o.constituency for o in orgs}, "contacts": contacts}


def chairs(app, tenant, series_id):
    with app.app_context(), tenant_context(tenant):
        series = db.session.get(WebinarSeries, (tenant.id, series_id))
        return [(s.chair_org_id, m) for s, m in webinars.sessions_of(series)]


def test_six_sessions_alternate_constituencies_and_chairs_are_told_once(app, factory, smtp, run_worker, queue_redis,
                                                                       two_forums):
    made = make_series(app, factory, two_forums["a"])
    got = chairs(app, two_forums["a"], made["series_id"])
    constituencies = [made["orgs"][c] for c, _m in got]
    assert len(got) == 6 and all(a != b for a, b in zip(constituencies, constituencies[1:], strict=False))
    assert len({c for c, _m in got[:5]}) == 5  # a full round: everyone once
    run_worker()
    assert len(smtp.messages) == 6  # one notice per session to the chair's contact
    assert all(m["Subject"].startswith("Will you chair a session of") for m in smtp.messages)


def test_sessions_keep_their_local_time_across_daylight_saving(app, factory, two_forums):
    with app.app_context():
        from tenants.models import Tenant

        db.session.get(Tenant, two_forums["a"].id).timezone = "Europe/Zurich"
        db.session.commit()
    made = make_series(app, factory, two_forums["a"], start=date(2027, 3, 10), every=1, count=4)
    got = chairs(app, two_forums["a"], made["series_id"])
    zurich = ZoneInfo("Europe/Zurich")
    local = [m.start_at.astimezone(zurich) for _c, m in got]
    assert [d.hour for d in local] == [15, 15, 15, 15]  # 28 March 2027: clocks go forward
    assert {m.start_at.utcoffset() for _c, m in got} == {m.start_at.utcoffset() for _c, m in got}
    assert got[1][1].start_at.hour != got[3][1].start_at.hour  # ... so the UTC hour changes


def test_monthly_on_the_nth_weekday(app, factory, two_forums):
    made = make_series(app, factory, two_forums["a"], cadence="monthly", start=date(2027, 1, 1), nth=-1, weekday=4,
                       count=3)
    days = [m.start_at.date() for _c, m in chairs(app, two_forums["a"], made["series_id"])]
    assert days == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]  # last Fridays


def test_decline_from_the_link_reassigns_and_notifies_the_next_once(app, client, auth, factory, smtp, run_worker,
                                                                   queue_redis, two_forums):
    made = make_series(app, factory, two_forums["a"], count=2)
    run_worker()
    first_chair = chairs(app, two_forums["a"], made["series_id"])[0][0]
    first_mail = next(m for m in smtp.messages
                      if re.search(r"/webinars/chair/", m.get_body(("plain",)).get_content()))
    links = [re.search(r"http://baraza\.test(/t/forum-a/webinars/chair/\S+)", m.get_body(("plain",)).get_content())
             .group(1) for m in smtp.messages]
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        series = db.session.get(WebinarSeries, (two_forums["a"].id, made["series_id"]))
        first_meeting = webinars.sessions_of(series)[0][1].id
    link = next(link for link in links if webinars_token_meeting(app, two_forums, link) == first_meeting)
    page = client.get(link)
    assert page.status_code == 200 and "is asked to chair" in page.get_data(as_text=True)
    assert chairs(app, two_forums["a"], made["series_id"])[0][0] == first_chair  # a GET changes nothing
    r = client.post(link, data={"csrf_token": auth.csrf(link), "answer": "decline"})
    assert r.status_code == 200 and "keeps its turn" in r.get_data(as_text=True)
    after = chairs(app, two_forums["a"], made["series_id"])
    assert after[0][0] != first_chair and after[1][0] == first_chair  # offered the next session
    run_worker()
    run_worker()
    assert len(smtp.messages) == 2  # the new chair of session 1, and the decliner for session 2: once each
    assert client.get(link).status_code == 404  # the link is spent
    assert first_mail is not None


def webinars_token_meeting(app, two_forums, link):
    token = link.rsplit("/", 1)[1]
    from webapp.core import signing

    with app.app_context():
        return signing.verify("webinar_chair", token, two_forums["a"].id).data["m"]


def test_series_pages_swap_cancel_and_pool(app, client, auth, factory, queue_redis, two_forums):
    made = make_series(app, factory, two_forums["a"], count=5)
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/webinars/{made['series_id']}"
    page = client.get(url).get_data(as_text=True)
    assert "Good practices across minerals" in page and 'id="fairness"' in page
    before = chairs(app, two_forums["a"], made["series_id"])
    token = auth.csrf(url)
    r = client.post(f"{url}/swap", data={"csrf_token": token, "a": before[0][1].id, "b": before[3][1].id})
    assert r.status_code == 303
    swapped = chairs(app, two_forums["a"], made["series_id"])
    assert swapped[0][0] == before[3][0] and swapped[3][0] == before[0][0]
    r = client.post(f"{url}/sessions/{before[1][1].id}/cancel", data={"csrf_token": token})
    assert r.status_code == 303
    after = chairs(app, two_forums["a"], made["series_id"])
    assert after[1][1].status == "cancelled"
    assert after[2][0] == before[1][0]  # the cancelled session's chair takes the next one
    removed = before[4][0]
    client.post(f"{url}/pool/{removed}/remove", data={"csrf_token": token})
    assert removed not in [c for c, _m in chairs(app, two_forums["a"], made["series_id"])[2:]]
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/swap", data={"csrf_token": auth.csrf("/t/forum-b/"), "a": 1, "b": 2}).status_code == 404


def test_public_series_sessions_are_in_the_public_calendar(app, client, factory, two_forums):
    made = make_series(app, factory, two_forums["a"], count=2)
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.meetings import services as meetings

        series = db.session.get(WebinarSeries, (two_forums["a"].id, made["series_id"]))
        for _s, m in webinars.sessions_of(series):
            meetings.send_notice(m)
        db.session.commit()
    feed = client.get("/t/forum-a/public/calendar.ics").get_data(as_text=True)
    assert feed.count("Good practices across minerals") == 2
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(Committee.name)) == "Webinar Steering Group"
        assert len(db.session.scalars(select(Session)).all()) == 2


def test_editing_a_series_moves_its_future_sessions_and_leaves_the_past(app, client, auth, factory, smtp, run_worker,
                                                                        queue_redis, two_forums):
    from datetime import UTC, datetime

    from webapp.meetings import services as meeting_services
    from webapp.meetings.models import Meeting

    made = make_series(app, factory, two_forums["a"], start=date.today() - timedelta(days=10), every=2, count=4)
    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        sessions = chairs(app, tenant, made["series_id"])
        past, noticed, renamed = sessions[0][1].id, sessions[1][1].id, sessions[3][1].id
        from webapp.members.models import Member

        meeting = db.session.get(Meeting, (tenant.id, noticed))
        meeting_services.add_invitee(meeting, db.session.get(Member, (tenant.id, two_forums["a_member"]["id"])))
        meeting_services.send_notice(meeting)
        hand = db.session.get(Meeting, (tenant.id, renamed))
        hand.title = "Mercury-free processing: a special session"  # edited on its own page
        db.session.commit()
    run_worker()
    smtp.messages.clear()
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/webinars/{made['series_id']}/edit"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<select[^>]*disabled[^>]*name="cadence"|<select[^>]*name="cadence"[^>]*disabled', page)
    form = {"csrf_token": auth.csrf(url), "title": "Lessons across minerals", "description": "Monthly exchange.",
            "topics": "Child labour due diligence", "coordinator_id": "", "at": "10:30", "minutes": "60",
            "language": "en", "visibility": "members"}
    r = client.post(url, data=form)
    assert r.status_code == 303, re.findall(r'field-error">([^<]+)', r.get_data(as_text=True))
    with app.app_context(), tenant_context(tenant):
        rows = {m.id: m for _s, m in webinars.sessions_of(db.session.get(WebinarSeries, (tenant.id, made["series_id"])))}
        tz = ZoneInfo(db.session.get(type(tenant), tenant.id).timezone)
        assert rows[past].title == "Good practices across minerals — 1" and rows[past].visibility == "public"
        assert rows[past].start_at.astimezone(tz).time() == time(15, 0)  # the past never changes
        moved = rows[noticed]
        assert moved.title == "Lessons across minerals — 2" and moved.visibility == "members"
        assert moved.start_at.astimezone(tz).time() == time(10, 30) and moved.start_at > datetime.now(UTC)
        assert (moved.end_at - moved.start_at).total_seconds() == 3600 and moved.sequence == 1
        assert rows[renamed].title == "Mercury-free processing: a special session"  # its own title is kept
        assert rows[renamed].start_at.astimezone(tz).time() == time(10, 30)
        assert rows[renamed].expected_outputs == "Child labour due diligence"
    run_worker()
    updates = [m for m in smtp.messages if m["To"].endswith(two_forums["a_member"]["email"] + ">")
               or m["To"] == two_forums["a_member"]["email"]]
    assert len(updates) == 1 and "Lessons across minerals — 2" in updates[0]["Subject"], \
        [(m["To"], m["Subject"]) for m in smtp.messages]
    from tests.meetings.test_meetings import calendar_of

    cal, event = calendar_of(updates[0])
    assert cal["METHOD"] == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == moved.start_at.astimezone(ZoneInfo("UTC"))
    # the rhythm is fixed once sessions exist: a crafted POST is refused with a message, nothing changes
    r = client.post(url, data={**form, "cadence": "monthly", "title": "Changed again"})
    assert r.status_code == 422 and "the rhythm of the series can no longer change" in r.get_data(as_text=True)
    with app.app_context(), tenant_context(tenant):
        assert db.session.get(WebinarSeries, (tenant.id, made["series_id"])).title == "Lessons across minerals"
    # only the secretariat edits; another forum's secretariat gets 404
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get(url).status_code == 404
    assert client.post(url, data={**form, "csrf_token": auth.csrf("/t/forum-b/")}).status_code == 404


def test_past_and_cancelled_sessions_never_swap_chairs(app, client, auth, factory, queue_redis, two_forums):
    made = make_series(app, factory, two_forums["a"], start=date.today() - timedelta(days=10), every=2, count=4)
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/webinars/{made['series_id']}"
    before = chairs(app, two_forums["a"], made["series_id"])
    past, future, later = before[0][1].id, before[1][1].id, before[2][1].id
    page = client.get(url).get_data(as_text=True)
    swap_form = page[page.index('name="a"'):page.index("</select>", page.index('name="a"'))]
    assert f'value="{past}"' not in swap_form and f'value="{future}"' in swap_form
    token = auth.csrf(url)
    r = client.post(f"{url}/swap", data={"csrf_token": token, "a": past, "b": future})
    assert r.status_code == 303
    assert "Only two future sessions that are not cancelled can swap chairs." in client.get(url).get_data(as_text=True)
    client.post(f"{url}/sessions/{later}/cancel", data={"csrf_token": token})
    client.post(f"{url}/swap", data={"csrf_token": token, "a": later, "b": future})
    after = chairs(app, two_forums["a"], made["series_id"])
    assert after[0][0] == before[0][0]  # the past session kept its chair
    assert after[2][1].status == "cancelled" and after[1][0] == before[1][0]


def test_interpretation_languages_of_a_series_reach_its_future_sessions(app, client, auth, factory, queue_redis,
                                                                        two_forums):
    made = make_series(app, factory, two_forums["a"], count=2)
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/webinars/{made['series_id']}/edit"
    assert 'name="interpretation_languages"' in client.get(url).get_data(as_text=True)
    form = {"csrf_token": auth.csrf(url), "title": "Good practices across minerals", "at": "15:00", "minutes": "90",
            "language": "en", "visibility": "public", "interpretation_languages": ["fr", "sw", "en"]}
    assert client.post(url, data=form).status_code == 303
    rows = chairs(app, two_forums["a"], made["series_id"])
    assert all(m.interpretation_languages == ["fr", "sw"] for _c, m in rows)  # never the meeting's own language
    bad = client.post(url, data={**form, "interpretation_languages": ["xx"]})
    assert bad.status_code == 422
    cleared = {k: v for k, v in form.items() if k != "interpretation_languages"}
    assert client.post(url, data=cleared).status_code == 303  # no box ticked: no interpretation
    assert all(m.interpretation_languages == [] for _c, m in chairs(app, two_forums["a"], made["series_id"]))


def test_public_page_shows_the_next_sessions_of_public_series_with_their_chairs(app, client, factory, two_forums):
    from tests.conftest import count_queries

    made = make_series(app, factory, two_forums["a"], count=5)
    factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)
    with count_queries(app) as few:
        html = client.get("/t/forum-a/public/?lang=en").get_data(as_text=True)
    section = html.split('id="webinars"')[1].split("</section>")[0]
    sessions = chairs(app, two_forums["a"], made["series_id"])
    shown = [int(i) for i in re.findall(r'id="webinar-session-(\d+)"', section)]
    assert "Good practices across minerals" in section and shown == [m.id for _c, m in sessions[:3]]
    first_chair = sessions[0][0]
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.members.models import Organisation

        name = db.session.get(Organisation, (two_forums["a"].id, first_chair)).name
    assert f"Chair: {name}" in section and "to be confirmed" in section
    with app.app_context(), tenant_context(two_forums["a"]):
        series = db.session.get(WebinarSeries, (two_forums["a"].id, made["series_id"]))
        webinars.cancel_session(series, webinars.sessions_of(series)[0][0])
        hidden = webinars.create_series(
            {"title": "Members-only clinic", "committee_id": series.committee_id, "cadence": "weeks",
             "every_weeks": 2, "nth": 1, "weekday": 1, "start_on": date(2027, 2, 2), "at": time(10, 0),
             "minutes": 60, "language": "en", "visibility": "members"}, [(first_chair, None)])
        webinars.generate(hidden, 4)
        db.session.commit()
    with count_queries(app) as more:
        html = client.get("/t/forum-a/public/?lang=en").get_data(as_text=True)
    assert "Members-only clinic" not in html and more["n"] == few["n"], (few, more)
    section = html.split('id="webinars"')[1].split("</section>")[0]
    shown = [int(i) for i in re.findall(r'id="webinar-session-(\d+)"', section)]
    assert shown == [m.id for _c, m in sessions[1:4]]  # the cancelled session gives way to the next


def test_fairness_tells_sessions_chaired_from_sessions_planned(app, client, auth, factory, two_forums):
    made = make_series(app, factory, two_forums["a"], start=date.today() - timedelta(days=10), every=2, count=4)
    with app.app_context(), tenant_context(two_forums["a"]):  # the first session, now past, had its chair
        series = db.session.get(WebinarSeries, (two_forums["a"].id, made["series_id"]))
        first = webinars.sessions_of(series)[0][0]
        first.chair_org_id, first.chair_status = next(iter(made["orgs"])), "accepted"
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    table = client.get(f"/t/forum-a/webinars/{made['series_id']}").get_data(as_text=True).split('id="fairness"')[1]
    table = table.split("</table>")[0]
    counts = [(int(c), int(p)) for c, p in re.findall(r"</td><td>(\d+)</td><td>(\d+)</td><td>\d+</td><td>\d+</td>",
                                                      table)]
    assert len(counts) == 5 and sum(c for c, _p in counts) == 1 and sum(p for _c, p in counts) == 3


def test_a_series_is_held_in_any_working_language_of_the_forum(app, client, auth, factory, queue_redis, two_forums):
    """As a meeting (issue 46): a forum that works in Twi holds its series in Twi; its sessions follow; a language the
    forum does not work in is refused under its field and changes nothing."""
    from tenants.models import Tenant

    made = make_series(app, factory, two_forums["a"], count=2)
    with app.app_context():
        forum = db.session.get(Tenant, two_forums["a"].id)
        forum.enabled_locales = [*(forum.enabled_locales or ["en"]), "tw"]
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/webinars/{made['series_id']}/edit"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<option[^>]*value="tw"', page)
    form = {"csrf_token": auth.csrf(url), "title": "Good practices across minerals", "at": "15:00", "minutes": "90",
            "language": "tw", "visibility": "public"}
    assert client.post(url, data=form).status_code == 303
    assert [m.language for _c, m in chairs(app, two_forums["a"], made["series_id"])] == ["tw", "tw"]
    refused = client.post(url, data={**form, "language": "dag"})  # Dagbani: not one of this forum's
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    assert [m.language for _c, m in chairs(app, two_forums["a"], made["series_id"])] == ["tw", "tw"]
