"""The page an RSVP link opens is enough to decide (issue 19): agenda, the papers the invitee may see (downloadable
through their own link; papers of a restricted meeting stay off, since a link can be forwarded), the online link,
the time in the invitee's zone, a .ics of the meeting, and a request for participation support without signing in.
Every route of the link answers 404 to a link that is forged, expired, replaced or of another forum."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select, update

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member

LINK = re.compile(r"http://baraza\.test(/t/forum-a/meetings/rsvp/[^?\s]+)\?answer=yes")


def _link(smtp, email):
    [msg] = smtp.to(email)
    return LINK.search(msg.get_body(("plain",)).get_content()).group(1)


def _invited(factory, smtp, run_worker, two_forums, **values):
    m = factory.meeting(two_forums["a"], title="Budget plenary", member_ids=(two_forums["a_member"]["id"],),
                        notify=True, **values)
    run_worker()
    return m, _link(smtp, two_forums["a_member"]["email"])


def _invitation(app, two_forums, meeting_id):
    with app.app_context(), tenant_context(two_forums["a"]):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting_id,
                                                         Invitation.member_id == two_forums["a_member"]["id"]))
        db.session.expunge(inv)
        return inv


def _meeting_ended(app, two_forums, meeting_id, days_ago):
    with app.app_context(), tenant_context(two_forums["a"]):
        end = datetime.now(UTC) - timedelta(days=days_ago)
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(
            start_at=end - timedelta(hours=3), end_at=end))
        db.session.commit()


def _forum_zone(app, two_forums, zone):
    with app.app_context():
        db.session.execute(update(Tenant).where(Tenant.id == two_forums["a"].id).values(timezone=zone))
        db.session.commit()


def test_the_page_shows_agenda_papers_online_link_and_time_in_the_invitees_zone(
        app, client, factory, smtp, run_worker, queue_redis, two_forums):
    _forum_zone(app, two_forums, "Africa/Lagos")
    m, link = _invited(factory, smtp, run_worker, two_forums, online_link="https://meet.example.org/budget")
    r = client.get(link)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'id="agenda"' in html and "Opening" in html and "Chair" in html  # the agenda item and its presenter
    assert 'href="https://meet.example.org/budget"' in html
    assert f'href="{link}/papers/{m["doc_id"]}"' in html and "agenda.pdf" in html
    assert f'href="{link}/meeting.ics"' in html
    local = m["start"].astimezone(ZoneInfo("Africa/Lagos"))
    assert f'datetime="{local.isoformat()}"' in html and "Time in Lagos" in html and "Africa/Lagos" not in html
    assert "A work plan" in html  # the expected outputs
    assert 'name="support"' in html and 'value="childcare"' in html and 'value="accessibility"' in html


def test_a_paper_downloads_through_the_link_and_only_the_meetings_own(
        app, client, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums)
    r = client.get(f"{link}/papers/{m['doc_id']}")
    assert r.status_code == 200 and r.data == b"%PDF-1.4 test" and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    other = factory.meeting(two_forums["a"], title="Another meeting")
    assert client.get(f"{link}/papers/{other['doc_id']}").status_code == 404  # another meeting's paper
    assert client.get(f"{link}/papers/999999").status_code == 404
    assert client.get(link.replace("/t/forum-a/", "/t/forum-b/") + f"/papers/{m['doc_id']}").status_code == 404
    assert client.get(f"{link}x/papers/{m['doc_id']}").status_code == 404  # a forged link
    _meeting_ended(app, two_forums, m["id"], days_ago=29)
    assert client.get(f"{link}/papers/{m['doc_id']}").status_code == 404  # an expired link


def test_papers_of_a_restricted_meeting_stay_off_the_page_and_the_link(
        app, client, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums, visibility="restricted")
    html = client.get(link).get_data(as_text=True)
    assert "agenda.pdf" not in html and "/papers/" not in html
    assert "Opening" not in html  # nor the agenda (issue 31: the link page of a restricted meeting says when and where)
    assert client.get(f"{link}/papers/{m['doc_id']}").status_code == 404


def test_a_restricted_meetings_link_shows_time_and_place_and_the_rest_after_sign_in(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums, visibility="restricted",
                       online_link="https://meet.example.org/closed")
    r = client.get(link)  # whoever the link was forwarded to
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Budget plenary" in html
    assert 'id="when-where"' in html and "<time datetime=" in html and "Accra" in html  # when and where
    assert 'id="rsvp-form"' in html  # the answer still works
    for hidden in ("Opening", 'id="agenda"', "meet.example.org/closed", "A work plan", "/papers/"):
        assert hidden not in html, hidden
    assert 'href="/login?next=' in html and "Sign in to see the agenda and the online link" in html
    [ev] = Calendar.from_ical(client.get(f"{link}/meeting.ics").data).walk("VEVENT")
    assert str(ev["LOCATION"]) == "Accra" and "A work plan" not in str(ev.get("DESCRIPTION", ""))
    auth.login(two_forums["a_sec"]["email"])  # someone who may see the meeting, signed in
    html = client.get(link).get_data(as_text=True)
    assert "Opening" in html and 'href="https://meet.example.org/closed"' in html and "A work plan" in html
    assert "Sign in to see the agenda" not in html


def test_public_meeting_papers_download_through_the_link(app, client, factory, smtp, run_worker, queue_redis,
                                                         two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums, visibility="public")
    assert client.get(f"{link}/papers/{m['doc_id']}").status_code == 200


def test_the_meeting_ics_through_the_link(app, client, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums, online_link="https://meet.example.org/budget")
    r = client.get(f"{link}/meeting.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    assert "Budget plenary" in r.headers["Content-Disposition"]
    cal = Calendar.from_ical(r.data)
    [ev] = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == "Budget plenary"
    assert "https://meet.example.org/budget" in str(ev["LOCATION"]) and "Accra" in str(ev["LOCATION"])
    assert ev.decoded("DTSTART") == m["start"]
    # the same event as the invitation the e-mail carried: a calendar keeps one copy
    [msg] = smtp.to(two_forums["a_member"]["email"])
    [part] = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert str(Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]["UID"]) == str(ev["UID"])
    assert client.get(f"{link}x/meeting.ics").status_code == 404
    assert client.get(link.replace("/t/forum-a/", "/t/forum-b/") + "/meeting.ics").status_code == 404
    _meeting_ended(app, two_forums, m["id"], days_ago=29)
    assert client.get(f"{link}/meeting.ics").status_code == 404


def test_the_link_of_a_replaced_stand_in_gives_no_paper_and_no_calendar(
        app, client, factory, smtp, run_worker, queue_redis, two_forums):
    first = factory.member(two_forums["a"], "Adjoa Alternate", "alternate")
    second = factory.member(two_forums["a"], "Kwame Alternate", "alternate")
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],))
    tid = two_forums["a"].id
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (tid, m["id"]))
        services.add_invitee(meeting, db.session.get(Member, (tid, two_forums["a_member"]["id"])),
                             represented_by=db.session.get(Member, (tid, first["id"])))
        services.send_notice(meeting)
        db.session.commit()
    run_worker()
    link = _link(smtp, first["email"])
    assert client.get(f"{link}/papers/{m['doc_id']}").status_code == 200
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (tid, m["id"]))
        services.add_invitee(meeting, db.session.get(Member, (tid, two_forums["a_member"]["id"])),
                             represented_by=db.session.get(Member, (tid, second["id"])))
        db.session.commit()
    assert client.get(f"{link}/papers/{m['doc_id']}").status_code == 404
    assert client.get(f"{link}/meeting.ics").status_code == 404


def test_support_is_requested_without_signing_in_and_the_secretariat_sees_it(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums)
    assert client.get(f"{link}/support").status_code == 405  # a mail scanner following links changes nothing
    token = auth.csrf(link)
    r = client.post(f"{link}/support", data={"csrf_token": token, "support": "childcare",
                                             "note": "A child of two"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"{link}#support")
    inv = _invitation(app, two_forums, m["id"])
    assert (inv.support, inv.support_note, inv.support_status) == ("childcare", "A child of two", "requested")
    page = client.get(link).get_data(as_text=True)
    assert "Your request for support is sent to the secretariat." in page
    assert "Support requested: Childcare — requested" in page
    # opened from the e-mail's "Yes": asking for support keeps "yes" chosen, still to be sent
    r = client.post(f"{link}/support?answer=yes", data={"csrf_token": token, "support": "accessibility",
                                                                  "note": "Step-free access"})
    assert r.headers["Location"].endswith(f"{link}?answer=yes#support")
    page = client.get(r.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert re.search(r'<input checked id="answer-0" name="answer" required type="radio" value="yes">', page)
    assert _invitation(app, two_forums, m["id"]).rsvp == "none"
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Accessibility: requested" in page and "Step-free access" in page


def test_a_support_request_with_a_bad_kind_or_a_bad_link_records_nothing(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    m, link = _invited(factory, smtp, run_worker, two_forums)
    token = auth.csrf(link)
    r = client.post(f"{link}/support", data={"csrf_token": token, "support": "limousine", "note": "please"})
    assert r.status_code == 422 and 'id="support-form"' in r.get_data(as_text=True)
    assert 'value="please"' in r.get_data(as_text=True)  # what was typed is kept
    assert client.post(f"{link}/support", data={"support": "travel"}).status_code == 400  # no CSRF token
    r = client.post(link.replace("/t/forum-a/", "/t/forum-b/") + "/support",
                    data={"csrf_token": token, "support": "travel"})
    assert r.status_code == 404
    assert client.post(f"{link}x/support", data={"csrf_token": token, "support": "travel"}).status_code == 404
    _meeting_ended(app, two_forums, m["id"], days_ago=29)
    assert client.post(f"{link}/support", data={"csrf_token": token, "support": "travel"}).status_code == 404
    assert _invitation(app, two_forums, m["id"]).support is None
