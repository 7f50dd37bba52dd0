"""Attendance and quorum, minutes, decisions with positions, published outcomes, search."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings.models import Invitation, Meeting, Minutes
from webapp.meetings.outcomes import services as outcomes
from webapp.members import services as roll
from webapp.members.models import Committee, Member


def post(client, auth, url, headers=None, **data):
    return client.post(url, data={"csrf_token": auth.csrf("/t/forum-a/meetings/"), **data}, headers=headers or {})


@pytest.fixture
def held(app, factory, two_forums):
    """A notified meeting of a committee of four voting members (the secretariat is invited too)."""
    people = [factory.member(two_forums["a"], f"Voter {c}", "member", account=False) for c in "ABCD"]
    m = factory.meeting(two_forums["a"], title="Quarterly plenary",
                        member_ids=(two_forums["a_sec"]["id"], *[p["id"] for p in people]), notify=True,
                        visibility="public")
    with app.app_context(), tenant_context(two_forums["a"]):
        ids = {inv.member_id: inv.id for inv in db.session.scalars(select(Invitation).where(
            Invitation.meeting_id == m["id"]))}
    return {**m, "people": people, "invitations": ids}


def test_attendance_one_tap_with_live_quorum(app, client, auth, two_forums, held, queue_redis):
    auth.login(two_forums["a_sec"]["email"])
    url = f"/t/forum-a/meetings/{held['id']}/attendance"
    page = client.get(url).get_data(as_text=True)
    assert "No quorum yet" in page and "0 of 4 voting members present; 2 needed." in page
    first, second = (held["invitations"][p["id"]] for p in held["people"][:2])
    r = post(client, auth, f"{url}/{first}", headers={"HX-Request": "true"}, present="1")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html and "1 of 4 voting members present" in html
    r = post(client, auth, f"{url}/{second}", present="1")  # without JavaScript: a plain form and a redirect
    assert r.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Quorum reached" in page and "2 of 4 voting members present" in page
    # each person is one toggle button (button_form): its state for screen readers, its name as markup, htmx target
    assert 'class="outline" aria-pressed="false"><span class="name">' in " ".join(page.split()).replace("> <", "><")
    assert 'aria-pressed="true"' in page and 'hx-target="#live" hx-swap="innerHTML"' in page
    # the secretariat's own presence never counts
    post(client, auth, f"{url}/{held['invitations'][two_forums['a_sec']['id']]}", present="1")
    assert "2 of 4 voting members present" in client.get(url).get_data(as_text=True)


def test_members_cannot_take_attendance(client, auth, two_forums, held):
    auth.login(two_forums["a_member"]["email"])
    assert client.get(f"/t/forum-a/meetings/{held['id']}/attendance").status_code == 404


def test_minutes_sanitised_circulated_approved_by_a_co_chair(app, client, auth, factory, smtp, run_worker,
                                                            queue_redis, two_forums, held):
    auth.login(two_forums["a_sec"]["email"])
    body = "## Discussion\n\n**Agreed** to map *hazardous tasks*.\n\n<script>alert(1)</script>" \
           "<a href=\"javascript:alert(2)\">x</a> <img src=x onerror=alert(3)>"
    r = post(client, auth, f"/t/forum-a/meetings/{held['id']}/minutes", body_md=body, non_attributed="y",
             visibility="public")
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        html = db.session.scalar(select(Minutes.body_html))
    assert "<h2>Discussion</h2>" in html and "<strong>Agreed</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    run_worker()
    smtp.messages.clear()
    assert post(client, auth, f"/t/forum-a/meetings/{held['id']}/minutes/circulate", confirm="1").status_code == 303
    run_worker()
    assert len(smtp.messages) == 5 and all(m["Subject"].startswith("Minutes:") for m in smtp.messages)
    # a plain member may not approve; a co-chair of the committee may
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert post(client, auth, f"/t/forum-a/meetings/{held['id']}/minutes/approve").status_code == 404
    with app.app_context(), tenant_context(two_forums["a"]):
        committee = db.session.get(Committee, (two_forums["a"].id, held["committee_id"]))
        roll.set_seat(committee, db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                      "co_chair")
        db.session.commit()
    page = client.get(f"/t/forum-a/meetings/{held['id']}").get_data(as_text=True)
    assert "Approve the minutes" in page
    assert post(client, auth, f"/t/forum-a/meetings/{held['id']}/minutes/approve").status_code == 303
    page = client.get(f"/t/forum-a/meetings/{held['id']}").get_data(as_text=True)
    # the co-chair sits on the committee (though not invited): five voting members now set the bar
    assert "Approved by Amadou Member" in page and "Quorum not reached: 0 of 5 voting members present" in page


def test_quorum_is_a_share_of_the_committees_voting_members_not_of_the_invitees(app, client, auth, factory,
                                                                               two_forums, held):
    """Leaving absent members off the invitation does not lower the bar, inviting guests does not raise it, and an
    invited alternate stands in for an absent titular."""
    from sqlalchemy import update

    from webapp.meetings import services as meeting_services
    from webapp.members.models import Member

    guest = factory.member(two_forums["a"], "Guest Expert", "member", account=False)
    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        meeting = db.session.get(Meeting, (tid, held["id"]))
        voter_a, voter_b, voter_c, voter_d = (db.session.get(Member, (tid, p["id"])) for p in held["people"])
        meeting_services.remove_invitee(meeting, voter_d)  # absent, and left off the list
        meeting_services.add_invitee(meeting, db.session.get(Member, (tid, guest["id"])))
        alternate = roll.add_member("Alt of Voter C", "alt.c@x.example.org", "alternate", alternate_of_id=voter_c.id)
        meeting_services.add_invitee(meeting, alternate)
        db.session.flush()
        for member in (voter_a, alternate, db.session.get(Member, (tid, guest["id"]))):
            db.session.execute(update(Invitation).where(Invitation.meeting_id == meeting.id,
                                                        Invitation.member_id == member.id).values(attended=True))
        db.session.commit()
        result = outcomes.quorum_for(db.session.get(Meeting, (tid, held["id"])))
    # four seats (A-D; the secretariat and the guest do not count); A and C's alternate are present: 2 of 4
    assert (result.seats, result.present, result.needed, result.reached) == (4, 2, 2, True)


def test_decisions_with_positions_and_outcomes_on_the_public_page(app, client, auth, smtp, run_worker, queue_redis,
                                                                  two_forums, held):
    auth.login(two_forums["a_sec"]["email"])
    base = f"/t/forum-a/meetings/{held['id']}"
    r = post(client, auth, f"{base}/decisions/new", text="Adopt the hazardous work list for gold mining",
             visibility="public", position_government="agrees", position_employers="agrees",
             position_workers="consensus", review_on=(date.today() + timedelta(days=180)).isoformat())
    assert r.status_code == 303
    post(client, auth, f"{base}/decisions/new", text="Refer the child-protection case to the district", visibility="restricted")
    post(client, auth, f"{base}/decisions/new", text="Members-only budget note", visibility="members")
    page = client.get(base).get_data(as_text=True)
    assert "Government: Agrees" in page and "Workers: Consensus" in page
    bad = post(client, auth, f"{base}/decisions/new", text="", visibility="public")
    assert bad.status_code == 422 and "Please write the decision." in bad.get_data(as_text=True)
    run_worker()
    smtp.messages.clear()
    r = post(client, auth, f"{base}/outcomes", summary="The forum adopted the hazardous work list.")
    assert r.status_code == 303
    run_worker()
    assert any(m["Subject"].startswith("Outcomes:") for m in smtp.messages)
    auth.logout()
    public = client.get("/t/forum-a/public/")
    html = public.get_data(as_text=True)
    assert public.status_code == 200 and "Set-Cookie" not in public.headers
    assert "The forum adopted the hazardous work list." in html and "Adopt the hazardous work list" in html
    assert "child-protection case" not in html and "Members-only budget note" not in html
    with app.app_context():
        from tenants.models import Tenant

        assert db.session.get(Tenant, two_forums["a"].id).last_published_at is not None


def test_search_respects_visibility(app, client, auth, two_forums, held, factory):
    hidden = factory.meeting(two_forums["a"], title="Mercury case review", member_ids=(two_forums["a_member"]["id"],),
                             visibility="restricted", notify=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        for mid, text, vis in ((held["id"], "Ban mercury amalgamation near schools", "public"),
                               (hidden["id"], "Mercury seizure at the Obuasi site", "restricted")):
            meeting = db.session.get(Meeting, (two_forums["a"].id, mid))
            outcomes.save_decision(meeting, None, text=text, agenda_item_id=None, visibility=vis,
                                   policy_outcome=None, review_on=None, positions={})
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    assert 'action="/t/forum-a/meetings/search"' in client.get("/t/forum-a/meetings/").get_data(as_text=True)
    html = client.get("/t/forum-a/meetings/search?q=mercury").get_data(as_text=True)
    assert "Ban <mark>mercury</mark> amalgamation" in html and "Obuasi" not in html and "Mercury case" not in html
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    html = client.get("/t/forum-a/meetings/search?q=mercury").get_data(as_text=True)
    assert "Obuasi" in html and "<mark>Mercury</mark> case review" in html
    assert "Obuasi" not in client.get("/t/forum-b/meetings/search?q=mercury").get_data(as_text=True)


def test_search_finds_draft_minutes_for_the_secretariat_only(app, client, auth, two_forums, held):
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, held["id"]))
        outcomes.save_minutes(meeting, "Draft: cyanide use reported at two sites", False, "members")
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    assert "cyanide</mark> use" not in client.get("/t/forum-a/meetings/search?q=cyanide").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert "<mark>cyanide</mark> use" in client.get("/t/forum-a/meetings/search?q=cyanide").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        outcomes.circulate_minutes(db.session.get(Meeting, (two_forums["a"].id, held["id"])))
        db.session.commit()
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    assert "<mark>cyanide</mark> use" in client.get("/t/forum-a/meetings/search?q=cyanide").get_data(as_text=True)


def test_decision_review_reminder_once(app, smtp, run_worker, queue_redis, two_forums, held):
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, held["id"]))
        outcomes.save_decision(meeting, None, text="Review the district by-laws", agenda_item_id=None,
                               visibility="members", policy_outcome=None, review_on=date.today(), positions={})
        db.session.commit()
        assert outcomes.remind_decision_reviews(date.today()) == 1
        db.session.commit()
        assert outcomes.remind_decision_reviews(date.today()) == 0
        db.session.commit()
    run_worker()
    review = [m for m in smtp.messages if m["Subject"] == "A decision is due for review"]
    assert len(review) == 1 and "Review the district by-laws" in review[0].get_body(("plain",)).get_content()


def test_meeting_page_queries_are_the_same_for_3_and_300_decisions(app, client, auth, two_forums, held):
    def add(n):
        with app.app_context(), tenant_context(two_forums["a"]):
            meeting = db.session.get(Meeting, (two_forums["a"].id, held["id"]))
            for i in range(n):
                outcomes.save_decision(meeting, None, text=f"Decision {i}", agenda_item_id=None, visibility="public",
                                       policy_outcome=None, review_on=None,
                                       positions={"government": "agrees", "workers": "abstains"})
            db.session.commit()

    auth.login(two_forums["a_sec"]["email"])
    add(3)
    with count_queries(app) as few:
        assert client.get(f"/t/forum-a/meetings/{held['id']}").status_code == 200
    add(297)
    with count_queries(app) as many:
        r = client.get(f"/t/forum-a/meetings/{held['id']}")
    assert r.status_code == 200 and "Decision 296" in r.get_data(as_text=True)
    assert few["n"] == many["n"]


def test_publishing_a_members_only_meeting_says_it_stays_off_the_public_page(app, client, auth, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Members plenary", member_ids=(two_forums["a_member"]["id"],),
                        notify=True, days_ahead=-2)
    auth.login(two_forums["a_sec"]["email"])
    form = client.get(f"/t/forum-a/meetings/{m['id']}/outcomes").get_data(as_text=True)
    assert "This meeting is not public" in form
    r = post(client, auth, f"/t/forum-a/meetings/{m['id']}/outcomes", summary="Agreed on the survey.")
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "they do not appear on the forum" in page.replace("&#39;", "'")
    assert "Members plenary" not in client.get("/t/forum-a/public/").get_data(as_text=True)


def test_a_past_meetings_quorum_does_not_change_when_the_committee_changes_later(app, factory, two_forums, held):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from webapp.members.models import Committee, Member

    with app.app_context(), tenant_context(two_forums["a"]):
        tid = two_forums["a"].id
        meeting = db.session.get(Meeting, (tid, held["id"]))
        voters = [db.session.get(Member, (tid, p["id"])) for p in held["people"]]
        db.session.execute(update(Invitation).where(Invitation.meeting_id == meeting.id,
                                                    Invitation.member_id.in_([v.id for v in voters[:2]]))
                           .values(attended=True))
        meeting.start_at = datetime.now(UTC) - timedelta(days=30)
        meeting.end_at, meeting.status = meeting.start_at + timedelta(hours=3), "held"
        db.session.commit()
        before = outcomes.quorum_for(db.session.get(Meeting, (tid, held["id"])))
        # later: four newcomers take seats and one of those present leaves the forum
        committee = db.session.get(Committee, (tid, held["committee_id"]))
        for i in range(4):
            roll.set_seat(committee, roll.add_member(f"Newcomer {i}", f"new{i}@x.example.org", "member"), "member")
        roll.update_member(voters[0], {"active": False})
        db.session.commit()
        after = outcomes.quorum_for(db.session.get(Meeting, (tid, held["id"])))
    assert (before.seats, before.present, before.reached) == (4, 2, True)
    assert (after.seats, after.present, after.reached) == (before.seats, before.present, before.reached)
