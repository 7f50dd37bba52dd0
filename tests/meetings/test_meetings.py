"""Meetings: notices with calendar invitations, updates and cancellations, RSVP links, documents, feeds."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from icalendar import Calendar
from rq import Queue
from sqlalchemy import select, update

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Invitation, Meeting
from webapp.members import services as roll
from webapp.members.models import Member


def calendar_of(msg):
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in msg.walk()]
    assert parts[0].get_param("method") in ("REQUEST", "CANCEL")
    assert parts[0].get_content_charset() == "utf-8"
    cal = Calendar.from_ical(parts[0].get_content())  # decoded with the part's own charset, as strict clients do
    assert cal["METHOD"] == parts[0].get_param("method")
    return cal, cal.walk("VEVENT")[0]


def set_locale(app, tenant, member_id, locale):
    with app.app_context(), tenant_context(tenant):
        roll.update_member(db.session.get(Member, (tenant.id, member_id)), {"locale": locale})
        db.session.commit()


@pytest.fixture
def planned(app, factory, two_forums):
    set_locale(app, two_forums["a"], two_forums["a_member"]["id"], "fr")
    return factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))


def post(client, auth, url, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data})


def test_notice_sends_each_invitee_a_calendar_invitation_in_their_language(app, client, auth, smtp, run_worker,
                                                                           queue_redis, two_forums, planned):
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{planned['id']}/notice", confirm="1")
    assert r.status_code == 303
    run_worker()
    english = smtp.to(two_forums["a_sec"]["email"])
    french = smtp.to(two_forums["a_member"]["email"])
    assert len(english) == 1 and len(french) == 1 and len(smtp.messages) == 2
    assert english[0]["Content-Language"] == "en" and french[0]["Content-Language"] == "fr"
    cal, ev = calendar_of(french[0])
    assert cal["METHOD"] == "REQUEST"
    assert str(ev["UID"]) == f"meeting-{two_forums['a'].id}-{planned['id']}@baraza.localhost"
    assert int(ev["SEQUENCE"]) == 0
    assert str(ev["ORGANIZER"]) == f"mailto:{two_forums['a_sec']['email']}"
    assert str(ev["ATTENDEE"]) == f"mailto:{two_forums['a_member']['email']}"
    assert ev.decoded("DTSTART") == planned["start"]
    body = english[0].get_body(("plain",)).get_content()
    assert "Plenary meeting" in body and "1. Opening (Chair)" in body and "/meetings/rsvp/" in body


def test_time_change_and_cancellation_raise_the_sequence_and_nothing_is_sent_twice(
        app, client, auth, smtp, run_worker, queue_redis, two_forums, planned):
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"/t/forum-a/meetings/{planned['id']}/notice", confirm="1")
    run_worker()
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (two_forums["a"].id, planned["id"]))
        values = {k: getattr(m, k) for k in ("title", "committee_id", "kind", "start_at", "end_at", "venue",
                                             "online_link", "language", "interpretation_languages",
                                             "expected_outputs", "visibility")}
        services.save_meeting(m, {**values, "title": "Plenary (renamed)"})  # no time or place change: no update
        db.session.commit()
        assert m.sequence == 0
        services.save_meeting(m, {**values, "start_at": values["start_at"] + timedelta(hours=1),
                                  "end_at": values["end_at"] + timedelta(hours=1)})
        db.session.commit()
    # the same jobs enqueued twice (a lost-and-found sweep): still one email each
    for job in list(Queue("notices", connection=queue_redis).jobs):
        Queue("notices", connection=queue_redis).enqueue(job.func_name, *job.args, job_id=job.id)
    run_worker()
    assert len(smtp.messages) == 2
    for msg in smtp.messages:
        cal, ev = calendar_of(msg)
        assert cal["METHOD"] == "REQUEST" and int(ev["SEQUENCE"]) == 1
    smtp.messages.clear()
    r = post(client, auth, f"/t/forum-a/meetings/{planned['id']}/cancel", confirm="1")
    assert r.status_code == 303
    run_worker()
    assert len(smtp.messages) == 2
    for msg in smtp.messages:
        cal, ev = calendar_of(msg)
        assert cal["METHOD"] == "CANCEL" and int(ev["SEQUENCE"]) == 2 and str(ev["STATUS"]) == "CANCELLED"


def test_calendar_part_says_utf_8_and_its_method_so_a_dash_survives(app, client, auth, smtp, run_worker,
                                                                       queue_redis, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Plenary — mining subcommittee ✓",
                        member_ids=(two_forums["a_member"]["id"],), notify=True)
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_content_charset() == "utf-8" and part.get_param("method") == "REQUEST"
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Plenary — mining subcommittee ✓"
    smtp.messages.clear()
    auth.login(two_forums["a_sec"]["email"])
    assert post(client, auth, f"/t/forum-a/meetings/{m['id']}/cancel", confirm="1").status_code == 303
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_content_charset() == "utf-8" and part.get_param("method") == "CANCEL"
    assert "Plenary — mining subcommittee ✓" in part.get_content()


def _rsvp_link(smtp, email):
    body = smtp.to(email)[0].get_body(("plain",)).get_content()
    return re.search(r"http://baraza\.test(/t/forum-a/meetings/rsvp/[^?\s]+)\?answer=yes", body).group(1)


def test_rsvp_link_get_changes_nothing_and_post_records(app, client, auth, smtp, run_worker, queue_redis,
                                                        two_forums, planned):
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"/t/forum-a/meetings/{planned['id']}/notice", confirm="1")
    auth.logout()
    run_worker()
    link = _rsvp_link(smtp, two_forums["a_member"]["email"])
    page = client.get(link + "?answer=yes")
    assert page.status_code == 200
    assert re.search(r'<input checked[^>]*value="yes"', page.get_data(as_text=True))

    def answer():
        with app.app_context(), tenant_context(two_forums["a"]):
            return db.session.scalar(select(Invitation.rsvp).where(Invitation.member_id == two_forums["a_member"]["id"]))

    assert answer() == "none"
    r = client.post(link, data={"csrf_token": auth.csrf(link), "answer": "maybe"})
    # in the invitee's language (French), as their notice was
    assert r.status_code == 200 and "Vous avez répondu que vous viendrez peut-être." in r.get_data(as_text=True)
    assert answer() == "maybe"
    # tampered, another forum's URL, expired
    assert client.get(link[:-3] + "xyz").status_code == 404
    assert client.get(link.replace("/t/forum-a/", "/t/forum-b/")).status_code == 404
    assert client.post(link.replace("/t/forum-a/", "/t/forum-b/"),
                       data={"csrf_token": auth.csrf(link), "answer": "no"}).status_code == 404
    with app.app_context(), tenant_context(two_forums["a"]):  # some weeks after the meeting, the link is spent
        db.session.execute(update(Meeting).where(Meeting.id == planned["id"]).values(
            start_at=datetime.now(UTC) - timedelta(days=40), end_at=datetime.now(UTC) - timedelta(days=40)))
        db.session.commit()
    assert client.get(link).status_code == 404
    assert answer() == "maybe"


def test_short_notice_warns_but_does_not_block(client, auth, factory, queue_redis, two_forums):
    soon = factory.meeting(two_forums["a"], title="Urgent meeting", member_ids=(two_forums["a_sec"]["id"],),
                           days_ahead=5)
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{soon['id']}").get_data(as_text=True)
    assert "Short notice: the forum asks for at least 14 days" in page
    r = post(client, auth, f"/t/forum-a/meetings/{soon['id']}/notice", confirm="1")
    assert r.status_code == 303
    assert "Short notice" in client.get(r.headers["Location"]).get_data(as_text=True)
    later = factory.meeting(two_forums["a"], title="Planned meeting", days_ahead=40)
    assert "Short notice" not in client.get(f"/t/forum-a/meetings/{later['id']}").get_data(as_text=True)


def test_plan_a_meeting_through_the_form_with_translations(app, client, auth, factory, two_forums):
    with app.app_context():
        from tenants.models import Tenant

        t = db.session.get(Tenant, two_forums["a"].id)
        t.enabled_locales = ["en", "ha"]
        db.session.commit()
    with app.app_context(), tenant_context(two_forums["a"]):
        c = roll.save_committee(None, name="Subcommittee on Mining", kind="subcommittee", level="national")
        roll.set_seat(c, db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])), "member")
        db.session.commit()
        cid = c.id
    auth.login(two_forums["a_sec"]["email"])
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    data = {"title": "Mining subcommittee", "committee_id": cid, "kind": "subcommittee", "day": day,
            "start_time": "09:00", "end_time": "08:00", "venue": "Obuasi", "language": "en", "visibility": "public",
            "expected_outputs": "A list of hazardous tasks", "title_ha": "Taron ƙaramin kwamitin haƙar ma'adinai"}
    bad = post(client, auth, "/t/forum-a/meetings/new", **data)
    assert bad.status_code == 422 and "The meeting must end after it starts." in bad.get_data(as_text=True)
    assert "Taron ƙaramin kwamitin" in bad.get_data(as_text=True)  # nothing typed is lost
    r = post(client, auth, "/t/forum-a/meetings/new", **{**data, "end_time": "12:30"})
    assert r.status_code == 303
    mid = int(r.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/t/forum-a/meetings/{mid}").get_data(as_text=True)
    assert "Amadou Member" in page  # the committee's members are invited by default
    hausa = client.get(f"/t/forum-a/meetings/{mid}?lang=ha").get_data(as_text=True)
    assert "Taron ƙaramin kwamitin haƙar ma&#39;adinai" in hausa
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (two_forums["a"].id, mid))
        assert m.start_at.astimezone(UTC).hour == 9  # Africa/Accra is UTC+0 ... the forum default is UTC
    printable = client.get(f"/t/forum-a/meetings/{mid}/print?lang=fr")
    assert printable.status_code == 200 and '<html lang="fr">' in printable.get_data(as_text=True)


def test_agenda_builder_moves_items_with_htmx_and_without(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    for title in ("Matters arising", "Child labour monitoring report"):
        post(client, auth, f"/t/forum-a/meetings/{m['id']}/agenda", title=title, kind="discussion", minutes="20")
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    order = re.findall(r'<li id="item-(\d+)"><strong>([^<]+)</strong>', page)
    assert [t for _i, t in order] == ["Opening", "Matters arising", "Child labour monitoring report"]
    last = order[-1][0]
    r = client.post(f"/t/forum-a/meetings/{m['id']}/agenda/{last}/move",
                    data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), "direction": "up"},
                    headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html
    assert [t for _i, t in re.findall(r'<li id="item-(\d+)"><strong>([^<]+)</strong>', html)] == \
        ["Opening", "Child labour monitoring report", "Matters arising"]
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/agenda/{last}/move", direction="up")
    assert r.status_code == 303
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert re.findall(r'<li id="item-\d+"><strong>([^<]+)</strong>', page)[0] == "Child labour monitoring report"
    bad = post(client, auth, f"/t/forum-a/meetings/{m['id']}/agenda", title="", kind="discussion")
    assert bad.status_code == 422 and "Please write the item." in bad.get_data(as_text=True)


def test_agenda_items_are_edited_in_place_with_htmx_and_on_their_own_page(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    post(client, auth, f"/t/forum-a/meetings/{m['id']}/agenda", title="Mercury report", kind="discussion",
         presenter="EPA", minutes="20")
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    item_id = re.findall(r'<li id="item-(\d+)"><strong>Mercury report</strong>', page)[0]
    url = f"/t/forum-a/meetings/{m['id']}/agenda/{item_id}/edit"
    # with htmx: the form replaces the item, the answer is the agenda
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.strip().startswith(f'<li id="item-{item_id}">') and 'value="Mercury report"' in fragment
    assert "<html" not in fragment and 'value="20"' in fragment
    r = client.post(url, data={"csrf_token": auth.csrf(url), "title": "Mercury-free gold processing report",
                               "presenter": "EPA Ghana", "minutes": "30", "kind": "decision"},
                    headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html
    assert f'<li id="item-{item_id}"><strong>Mercury-free gold processing report</strong>' in html
    assert "EPA Ghana" in html and "30 minutes" in html
    # without JavaScript: a page of its own, a redirect back to the agenda
    assert "Edit the agenda item" in client.get(url).get_data(as_text=True)
    r = client.post(url, data={"csrf_token": auth.csrf(url), "title": "Mercury report (final)", "kind": "decision"})
    assert r.status_code == 303 and r.headers["Location"].endswith("#agenda")
    bad = client.post(url, data={"csrf_token": auth.csrf(url), "title": "", "minutes": "9999", "kind": "decision"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Please write the item." in body and "Between 1 and 600." in body
    assert "Mercury report (final)" in client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert client.get(url).status_code == 404


def test_secretariat_removes_a_document(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    url = f"/t/forum-a/meetings/{m['id']}/documents/{m['doc_id']}"
    auth.login(two_forums["a_member"]["email"])
    assert client.post(f"{url}/delete", data={"csrf_token": auth.csrf("/t/forum-a/")}).status_code == 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    r = client.post(f"{url}/delete", data={"csrf_token": auth.csrf("/t/forum-a/"), "confirm": "1"})
    assert r.status_code == 303 and r.headers["Location"].endswith("#documents")
    assert "agenda.pdf is removed." in client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert client.get(url).status_code == 404


def test_documents_are_type_checked_size_limited_and_downloaded_as_attachments(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/documents"

    def send(name, data):
        return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"),
                                      "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")

    assert send("minutes.pdf", b"%PDF-1.7 real").status_code == 303
    fake = send("virus.pdf", b"MZ\x90\x00 not a pdf")
    assert fake.status_code == 422 and "This kind of file is not accepted." in fake.get_data(as_text=True)
    assert send("tool.exe", b"MZ").status_code == 422
    big = send("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    assert big.status_code in (413, 422)
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    dl = client.get(f"{url}/{m['doc_id']}")
    assert dl.status_code == 200 and dl.data == b"%PDF-1.4 test"
    assert dl.headers["Content-Disposition"].startswith("attachment;") and dl.mimetype == "application/pdf"


def test_restricted_meeting_is_hidden_from_members(client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Case review", member_ids=(two_forums["a_member"]["id"],),
                        visibility="restricted", notify=True)
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/meetings/{m['id']}").status_code == 404
    assert client.get(f"/t/forum-a/meetings/{m['id']}/documents/{m['doc_id']}").status_code == 404
    assert ">Case review</a>" not in client.get("/t/forum-a/meetings/").get_data(as_text=True)




def test_meeting_page_and_list_queries_are_the_same_for_3_and_300_invitees(app, client, auth, factory, two_forums):
    small = factory.meeting(two_forums["a"], title="Small", member_ids=(two_forums["a_sec"]["id"],
                                                                         two_forums["a_member"]["id"]))
    with app.app_context(), tenant_context(two_forums["a"]):
        ids = [roll.add_member(f"Invitee {i}", f"inv{i}@roll.example.org").id for i in range(298)]
        db.session.commit()
    big = factory.meeting(two_forums["a"], title="Big", member_ids=(two_forums["a_sec"]["id"], *ids))
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Invitation).where(Invitation.meeting_id == big["id"]).values(rsvp="yes"))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    with count_queries(app) as few:
        assert client.get(f"/t/forum-a/meetings/{small['id']}").status_code == 200
    with count_queries(app) as many:
        r = client.get(f"/t/forum-a/meetings/{big['id']}")
    assert r.status_code == 200 and "Invitee 297" in r.get_data(as_text=True)
    assert few["n"] == many["n"], (few, many)
    with count_queries(app) as listing:
        assert client.get("/t/forum-a/meetings/").status_code == 200
    assert listing["n"] <= few["n"]


def test_reminders_go_once_per_offset_to_those_coming(app, factory, smtp, run_worker, queue_redis, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]),
                        days_ahead=2, notify=True)
    run_worker()
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.execute(update(Invitation).where(Invitation.member_id == two_forums["a_member"]["id"])
                           .values(rsvp="yes"))
        db.session.commit()
        assert services.send_reminders() == 1  # within 3 days, not yet within 2 hours
        db.session.commit()
        assert services.send_reminders() == 0
        db.session.commit()
        later = m["start"] - timedelta(minutes=90)
        assert services.send_reminders(now=later) == 1
        db.session.commit()
    run_worker()
    assert len(smtp.messages) == 2 and all(two_forums["a_member"]["email"] in x["To"] for x in smtp.messages)
    assert smtp.messages[0]["Subject"].startswith("Reminder:")


def test_support_request_and_decision_reach_the_member(app, client, auth, factory, smtp, run_worker, queue_redis,
                                                       two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    run_worker()
    smtp.messages.clear()
    auth.login(two_forums["a_member"]["email"])
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/support", support="interpretation", language="Hausa",
             note="Hausa, please")
    assert r.status_code == 303
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Hausa, please" in page
    inv_id = re.search(r"/support/(\d+)", page).group(1)
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/support/{inv_id}", decision="grant")
    assert r.status_code == 303
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    assert "granted your request" in msg.get_body(("plain",)).get_content()


def test_personal_and_public_calendar_feeds(app, client, auth, factory, databases, two_forums):
    public = factory.meeting(two_forums["a"], title="Open consultation", member_ids=(two_forums["a_member"]["id"],),
                             visibility="public", notify=True)
    private = factory.meeting(two_forums["a"], title="Members meeting", member_ids=(two_forums["a_member"]["id"],),
                              notify=True)
    auth.login(two_forums["a_member"]["email"])
    post(client, auth, "/t/forum-a/meetings/calendar")
    page = client.get("/t/forum-a/meetings/calendar").get_data(as_text=True)
    feed_url = re.search(r'<code id="feed-url">http://baraza\.test([^<]+)</code>', page).group(1)
    auth.logout()
    feed = client.get(feed_url)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")}
    assert titles == {"Open consultation", "Members meeting"}
    assert client.get(feed_url.replace("/t/forum-a/", "/t/forum-b/")).status_code == 404
    pub = client.get("/t/forum-a/public/calendar.ics")
    assert {str(e["SUMMARY"]) for e in Calendar.from_ical(pub.data).walk("VEVENT")} == {"Open consultation"}
    assert "Set-Cookie" not in pub.headers
    # a new address revokes the old one
    auth.login(two_forums["a_member"]["email"])
    post(client, auth, "/t/forum-a/meetings/calendar")
    assert client.get(feed_url).status_code == 404
    assert public["id"] != private["id"]


def test_calendar_page_shows_on_get_and_creates_the_address_only_on_post(app, client, auth, databases,
                                                                          two_forums):
    def token():
        with app.app_context(), tenant_context(two_forums["a"]):
            return db.session.scalar(select(Member.calendar_token).where(Member.id == two_forums["a_member"]["id"]))

    auth.login(two_forums["a_member"]["email"])
    page = client.get("/t/forum-a/meetings/calendar")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert token() is None  # GET changes nothing
    assert 'id="feed-url"' not in html
    assert '<form method="post"' in html and "Make my calendar address" in html  # works without JavaScript
    r = post(client, auth, "/t/forum-a/meetings/calendar")
    assert r.status_code == 303
    first = token()
    assert first is not None
    html = client.get("/t/forum-a/meetings/calendar").get_data(as_text=True)
    assert f"/calendar/{first}.ics" in html and "Make a new address" in html
    assert token() == first  # a second GET neither creates nor renews
    post(client, auth, "/t/forum-a/meetings/calendar")
    assert token() not in (None, first)


def test_notice_to_1000_invitees_is_a_few_queries_and_one_job_per_batch(app, factory, queue_redis, two_forums,
                                                                        databases):
    with app.app_context(), tenant_context(two_forums["a"]):
        ids = [roll.add_member(f"Many {i}", f"many{i}@roll.example.org").id for i in range(1000)]
        db.session.commit()
    m = factory.meeting(two_forums["a"], title="Assembly", member_ids=tuple(ids))
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        with count_queries(app) as n:
            assert len(services.send_notice(meeting).emails) == 1000
            db.session.commit()
        assert n["n"] <= 12
    assert Queue("notices", connection=queue_redis).count == 1000 // app.config["NOTICE_BATCH_SIZE"]
    with psycopg.connect(databases.owner_url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (str(two_forums["a"].id),))
        assert conn.execute("SELECT count(DISTINCT dedupe_key) FROM notices").fetchone()[0] == 1000


def test_removing_an_invitee_after_notice_sends_them_a_cancellation(app, client, auth, factory, smtp, run_worker,
                                                                   queue_redis, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]),
                        notify=True)
    run_worker()
    smtp.messages.clear()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert f"/invitees/{two_forums['a_member']['id']}/remove" in page
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/invitees/{two_forums['a_member']['id']}/remove",
             confirm="1")
    assert r.status_code == 303
    run_worker()
    [msg] = smtp.messages
    cal, _ev = calendar_of(msg)
    assert two_forums["a_member"]["email"] in msg["To"] and cal["METHOD"] == "CANCEL"
    table = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True).split('id="invitee-table"')[1]
    assert "Amadou Member" not in table.split("</table>")[0]


def test_an_alternate_standing_in_gets_the_invitation_and_its_updates(app, client, auth, factory, smtp, run_worker,
                                                                      queue_redis, two_forums):
    alternate = factory.member(two_forums["a"], "Adjoa Alternate", "alternate")
    m = factory.meeting(two_forums["a"], title="Budget plenary")
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        meeting = db.session.get(Meeting, (tid, m["id"]))
        services.add_invitee(meeting, db.session.get(Member, (tid, two_forums["a_member"]["id"])),
                             represented_by=db.session.get(Member, (tid, alternate["id"])))
        services.send_notice(meeting)
        db.session.commit()
    run_worker()
    [for_alternate] = smtp.to(alternate["email"])
    text = for_alternate.get_body(("plain",)).get_content()
    assert "You stand in for Amadou Member at this meeting." in text
    cal, event = calendar_of(for_alternate)
    assert alternate["email"] in str(event["ATTENDEE"]) and cal["METHOD"] == "REQUEST"
    assert len(smtp.to(two_forums["a_member"]["email"])) == 1  # the titular is still told
    link = re.search(r"(/t/forum-a/meetings/rsvp/[^\s]+)", text).group(1)
    assert client.get(link).status_code == 200  # the answer links work for the stand-in
    smtp.messages.clear()
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        services.cancel_meeting(meeting)
        db.session.commit()
    run_worker()
    assert [msg["Subject"] for msg in smtp.to(alternate["email"])] == ["Cancelled: Budget plenary"]


def test_members_calendar_and_invitations_carry_the_online_link_even_when_it_is_not_public(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    link = "https://meet.example.org/j/4242"
    factory.meeting(two_forums["a"], title="Members meeting", member_ids=(two_forums["a_member"]["id"],),
                    online_link=link, visibility="public", notify=True)
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    _cal, ev = calendar_of(msg)
    assert link in str(ev["LOCATION"])
    assert link in msg.get_body(("plain",)).get_content()
    auth.login(two_forums["a_member"]["email"])
    post(client, auth, "/t/forum-a/meetings/calendar")  # the address is made by the page's button
    page = client.get("/t/forum-a/meetings/calendar").get_data(as_text=True)
    feed_url = re.search(r'<code id="feed-url">http://baraza\.test([^<]+)</code>', page).group(1)
    [event] = Calendar.from_ical(client.get(feed_url).data).walk("VEVENT")
    assert str(event["LOCATION"]) == f"Accra, {link}"
    public = client.get("/t/forum-a/public/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "meet.example.org" not in public


def test_agenda_form_comes_back_empty_and_focused_after_adding(app, client, auth, factory, two_forums):
    """Issue 21: the form came back filled with the item just added, so a second tap added a duplicate."""
    m = factory.meeting(two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/agenda"
    r = client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), "title": "Budget review",
                               "presenter": "Treasurer", "minutes": "25", "kind": "decision"},
                    headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html and "<strong>Budget review</strong>" in html
    form = html[html.index('id="agenda-form"'):]
    assert 'value="Budget review"' not in form and 'value="Treasurer"' not in form and 'value="25"' not in form
    assert re.search(r'<input[^>]*autofocus[^>]*name="title"|<input[^>]*name="title"[^>]*autofocus', form)
    # without JavaScript: a redirect, then a page whose form is empty (and does not grab the focus on a plain load)
    r = post(client, auth, url, title="Any other business", presenter="Chair", kind="discussion")
    assert r.status_code == 303
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    form = page[page.index('id="agenda-form"'):page.index("</form>", page.index('id="agenda-form"'))]
    assert 'value="Any other business"' not in form and 'value="Chair"' not in form and "autofocus" not in form
    # the same item posted twice is two rows only because it was posted twice
    post(client, auth, url, title="Any other business", kind="discussion")
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert re.findall(r'<li id="item-\d+"><strong>([^<]+)</strong>', page) == \
        ["Opening", "Budget review", "Any other business", "Any other business"]


def test_notice_cancel_and_removals_ask_first_without_javascript_and_with_htmx(app, client, auth, factory, smtp,
                                                                               run_worker, queue_redis, two_forums):
    """Issue 21: a tap on "Send notice", "Cancel the meeting" or "Remove" asked nothing and acted at once."""
    a = two_forums["a"]
    m = factory.meeting(a, title="Budget committee", member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))
    base = f"/t/forum-a/meetings/{m['id']}"
    auth.login(two_forums["a_sec"]["email"])

    def status():
        with app.app_context(), tenant_context(a):
            return db.session.get(Meeting, (a.id, m["id"])).status

    page = client.get(base).get_data(as_text=True)
    # "Cancel the meeting" is not beside "Send notice": it has a section of its own, lower down
    assert page.index("Send notice") < page.index('id="agenda"') < page.index('id="cancel-meeting"')
    # the question, a page of its own (GET), and the action's POST without confirm=1: nothing happens
    for r in (client.get(f"{base}/notice"), post(client, auth, f"{base}/notice")):
        body = r.get_data(as_text=True)
        assert r.status_code == 200 and "Send the notice to 2 invitees?" in body and 'name="confirm" value="1"' in body
    r = client.post(f"{base}/notice", data={"csrf_token": auth.csrf("/t/forum-a/meetings/")},
                    headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.get_data(as_text=True)
    assert "Send the notice to 2 invitees?" in r.get_data(as_text=True)
    run_worker()
    assert status() == "draft" and smtp.messages == []
    body = post(client, auth, f"{base}/cancel").get_data(as_text=True)
    assert "Cancel “Budget committee” and tell its 2 invitees?" in body and status() == "draft"
    body = post(client, auth, f"{base}/agenda/{m['item_id']}/delete").get_data(as_text=True)
    assert "Remove “Opening” from the agenda?" in body
    body = post(client, auth, f"{base}/documents/{m['doc_id']}/delete").get_data(as_text=True)
    assert "Remove agenda.pdf from the meeting?" in body
    body = post(client, auth, f"{base}/invitees/{two_forums['a_member']['id']}/remove").get_data(as_text=True)
    assert "Remove Amadou Member from the invitees?" in body
    page = client.get(base).get_data(as_text=True)
    assert '<strong>Opening</strong>' in page and "agenda.pdf" in page and "Amadou Member" in page
    # confirmed, each acts
    r = client.post(f"{base}/agenda/{m['item_id']}/delete", headers={"HX-Request": "true"},
                    data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), "confirm": "1"})
    assert r.status_code == 200 and "No agenda item yet." in r.get_data(as_text=True)
    assert post(client, auth, f"{base}/documents/{m['doc_id']}/delete", confirm="1").status_code == 303
    assert post(client, auth, f"{base}/invitees/{two_forums['a_member']['id']}/remove", confirm="1").status_code == 303
    assert post(client, auth, f"{base}/notice", confirm="1").status_code == 303
    assert status() == "notified"
    run_worker()
    assert len(smtp.messages) == 1
    assert post(client, auth, f"{base}/cancel", confirm="1").status_code == 303 and status() == "cancelled"
    page = client.get(base).get_data(as_text=True)
    assert "agenda.pdf" not in page and "Amadou Member" not in page.split('id="invitee-table"')[1].split("</table>")[0]


def test_a_meeting_over_two_days_shows_both_dates_on_its_page_in_the_email_and_the_ics(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    """Issue 21: the form took one day; a two-day workshop could not be planned."""
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"],))
    with app.app_context(), tenant_context(two_forums["a"]):
        cid = db.session.get(Meeting, (two_forums["a"].id, m["id"])).committee_id
    auth.login(two_forums["a_sec"]["email"])
    first = (datetime.now(UTC) + timedelta(days=40)).date()
    second = first + timedelta(days=1)
    data = {"title": "Validation workshop", "committee_id": cid, "kind": "subcommittee", "day": first.isoformat(),
            "end_day": first.isoformat(), "start_time": "09:00", "end_time": "08:00", "language": "en",
            "visibility": "public"}
    bad = post(client, auth, "/t/forum-a/meetings/new", **data)
    assert bad.status_code == 422 and "The meeting must end after it starts." in bad.get_data(as_text=True)
    r = post(client, auth, "/t/forum-a/meetings/new", **{**data, "end_day": second.isoformat(), "end_time": "13:00"})
    assert r.status_code == 303
    mid = int(r.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/t/forum-a/meetings/{mid}").get_data(as_text=True)
    long_first, short_second = f"{first.day} {first:%B %Y}", f"{second.day} {second:%b %Y}"
    assert long_first in page and short_second in page and "13:00" in page
    edit = client.get(f"/t/forum-a/meetings/{mid}/edit").get_data(as_text=True)
    assert f'value="{second.isoformat()}"' in edit  # the end day comes back in the form
    listing = client.get("/t/forum-a/meetings/").get_data(as_text=True)
    assert short_second in listing
    assert post(client, auth, f"/t/forum-a/meetings/{mid}/notice", confirm="1").status_code == 303
    run_worker()
    [msg] = smtp.to(two_forums["a_sec"]["email"])
    body = msg.get_body(("plain",)).get_content()
    assert long_first in body and short_second in body
    _cal, ev = calendar_of(msg)
    assert ev.decoded("DTSTART") == datetime.combine(first, datetime.min.time(), UTC).replace(hour=9)
    assert ev.decoded("DTEND") == datetime.combine(second, datetime.min.time(), UTC).replace(hour=13)
