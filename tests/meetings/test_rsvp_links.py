"""RSVP links: one per person (an alternate standing in gets their own, which stops working when replaced), the
answer records who gave it, links end some weeks after the meeting, links mailed in the old format keep working
until then, and the page speaks the language of the person it was sent to."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select, update

from tenants.rls import tenant_context
from tests.meetings.test_meetings import set_locale
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Invitation, Meeting
from webapp.members.models import Member


def _link(smtp, email):
    [msg] = smtp.to(email)
    body = msg.get_body(("plain",)).get_content()
    return re.search(r"http://baraza\.test(/t/forum-a/meetings/rsvp/[^?\s]+)\?answer=yes", body).group(1)


def _answer(app, two_forums, meeting_id):
    with app.app_context(), tenant_context(two_forums["a"]):
        inv = db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting_id,
                                                         Invitation.member_id == two_forums["a_member"]["id"]))
        return inv.rsvp, inv.rsvp_by_id


def _name_stand_in(app, two_forums, meeting_id, alternate_id, notify=False):
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        meeting = db.session.get(Meeting, (tid, meeting_id))
        services.add_invitee(meeting, db.session.get(Member, (tid, two_forums["a_member"]["id"])),
                             represented_by=db.session.get(Member, (tid, alternate_id)))
        if notify:
            services.send_notice(meeting)
        db.session.commit()


def _meeting_ended(app, two_forums, meeting_id, days_ago):
    with app.app_context(), tenant_context(two_forums["a"]):
        end = datetime.now(UTC) - timedelta(days=days_ago)
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(
            start_at=end - timedelta(hours=3), end_at=end))
        db.session.commit()


def test_a_stand_in_answers_with_a_link_of_their_own_that_stops_when_replaced(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    first = factory.member(two_forums["a"], "Adjoa Alternate", "alternate")
    second = factory.member(two_forums["a"], "Kwame Alternate", "alternate")
    m = factory.meeting(two_forums["a"], title="Budget plenary")
    _name_stand_in(app, two_forums, m["id"], first["id"], notify=True)
    run_worker()
    titular_link, stand_in_link = _link(smtp, two_forums["a_member"]["email"]), _link(smtp, first["email"])
    assert titular_link != stand_in_link  # each invitee gets a link of their own
    page = client.get(stand_in_link)
    assert page.status_code == 200 and "You stand in for Amadou Member at this meeting." in page.get_data(as_text=True)
    r = client.post(stand_in_link, data={"csrf_token": auth.csrf(stand_in_link), "answer": "yes"})
    assert r.status_code == 200 and "You said you will come." in r.get_data(as_text=True)
    assert _answer(app, two_forums, m["id"]) == ("yes", first["id"])  # who answered is recorded

    smtp.messages.clear()
    _name_stand_in(app, two_forums, m["id"], second["id"])  # another alternate stands in now
    run_worker()
    new_link = _link(smtp, second["email"])  # the new stand-in is sent the notice, with a link of their own
    old = client.get(stand_in_link)
    assert old.status_code == 404 and "This answer link is no longer valid" in old.get_data(as_text=True)
    r = client.post(stand_in_link, data={"csrf_token": auth.csrf(titular_link), "answer": "no"})
    assert r.status_code == 404 and "no longer valid" in r.get_data(as_text=True)
    assert _answer(app, two_forums, m["id"]) == ("yes", first["id"])  # the replaced stand-in changed nothing
    r = client.post(titular_link, data={"csrf_token": auth.csrf(titular_link), "answer": "no"})
    assert r.status_code == 200  # the titular's link keeps working for the titular
    assert _answer(app, two_forums, m["id"]) == ("no", two_forums["a_member"]["id"])
    r = client.post(new_link, data={"csrf_token": auth.csrf(new_link), "answer": "yes"})
    assert r.status_code == 200 and _answer(app, two_forums, m["id"]) == ("yes", second["id"])

    # the secretariat says the titular comes in person: the stand-in's link stops working
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "represented by Kwame Alternate" in page and "answered by Kwame Alternate" in page
    action = re.search(r'action="(/t/forum-a/meetings/\d+/invitations/\d+/stand-in/remove)"', page).group(1)
    assert client.post(action, data={"csrf_token": auth.csrf(f"/t/forum-a/meetings/{m['id']}")}).status_code == 303
    auth.logout()
    assert client.get(new_link).status_code == 404
    assert client.get(titular_link).status_code == 200


def test_removing_a_stand_in_of_another_forum_is_404(app, client, auth, factory, two_forums):
    alternate = factory.member(two_forums["a"], "Adjoa Alternate", "alternate")
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],))
    _name_stand_in(app, two_forums, m["id"], alternate["id"])
    with app.app_context(), tenant_context(two_forums["a"]):
        inv_id = db.session.scalar(select(Invitation.id).where(Invitation.meeting_id == m["id"]))
    auth.login(two_forums["b_sec"]["email"])
    r = client.post(f"/t/forum-b/meetings/{m['id']}/invitations/{inv_id}/stand-in/remove",
                    data={"csrf_token": auth.csrf("/t/forum-b/meetings/")})
    assert r.status_code == 404
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Invitation, (two_forums["a"].id, inv_id)).represented_by_id == alternate["id"]


def test_links_stop_working_some_weeks_after_the_meeting(app, client, auth, factory, smtp, run_worker, queue_redis,
                                                         two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    run_worker()
    link = _link(smtp, two_forums["a_member"]["email"])
    token = auth.csrf(link)
    _meeting_ended(app, two_forums, m["id"], days_ago=20)  # after the meeting, the answer can still be corrected
    assert client.get(link).status_code == 200
    _meeting_ended(app, two_forums, m["id"], days_ago=29)  # four weeks later it cannot
    page = client.get(link)
    assert page.status_code == 404 and "the meeting is over" in page.get_data(as_text=True)
    assert client.post(link, data={"csrf_token": token, "answer": "yes"}).status_code == 404
    assert _answer(app, two_forums, m["id"]) == ("none", None)
    assert client.get(link.replace("/t/forum-a/", "/t/forum-b/")).status_code == 404


def test_a_link_mailed_in_the_old_format_works_until_the_meeting_expiry(app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],))
    with app.app_context(), tenant_context(two_forums["a"]):
        inv_id = db.session.scalar(select(Invitation.id).where(Invitation.meeting_id == m["id"],
                                                               Invitation.member_id == two_forums["a_member"]["id"]))
        # how webapp/meetings/services.py signed RSVP links before core/signing.py, copied literally
        legacy = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="baraza-rsvp").dumps(
            {"t": two_forums["a"].id, "i": inv_id})
    link = f"/t/forum-a/meetings/rsvp/{legacy}"
    assert client.get(link).status_code == 200
    r = client.post(link, data={"csrf_token": auth.csrf(link), "answer": "maybe"})
    assert r.status_code == 200 and "You said you may come." in r.get_data(as_text=True)
    assert _answer(app, two_forums, m["id"]) == ("maybe", two_forums["a_member"]["id"])
    assert client.get(link.replace("/t/forum-a/", "/t/forum-b/")).status_code == 404
    _meeting_ended(app, two_forums, m["id"], days_ago=29)
    assert client.get(link).status_code == 404


def test_the_rsvp_page_opens_in_the_invitees_language_and_can_be_switched(
        app, client, auth, factory, smtp, run_worker, queue_redis, two_forums):
    set_locale(app, two_forums["a"], two_forums["a_member"]["id"], "ha")
    factory.meeting(two_forums["a"], member_ids=(two_forums["a_member"]["id"],), notify=True)
    run_worker()
    [msg] = smtp.to(two_forums["a_member"]["email"])
    assert msg["Content-Language"] == "ha"
    link = _link(smtp, two_forums["a_member"]["email"])
    page = client.get(link, headers={"Accept-Language": "en-GB,en;q=0.9"})  # a browser set to English
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="ha">' in html and "Aika amsata" in html
    assert f'action="{link}" id="rsvp-form"' in html
    french = client.get(link + "?lang=fr", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="fr">' in french and "Envoyer ma réponse" in french  # the language switch still wins
    action = re.search(r'<form method="post" action="([^"]+)" id="rsvp-form"', french).group(1).replace("&amp;", "&")
    r = client.post(action, data={"csrf_token": auth.csrf(link), "answer": "yes"}, headers={"Accept-Language": "en"})
    assert "Vous avez répondu que vous viendrez." in r.get_data(as_text=True)
