"""A committee's chair and co-chairs keep its attendance sheets and see its checks, whatever their role in the forum
(issue 22); a seat as a plain member, or the chair of another committee, does not open them (404, as elsewhere)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings.models import Invitation
from webapp.members import services as roll
from webapp.members.models import Committee, Member


def _seat(app, tenant, committee_id, member_id, role):
    with app.app_context(), tenant_context(tenant):
        roll.set_seat(db.session.get(Committee, (tenant.id, committee_id)),
                      db.session.get(Member, (tenant.id, member_id)), role)
        db.session.commit()


@pytest.fixture
def committees(app, factory, two_forums):
    """Two committees of forum A, each with a notified meeting; a co-chair of the first (a plain member of the
    forum), a seat-holder of the first, and one meeting of forum B."""
    a = two_forums["a"]
    voters = [factory.member(a, f"Voter {c}", "member", account=False) for c in "AB"]
    co_chair = factory.member(a, "Comfort Cochair", "member")
    seated = factory.member(a, "Seth Seated", "member")
    ids = (co_chair["id"], seated["id"], *[v["id"] for v in voters])
    mine = factory.meeting(a, title="Mining subcommittee", member_ids=ids, notify=True, days_ahead=-1)
    other = factory.meeting(a, title="Finance committee", member_ids=ids, notify=True, days_ahead=-1)
    _seat(app, a, mine["committee_id"], co_chair["id"], "co_chair")
    theirs = factory.meeting(two_forums["b"], title="Forum B plenary", notify=True, days_ahead=-1)
    with app.app_context(), tenant_context(a):
        invitation = db.session.scalar(select(Invitation.id).where(
            Invitation.meeting_id == mine["id"], Invitation.member_id == voters[0]["id"]))
    return {"mine": mine, "other": other, "theirs": theirs, "co_chair": co_chair, "seated": seated,
            "invitation": invitation}


def test_a_co_chair_keeps_their_committees_sheet_and_sees_its_checks(client, auth, committees):
    auth.login(committees["co_chair"]["email"])
    mine = committees["mine"]
    url = f"/t/forum-a/meetings/{mine['id']}/attendance"
    sheet = client.get(url)
    assert sheet.status_code == 200 and "Voter A" in sheet.get_data(as_text=True)
    r = client.post(f"{url}/{committees['invitation']}",
                    data={"csrf_token": auth.csrf(url), "present": "1"})
    assert r.status_code == 303
    assert "1 of " in client.get(url).get_data(as_text=True)
    page = client.get(f"/t/forum-a/meetings/{mine['id']}").get_data(as_text=True)
    assert f'href="{url}"' in page and 'id="meeting-checks"' in page
    assert 'id="committee-checks"' in client.get(f"/t/forum-a/committees/{mine['committee_id']}").get_data(
        as_text=True)


def test_a_co_chair_does_not_reach_another_committee(client, auth, committees):
    auth.login(committees["co_chair"]["email"])
    other = committees["other"]
    url = f"/t/forum-a/meetings/{other['id']}/attendance"
    assert client.get(url).status_code == 404
    page = client.get(f"/t/forum-a/meetings/{other['id']}").get_data(as_text=True)
    assert f'href="{url}"' not in page and 'id="meeting-checks"' not in page
    assert 'id="committee-checks"' not in client.get(f"/t/forum-a/committees/{other['committee_id']}").get_data(
        as_text=True)


def test_a_seat_without_the_chair_opens_nothing(client, auth, committees):
    auth.login(committees["seated"]["email"])
    mine = committees["mine"]
    url = f"/t/forum-a/meetings/{mine['id']}/attendance"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/{committees['invitation']}", data={"csrf_token": auth.csrf("/t/forum-a/"),
                                                                    "present": "1"}).status_code == 404
    assert 'id="committee-checks"' not in client.get(f"/t/forum-a/committees/{mine['committee_id']}").get_data(
        as_text=True)


def test_a_co_chair_never_reaches_another_forums_sheet(client, auth, committees):
    auth.login(committees["co_chair"]["email"])
    theirs = committees["theirs"]["id"]
    assert client.get(f"/t/forum-a/meetings/{theirs}/attendance").status_code == 404
    assert client.get(f"/t/forum-b/meetings/{theirs}/attendance").status_code == 404
