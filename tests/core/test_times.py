"""Times as people write them (issue 19): no seconds and a short zone ("15 Dec 2026, 10:00 GMT"), on pages and in
e-mails, in each person's own time zone (their account's, else the one the roll gives them, else the forum's)."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

MEETING = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)  # a Tuesday; 11:00 in Zurich (CET), 05:00 in Bogota
SUMMER = datetime(2026, 6, 16, 10, 0, tzinfo=UTC)


def _zone(app, name):
    from webapp.core.zones import zone_named

    with app.app_context():
        return zone_named(name)


@pytest.mark.parametrize(("zone", "locale", "moment", "expected"), [
    ("Africa/Accra", "en", MEETING, "15 Dec 2026, 10:00 GMT"),
    ("Africa/Accra", "fr", MEETING, "15 déc. 2026, 10:00 GMT"),
    ("Africa/Accra", "sw", MEETING, "15 Des 2026 10:00 GMT"),
    ("Africa/Lubumbashi", "fr", MEETING, "15 déc. 2026, 12:00 CAT"),
    ("Africa/Lusaka", "en", MEETING, "15 Dec 2026, 12:00 CAT"),
    ("Europe/Zurich", "en", MEETING, "15 Dec 2026, 11:00 CET"),
    ("Europe/Zurich", "es", SUMMER, "16 jun 2026, 12:00 CEST"),
    ("America/Bogota", "en", MEETING, "15 Dec 2026, 05:00 GMT-5"),
    ("America/Bogota", "fr", MEETING, "15 déc. 2026, 05:00 UTC-5"),
    ("Asia/Kathmandu", "en", MEETING, "15 Dec 2026, 15:45 GMT+5:45"),
    ("UTC", "ha", MEETING, "15 Dis, 2026, 10:00 UTC"),
])
def test_date_and_time_without_seconds_and_with_a_short_zone(app, zone, locale, moment, expected):
    from webapp.core.dates import format_datetime

    assert format_datetime(moment, "medium", tz=_zone(app, zone), locale=locale) == expected


def test_the_other_widths_and_dates(app):
    from webapp.core.dates import format_date, format_datetime, format_time

    accra = _zone(app, "Africa/Accra")
    assert format_datetime(MEETING, "full", tz=accra, locale="en") == "Tuesday, 15 December 2026, 10:00 GMT"
    assert format_datetime(MEETING, "full", tz=accra, locale="fr") == "mardi 15 décembre 2026, 10:00 GMT"
    assert format_datetime(MEETING, "long", tz=accra, locale="en") == "15 December 2026, 10:00 GMT"
    assert format_time(MEETING, "short", tz=_zone(app, "Europe/Zurich"), locale="en") == "11:00"
    assert format_date(date(2026, 12, 15), "medium", locale="en") == "15 Dec 2026"
    # a moment's date is the date where the reader is: 01:00 UTC on the 16th is still the 15th in Bogota
    late = datetime(2026, 12, 16, 1, 0, tzinfo=UTC)
    assert format_date(late, "medium", tz=_zone(app, "America/Bogota"), locale="en") == "15 Dec 2026"
    assert format_datetime(MEETING, "zzzz", tz=accra, locale="en") == "Greenwich Mean Time"  # patterns pass through


def _forum_with_meeting(factory, timezone="Africa/Accra"):
    forum = factory.forum("forum-t", "Forum T", timezone=timezone)
    sec = factory.member(forum, "Sec T", "secretariat")
    member = factory.member(forum, "Member T", "member")
    meeting = factory.meeting(forum, member_ids=(member["id"], sec["id"]), start_at=MEETING,
                              end_at=MEETING.replace(hour=13))
    return forum, sec, member, meeting


def _set_member(app, forum, member_id, **values):
    with app.app_context(), tenant_context(forum):
        roll.update_member(db.session.get(Member, (forum.id, member_id)), values)
        db.session.commit()


def _notify(app, forum, meeting_id):
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Meeting

    with app.app_context(), tenant_context(forum):
        meetings.send_notice(db.session.get(Meeting, (forum.id, meeting_id)))
        db.session.commit()


def _visible(client, url):
    """The page's text, without tags (a <time datetime="…T10:00:00+00:00"> keeps the exact moment for machines)."""
    return re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True))


def _body(smtp, email):
    [msg] = smtp.to(email)
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()


def test_meeting_page_and_email_show_the_time_without_seconds(app, client, auth, factory, smtp, run_worker,
                                                              queue_redis):
    forum, sec, member, meeting = _forum_with_meeting(factory)
    _set_member(app, forum, member["id"], locale="fr")
    auth.login(sec["email"])
    page = _visible(client, f"/t/forum-t/meetings/{meeting['id']}?lang=en")
    assert "Tuesday, 15 December 2026, 10:00 – 13:00 GMT" in page and "10:00:00" not in page and " AM" not in page
    page = _visible(client, f"/t/forum-t/meetings/{meeting['id']}?lang=fr")
    assert "mardi 15 décembre 2026, 10:00 – 13:00 GMT" in page and "10:00:00" not in page
    assert "Africa/Accra" not in page
    _notify(app, forum, meeting["id"])
    run_worker()
    text, html = _body(smtp, member["email"])  # in French, the member's language for notices
    for body in (text, html):
        assert "mardi 15 décembre 2026, 10:00 – 13:00 GMT" in body and ":00:00" not in body
        assert "GMT (Heure locale : Accra)" in body and "Africa/Accra" not in body  # a city, in French (issue 33)
    text, html = _body(smtp, sec["email"])  # in English
    assert "Tuesday, 15 December 2026, 10:00 – 13:00 GMT" in text and "Greenwich Mean Time" not in text
    assert re.search(r"\d{1,2}:\d{2} GMT", text.split("Sent by")[-1])  # when it was sent, the same way


def test_each_person_sees_the_meeting_in_their_own_time_zone(app, client, auth, factory, smtp, run_worker,
                                                             queue_redis):
    forum, sec, member, meeting = _forum_with_meeting(factory, "Europe/Zurich")
    offline = factory.member(forum, "Lusaka Member", "member", account=False)
    from webapp.meetings import services as meetings
    from webapp.meetings.models import Meeting

    with app.app_context(), tenant_context(forum):
        m = db.session.get(Meeting, (forum.id, meeting["id"]))
        meetings.add_invitee(m, db.session.get(Member, (forum.id, offline["id"])))
        db.session.commit()
    # the member chooses Bogota in their account; the secretariat puts the member without an account in Lusaka
    auth.login(member["email"])
    r = client.post("/account", data={"csrf_token": auth.csrf("/account"), "name": "Member T", "locale": "en",
                                      "time_zone": "America/Bogota"})
    assert r.status_code == 303
    auth.logout()
    auth.login(sec["email"])
    url = f"/t/forum-t/members/{offline['id']}/edit"
    form = client.get(url).get_data(as_text=True)
    assert "The forum&#39;s time zone (Europe/Zurich)" in form or "The forum's time zone (Europe/Zurich)" in form
    r = client.post(url, data={"csrf_token": auth.csrf(url), "name": "Lusaka Member", "email": "lusaka@example.org",
                               "role": "member", "gender": "undisclosed", "active": "y", "time_zone": "Africa/Lusaka"})
    assert r.status_code == 303
    _notify(app, forum, meeting["id"])
    # the secretariat has chosen no zone: the forum's
    page = _visible(client, f"/t/forum-t/meetings/{meeting['id']}")
    assert "Tuesday, 15 December 2026, 11:00 – 14:00 CET" in page
    auth.logout()
    auth.login(member["email"])
    page = _visible(client, f"/t/forum-t/meetings/{meeting['id']}")
    assert "Tuesday, 15 December 2026, 05:00 – 08:00 GMT-5" in page and "11:00 CET" not in page
    run_worker()
    assert "Tuesday, 15 December 2026, 05:00 – 08:00 GMT-5 (Time in Bogotá)" in _body(smtp, member["email"])[0]
    text = _body(smtp, "lusaka@example.org")[0]
    assert "Tuesday, 15 December 2026, 12:00 – 15:00 CAT (Time in Lusaka)" in text
    # the page their RSVP link opens (no sign-in) shows their time too
    auth.logout()
    link = re.search(r"http://baraza\.test(/t/forum-t/meetings/rsvp/[^?\s]+)", text).group(1)
    rsvp_page = _visible(client, link)
    assert "Tuesday, 15 December 2026, 12:00 – 15:00 CAT" in rsvp_page
    assert "Time in Lusaka" in rsvp_page and "Africa/Lusaka" not in rsvp_page  # a city, not the zone's raw name
    assert "Tuesday, 15 December 2026, 11:00 – 14:00 CET (Time in Zurich)" in _body(smtp, sec["email"])[0]


def test_the_time_zone_is_chosen_from_the_list(app, client, auth, factory):
    forum, sec, member, _meeting = _forum_with_meeting(factory, "Europe/Zurich")
    auth.login(sec["email"])
    page = client.get("/account").get_data(as_text=True)
    assert "America/Bogota" in page and "Etc/GMT+5" not in page
    r = client.post("/account", data={"csrf_token": auth.csrf("/account"), "name": "Sec T", "locale": "en",
                                      "time_zone": "Mars/Olympus_Mons"})
    assert r.status_code == 422 and "Please choose a time zone from the list." in r.get_data(as_text=True)
    r = client.post("/account?lang=fr", data={"csrf_token": auth.csrf("/account"), "name": "Sec T", "locale": "fr",
                                              "time_zone": "Mars/Olympus_Mons"})
    assert r.status_code == 422 and "Sec T" in r.get_data(as_text=True)
    url = f"/t/forum-t/members/{member['id']}/edit"
    options = re.findall(r'<option[^>]*value="([^"]*)"', client.get(url).get_data(as_text=True).split(
        'name="time_zone"')[1].split("</select>")[0])
    assert options[:2] == ["", "Europe/Zurich"]  # the forum's first
    r = client.post(url, data={"csrf_token": auth.csrf(url), "name": "Member T", "role": "member",
                               "gender": "undisclosed", "active": "y", "time_zone": "Europe/Geneva"})
    assert r.status_code == 422 and "Please choose a time zone from the list." in r.get_data(as_text=True)
    with app.app_context(), tenant_context(forum):
        assert db.session.scalar(select(Member.time_zone).where(Member.id == member["id"])) is None
    r = client.post("/account", data={"csrf_token": auth.csrf("/account"), "name": "Sec T", "locale": "en",
                                      "time_zone": ""})  # back to the forum's
    assert r.status_code == 303


def test_zones_are_short_and_named_by_their_city(app, client, auth, factory):
    """Issue 33: "Greenwich Mean Time" on a second line of the public page, "Africa/Accra" on the meeting form."""
    forum, sec, member, meeting = _forum_with_meeting(factory)
    with app.app_context(), tenant_context(forum):
        from webapp.meetings.models import Meeting

        db.session.get(Meeting, (forum.id, meeting["id"])).visibility = "public"
        db.session.commit()
    _notify(app, forum, meeting["id"])
    page = client.get(f"/t/forum-t/public/meetings/{meeting['id']}?lang=ha").get_data(as_text=True)
    assert "13:00 GMT" in page and "Greenwich" not in page and "Africa/Accra" not in page
    auth.login(sec["email"])
    form = client.get("/t/forum-t/meetings/new").get_data(as_text=True)
    assert "Times are in the forum's time zone: Accra (GMT)." in form and "Africa/Accra" not in form
