"""Issue 21, invite in one step: by committee, constituency, organisation or the whole roll; re-sync with the
committee; guests who are not on the roll; the page says who was invited and why."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.interfaces import MEETING_BALANCE
from webapp.meetings.models import Invitation, Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll
from webapp.members.models import Committee, Member
from webapp.notices.models import Notice


@pytest.fixture
def roll_a(app, two_forums):
    """Forum A's roll: two organisations (workers, employers), five more members, one of them inactive."""
    with app.app_context(), tenant_context(two_forums["a"]):
        union = roll.save_organisation(None, name="Ghana Mine Workers Union", acronym="GMWU",
                                       constituency="workers", country="GH")
        employers = roll.save_organisation(None, name="Ghana Employers Association", acronym="GEA",
                                           constituency="employers", country="GH")
        ids = {}
        for name, org in (("Kofi Union", union), ("Efua Union", union), ("Yaw Employer", employers),
                          ("Abena Employer", employers), ("Kwame Inactive", union)):
            ids[name] = roll.add_member(name, name.lower().replace(" ", ".") + "@forum-a.test", "member",
                                        organisation_id=org.id).id
        roll.update_member(db.session.get(Member, (two_forums["a"].id, ids["Kwame Inactive"])), {"active": False})
        db.session.commit()
        return {"union": union.id, "employers": employers.id, **ids}


def _meeting(app, tenant, meeting_id):
    return db.session.get(Meeting, (tenant.id, meeting_id))


def _invited(app, tenant, meeting_id):
    with app.app_context(), tenant_context(tenant):
        return {(inv.member_id, inv.guest_name): (inv.reason, inv.reason_detail) for inv in db.session.scalars(
            select(Invitation).where(Invitation.meeting_id == meeting_id))}


def post(client, auth, url, headers=None, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data}, headers=headers or {})


# --- services ---------------------------------------------------------------------------------------------------

def test_invite_by_constituency_organisation_and_roll_never_duplicates_and_says_why(app, factory, two_forums,
                                                                                     roll_a):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], roll_a["Kofi Union"]))
    with app.app_context(), tenant_context(a):
        meeting = _meeting(app, a, m["id"])
        # Kofi came with the committee: by constituency, only Efua is added; the inactive member never is
        assert services.invite_group(meeting, "constituency", "workers") == services.Invited(added=1, already=1)
        assert services.invite_group(meeting, "organisation", roll_a["employers"]) == services.Invited(2, 0)
        assert services.invite_group(meeting, "organisation", roll_a["employers"]) == services.Invited(0, 2)
        # the whole roll: the active members not yet invited (Amadou); nobody twice
        assert services.invite_group(meeting, "roll") == services.Invited(added=1, already=5)
        db.session.commit()
    invited = _invited(app, a, m["id"])
    assert len(invited) == 6 and (roll_a["Kwame Inactive"], None) not in invited
    assert invited[(roll_a["Kofi Union"], None)] == ("committee", "Committee of Plenary meeting")
    assert invited[(roll_a["Efua Union"], None)] == ("constituency", "workers")
    assert invited[(roll_a["Yaw Employer"], None)] == ("organisation", "Ghana Employers Association")
    assert invited[(two_forums["a_member"]["id"], None)] == ("roll", None)


def test_a_committee_or_organisation_of_another_forum_is_refused(app, factory, two_forums):
    a, b = two_forums["a"], two_forums["b"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"],))
    mb = factory.meeting(b, member_ids=(two_forums["b_sec"]["id"],))
    with app.app_context(), tenant_context(b):
        org_b = roll.save_organisation(None, name="B org", acronym=None, constituency="workers", country="GH").id
        db.session.commit()
    with app.app_context(), tenant_context(a):
        meeting = _meeting(app, a, m["id"])
        with pytest.raises(services.MeetingError):
            services.invite_group(meeting, "committee", mb["committee_id"])
        with pytest.raises(services.MeetingError):
            services.invite_group(meeting, "organisation", org_b)
        with pytest.raises(services.MeetingError):
            services.invite_group(meeting, "constituency", "pirates")


def test_resync_adds_new_committee_members_and_removes_only_those_who_left_without_answering(app, factory,
                                                                                            two_forums, roll_a):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], roll_a["Kofi Union"], roll_a["Efua Union"],
                                       two_forums["a_member"]["id"]))
    with app.app_context(), tenant_context(a):
        meeting = _meeting(app, a, m["id"])
        services.invite_group(meeting, "organisation", roll_a["employers"])  # Yaw and Abena: not the committee's
        committee = db.session.get(Committee, (a.id, m["committee_id"]))
        efua = db.session.get(Member, (a.id, roll_a["Efua Union"]))
        kofi = db.session.get(Member, (a.id, roll_a["Kofi Union"]))
        yaw = db.session.get(Member, (a.id, roll_a["Yaw Employer"]))
        roll.set_seat(committee, efua, None)  # left, no answer: removed
        roll.set_seat(committee, kofi, None)  # left, but answered: kept
        services.record_rsvp(db.session.scalar(select(Invitation).where(
            Invitation.meeting_id == meeting.id, Invitation.member_id == kofi.id)), "yes")
        roll.set_seat(committee, yaw, "member")  # joined: invited already (by organisation), stays so
        roll.set_seat(committee, db.session.get(Member, (a.id, roll_a["Abena Employer"])), "member")
        newcomer = roll.add_member("Nana Newcomer", "nana@forum-a.test", "member")
        roll.set_seat(committee, newcomer, "member")
        db.session.commit()
        newcomer_id = newcomer.id
    with app.app_context(), tenant_context(a):
        plan = services.committee_resync(_meeting(app, a, m["id"]))
        assert plan.add == ["Nana Newcomer"]
        assert [name for _i, name in plan.remove] == ["Efua Union"]
        assert plan.keep == ["Kofi Union"]
    assert (roll_a["Efua Union"], None) in _invited(app, a, m["id"])  # the plan changed nothing
    with app.app_context(), tenant_context(a):  # the re-sync does what it said
        services.resync_committee(_meeting(app, a, m["id"]))
        db.session.commit()
    invited = _invited(app, a, m["id"])
    assert (roll_a["Efua Union"], None) not in invited
    assert (roll_a["Kofi Union"], None) in invited
    assert invited[(newcomer_id, None)] == ("committee", "Committee of Plenary meeting")
    assert invited[(roll_a["Yaw Employer"], None)][0] == "organisation"


def test_a_guest_is_invited_never_counted_in_quorum_and_erasable(app, factory, two_forums, smtp, run_worker,
                                                                  queue_redis):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]), language="fr")
    with app.test_request_context(), tenant_context(a):
        meeting = _meeting(app, a, m["id"])
        balance = MEETING_BALANCE()(meeting)
        guest = services.add_guest(meeting, name="Dr Akua Mensah", email="  Akua.Mensah@Univ.example ",
                                   constituency="academia", organisation="University of Ghana", gender="woman")
        # the meeting's balance checks (gender, constituencies, language...) concern members: a guest changes none
        assert MEETING_BALANCE()(meeting) == balance
        assert guest.member_id is None and guest.reason == "guest" and guest.guest_email == "akua.mensah@univ.example"
        assert services.add_guest(meeting, name="Kojo", email="kojo@example.org").guest_gender == "undisclosed"
        with pytest.raises(services.MeetingError, match="guest_taken"):
            services.add_guest(meeting, name="Akua again", email="akua.mensah@univ.example")
        with pytest.raises(services.MeetingError, match="email"):
            services.add_guest(meeting, name="No address", email="not-an-address")
        with pytest.raises(services.MeetingError, match="on_roll"):
            services.add_guest(meeting, name="Amadou", email=two_forums["a_member"]["email"])
        guest.attended = True  # a guest in the room changes nothing in the quorum
        before = outcomes.quorum_for(meeting)
        assert (before.seats, before.present) == (1, 0)  # Amadou's seat; the secretariat has none
        services.send_notice(meeting)
        db.session.commit()
        guest_id = guest.id
    run_worker()
    [mail] = smtp.to("akua.mensah@univ.example")
    assert mail["Content-Language"] == "fr"  # the meeting's language
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"http://baraza\.test(/t/forum-a/meetings/rsvp/[^?\s]+)\?answer=yes", body).group(1)
    assert len(smtp.messages) == 4  # the two members and the two guests
    with app.test_client() as guest_client:
        page = guest_client.get(link)
        assert page.status_code == 200
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        assert guest_client.post(link, data={"csrf_token": token, "answer": "yes"}).status_code == 200
    with app.app_context(), tenant_context(a):
        inv = db.session.get(Invitation, (a.id, guest_id))
        assert inv.rsvp == "yes" and inv.rsvp_by_id is None
        services.erase_guest(_meeting(app, a, m["id"]), inv)
        db.session.commit()
    with app.app_context(), tenant_context(a):
        inv = db.session.get(Invitation, (a.id, guest_id))
        assert (inv.guest_name, inv.guest_email, inv.guest_organisation, inv.guest_constituency) == ("—", None, None,
                                                                                                     None)
        assert inv.guest_erased_at is not None
        sent = db.session.scalars(select(Notice.recipient_email).where(Notice.member_id.is_(None))).all()
        assert sorted(sent) == ["erased@invalid", "kojo@example.org"]  # the other guest's notice is left alone
    with app.test_client() as guest_client:
        assert guest_client.get(link).status_code == 404  # the erased guest's link no longer works


def test_a_guest_invited_after_notice_is_sent_it(app, factory, two_forums, smtp, run_worker, queue_redis):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"],), notify=True)
    with app.app_context(), tenant_context(a):
        services.add_guest(_meeting(app, a, m["id"]), name="Guest Late", email="late@example.org")
        db.session.commit()
    run_worker()
    [mail] = smtp.to("late@example.org")
    assert mail["Subject"] == "Invitation: Plenary meeting" and mail["Content-Language"] == "en"


# --- views ------------------------------------------------------------------------------------------------------

def test_invite_a_constituency_without_javascript_and_with_htmx(app, client, auth, factory, two_forums, roll_a):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"], roll_a["Kofi Union"]))
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/invitees/group"
    r = post(client, auth, url, group="constituency:workers")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/meetings/{m['id']}?open=invitees#invitees")
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "1 invited, 1 already invited" in page
    assert "Invited as the Workers constituency" in page and "Invited as members of Committee of Plenary" in page
    r = post(client, auth, url, headers={"HX-Request": "true"}, group=f"organisation:{roll_a['employers']}")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html and 'id="invitee-table"' in html
    assert "2 invited, 0 already invited" in html and "Yaw Employer" in html
    assert "Invited as members of Ghana Employers Association" in html


def test_invite_form_refuses_another_forums_committee_and_keeps_the_page(app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"],))
    mb = factory.meeting(two_forums["b"], member_ids=(two_forums["b_sec"]["id"],))
    auth.login(two_forums["a_sec"]["email"])
    for headers in ({}, {"HX-Request": "true"}):
        r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/invitees/group", headers=headers,
                 group=f"committee:{mb['committee_id']}")
        assert r.status_code == 422 and "Please choose who to invite." in r.get_data(as_text=True)
    assert len(_invited(app, two_forums["a"], m["id"])) == 1


def test_guest_form_keeps_what_was_typed_on_a_bad_address_and_shows_the_guest(app, client, auth, factory,
                                                                              two_forums):
    m = factory.meeting(two_forums["a"], member_ids=(two_forums["a_sec"]["id"],))
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/guests"
    typed = {"guest_name": "Dr Akua Mensah", "guest_email": "akua at univ", "guest_organisation": "University of Ghana",
             "guest_constituency": "academia", "guest_gender": "woman"}
    for headers in ({}, {"HX-Request": "true"}):
        r = post(client, auth, url, headers=headers, **typed)
        html = r.get_data(as_text=True)
        assert r.status_code == 422 and "This email address does not look right." in html
        assert 'value="Dr Akua Mensah"' in html and 'value="akua at univ"' in html
        assert 'value="University of Ghana"' in html
    r = post(client, auth, url, **{**typed, "guest_email": "akua@univ.example"})
    assert r.status_code == 303 and r.headers["Location"].endswith("?open=invitees#invitees")
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Dr Akua Mensah" in page and "University of Ghana" in page and "Guest" in page
    attendance = client.get(f"/t/forum-a/meetings/{m['id']}/attendance")
    # the attendance sheet opens once notice is out; the guest shows there as a guest
    with app.app_context(), tenant_context(two_forums["a"]):
        services.send_notice(_meeting(app, two_forums["a"], m["id"]))
        db.session.info.pop("baraza_after_commit", None)
        db.session.commit()
    attendance = client.get(f"/t/forum-a/meetings/{m['id']}/attendance").get_data(as_text=True)
    assert "Dr Akua Mensah" in attendance and "Guest" in attendance


def test_resync_asks_first_and_says_who_goes(app, client, auth, factory, two_forums, roll_a):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"], roll_a["Efua Union"]))
    with app.app_context(), tenant_context(a):
        committee = db.session.get(Committee, (a.id, m["committee_id"]))
        roll.set_seat(committee, db.session.get(Member, (a.id, roll_a["Efua Union"])), None)
        roll.set_seat(committee, db.session.get(Member, (a.id, roll_a["Yaw Employer"])), "member")
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/invitees/resync"
    asked = client.get(url).get_data(as_text=True)
    assert "Yaw Employer" in asked and "Efua Union" in asked
    assert (roll_a["Efua Union"], None) in _invited(app, a, m["id"])  # asking changed nothing
    r = post(client, auth, url, confirm="1")
    assert r.status_code == 303
    invited = _invited(app, a, m["id"])
    assert (roll_a["Efua Union"], None) not in invited and (roll_a["Yaw Employer"], None) in invited


def test_secretariat_erases_a_guest_after_confirming(app, client, auth, factory, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, member_ids=(two_forums["a_sec"]["id"],))
    with app.app_context(), tenant_context(a):
        guest_id = services.add_guest(_meeting(app, a, m["id"]), name="Akua Guest", email="akua@example.org").id
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{m['id']}/guests/{guest_id}/erase"
    assert "Akua Guest" in client.get(url).get_data(as_text=True)
    assert post(client, auth, url, confirm="1").status_code == 303
    page = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    assert "Akua Guest" not in page and "akua@example.org" not in page
