"""Issue 39: remedies for the balance in the room — when a group's floor time is low against its share of those
present, the chair's view names the first of that group waiting and gives them the floor in one tap."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.live.helpers import T0, room
from webapp.extensions import db
from webapp.live import clock, parity
from webapp.live.models import Intervention


@pytest.fixture(autouse=True)
def controlled_clock():  # noqa: ANN201
    clock.set(T0)
    yield
    clock.set(None)


COUNTS = {"gender": {"woman": [1, 30], "man": [1, 240]},
          "constituency": {"workers": [1, 30], "employers": [1, 240]},
          "present": {"gender": {"woman": 2, "man": 2}, "constituency": {"workers": 2, "employers": 1,
                                                                          "government": 1}}}


def test_floor_remedies_name_the_first_of_the_low_group_waiting() -> None:
    waiting = [(7, "man", "workers", "Yaw Owusu"), (9, "woman", "government", "Esi Asante")]
    [women, government, workers] = parity.floor_remedies(COUNTS, 2 / 3, waiting)
    assert (women.kind, women.group, women.request_id, women.name) == ("gender", "woman", 9, "Esi Asante")
    assert round(women.share_time, 2) == 0.11 and women.share_present == 0.5 and women.turns_after == 2 / 3
    assert (government.group, government.request_id) == ("government", 9)
    assert (workers.group, workers.request_id) == ("workers", 7)
    assert parity.floor_remedies(COUNTS, 2 / 3, [])[0].request_id is None
    assert parity.floor_remedies({}, 2 / 3, waiting) == []


def test_the_chair_gives_the_floor_to_the_remedy_in_one_tap(app, client, auth, factory, two_forums) -> None:
    from webapp.live import services
    from webapp.meetings.models import Meeting
    from webapp.members.models import Member

    r = room(app, factory, two_forums["a"])
    tid = two_forums["a"].id
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (tid, r["id"]))
        services.start(m, T0)
        for i, seconds in ((1, 240), (0, 30)):  # Kofi (man) 4 min, Ama (woman) 30 s
            member = db.session.get(Member, (tid, r["member_ids"][i]))
            services.give_floor(m, services.ask(m, member, T0), T0)
            services.end_intervention(m, T0 + timedelta(seconds=seconds))
        services.ask(m, db.session.get(Member, (tid, r["member_ids"][2])), T0)  # Yaw, then Esi, wait
        services.ask(m, db.session.get(Member, (tid, r["member_ids"][3])), T0 + timedelta(seconds=1))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    base = f"/t/forum-a/live/{r['id']}"
    page = client.get(base).get_data(as_text=True)
    assert "Woman: 11% of the floor for 50% of those present." in page
    match = re.search(r'<button class="small" name="give" value="(\d+)">Give the floor to Esi Asante</button>', page)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"{base}/floor", data={"csrf_token": token, "give": match.group(1)}).status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        speaking = db.session.scalars(select(Intervention).where(Intervention.seconds.is_(None))).one()
        assert speaking.name == "Esi Asante"


def test_gender_remedy_picks_the_fewest_women_alternates_of_men_first() -> None:
    from webapp.inclusion import checks

    t = checks.Targets()
    invited = ["man"] * 6 + ["woman"]
    candidates = [checks.Candidate(1, "Adjoa", "woman"), checks.Candidate(2, "Zainab", "woman", alternate_of_man=True),
                  checks.Candidate(3, "Bea", "woman"), checks.Candidate(4, "Carla", "woman"),
                  checks.Candidate(5, "Kwame", "man")]
    remedy = checks.gender_remedy(invited, candidates, t)
    assert remedy == {"ids": [2, 1, 3], "names": ["Zainab", "Adjoa", "Bea"], "share": 0.4, "status": "ok"}
    assert checks.gender_remedy(["man"] * 3 + ["woman"] * 3, candidates, t) is None  # balanced: nothing to do
    assert checks.gender_remedy(invited, candidates[:2], t) is None  # two women are not enough: no false promise


def test_a_meeting_whose_womens_share_warns_offers_a_remedy_taken_in_one_tap(app, client, auth, factory,
                                                                            two_forums) -> None:
    from webapp.inclusion import services as inclusion
    from webapp.meetings.models import Meeting
    from webapp.members import services as roll

    tenant = two_forums["a"]
    with app.app_context(), tenant_context(tenant):
        men = [roll.add_member(f"Man {i}", f"man{i}@a.test", "member", gender="man").id for i in range(6)]
        woman = roll.add_member("Akosua Mensah", "akosua@a.test", "member", gender="woman").id
        roll.add_member("Zainab Bello", "zainab@a.test", "alternate", gender="woman", alternate_of_id=men[0])
        for name in ("Abena Ofori", "Efua Sarpong", "Yaa Asantewaa"):
            roll.add_member(name, name.split()[0].lower() + "@a.test", "member", gender="woman")
        db.session.commit()
    m = factory.meeting(tenant, title="Budget", member_ids=(*men, woman))
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
    assert "Remedy: invite Zainab Bello, Abena Ofori, Efua Sarpong — women 40% of the invitees." in page
    form = re.search(r'<form method="post" action="([^"]+)" id="remedy-gender".*?</form>', page, re.S).group(0)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
            "member_id": re.findall(r'name="member_id" value="(\d+)"', form)}
    assert client.post(re.search(r'action="([^"]+)"', form).group(1), data=data).status_code == 303
    with app.app_context(), tenant_context(tenant):
        [check] = [r for r in inclusion.meeting_checks(db.session.get(Meeting, (tenant.id, m["id"])))
                   if r.key == "gender"]
        assert check.status == "ok" and check.figures["women"] == 4
    assert "Remedy: invite" not in client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees").get_data(as_text=True)
