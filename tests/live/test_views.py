"""Issue 38: the live pages — chair, member, projector, notes — their controls, polling, and tenant isolation."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import count_queries
from tests.live.helpers import T0
from tests.live.helpers import csrf as _csrf
from tests.live.helpers import post as _post
from webapp.extensions import db
from webapp.live import clock
from webapp.live.models import Intervention, SpeakerRequest

pytestmark = pytest.mark.usefixtures("controlled_clock")  # tests/live/conftest.py


def _waiting(app, tenant) -> list[str]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return list(db.session.scalars(select(SpeakerRequest.name).where(SpeakerRequest.status == "waiting")
                                       .order_by(SpeakerRequest.id)))


def test_member_asks_and_the_chair_gives_the_floor_and_ends_it(app, client, auth, two_forums, live) -> None:
    base = live["base"]
    auth.logout()
    auth.login(live["emails"][0])  # Ama, a member
    page = client.get(base).get_data(as_text=True)
    assert "Ask for the floor" in page and "Opening" in page and "Give the floor" not in page
    r = _post(client, f"{base}/ask", base)
    assert r.status_code == 303 and r.headers["Location"].endswith(base)
    assert "You are number 1 in the queue." in client.get(base).get_data(as_text=True)
    assert _waiting(app, two_forums["a"]) == ["Ama Mensah"]
    _post(client, f"{base}/withdraw", base)
    assert _waiting(app, two_forums["a"]) == []
    _post(client, f"{base}/ask", base)
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(base).get_data(as_text=True)
    assert "Ama Mensah" in page and "Give the floor to the next" in page
    clock.set(T0 + timedelta(seconds=30))
    assert _post(client, f"{base}/floor", base, next="1").status_code == 303
    assert "Speaking:" in client.get(base).get_data(as_text=True)
    clock.set(T0 + timedelta(seconds=125))
    assert _post(client, f"{base}/end-intervention", base).status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalars(select(Intervention.seconds)).all() == [95]
    # the chair adds someone from the room, moves them up, the next item comes
    r = _post(client, f"{base}/speakers", base, name="Chief Adjei", constituency="community", gender="man")
    assert r.status_code == 303 and _waiting(app, two_forums["a"]) == ["Chief Adjei"]
    assert _post(client, f"{base}/next-item", base).status_code == 303
    assert "Mining permits" in client.get(base).get_data(as_text=True)


def test_the_projector_and_the_non_attributed_meeting_hide_names_from_members(app, client, auth, two_forums,
                                                                              live) -> None:
    from webapp.meetings.models import Minutes

    base = live["base"]
    _post(client, f"{base}/speakers", base, name="Chief Adjei", constituency="community", gender="man")
    assert "Chief Adjei" in client.get(f"{base}/projector").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        db.session.add(Minutes(meeting_id=live["id"], non_attributed=True))
        db.session.commit()
    projector = client.get(f"{base}/projector").get_data(as_text=True)
    assert "Chief Adjei" not in projector and "Community" in projector and "Forum A" in projector
    auth.logout()
    auth.login(live["emails"][1])
    assert "Chief Adjei" not in client.get(base).get_data(as_text=True)


def test_polling_answers_304_until_something_changes_and_updates_are_small(app, client, auth, two_forums,
                                                                           live) -> None:
    base = live["base"]
    for i in range(5):
        _post(client, f"{base}/speakers", base, name=f"Speaker number {i}", constituency="workers", gender="woman")
    hx = {"HX-Request": "true", "HX-Target": "live-panel"}
    first = client.get(base, headers=hx)
    assert first.status_code == 200 and first.headers["ETag"]
    body = first.get_data()
    assert len(body) <= 2048, len(body)
    assert b"<html" not in body and b"Speaker number 4" in body
    with count_queries(app) as n:
        again = client.get(base, headers={**hx, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    unchanged_statements = n["n"]
    _post(client, f"{base}/floor", base, next="1")
    with count_queries(app) as n:
        changed = client.get(base, headers={**hx, "If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and b"Speaking:" in changed.data
    # the live state in 3 statements beyond what any signed-in page costs (the 304's)
    assert n["n"] - unchanged_statements <= 3, (n["n"], unchanged_statements)
    projector = client.get(f"{base}/projector", headers=hx)
    assert projector.status_code == 200 and len(projector.get_data()) <= 2048


def test_fifty_queue_and_intervention_actions_leave_the_public_homes_etag_unchanged(app, client, auth, two_forums,
                                                                                   live) -> None:
    from webapp.core import content_version

    base = live["base"]
    visitor = app.test_client()  # the public home as an anonymous visitor gets it (with its ETag)
    home = visitor.get("/t/forum-a/public/")
    assert home.status_code == 200 and home.headers["ETag"]
    before = content_version.version(two_forums["a"].id)
    token = _csrf(client, base)
    actions = 0
    for i in range(10):
        for path, data in ((f"{base}/speakers", {"name": f"Person {i}", "gender": "woman"}),
                           (f"{base}/floor", {"next": "1"}), (f"{base}/end-intervention", {}),
                           (f"{base}/speakers", {"name": f"Other {i}"}), (f"{base}/floor", {"next": "1"})):
            assert client.post(path, data={"csrf_token": token, **data}).status_code == 303
            actions += 1
    assert actions == 50
    assert content_version.version(two_forums["a"].id) == before
    again = visitor.get("/t/forum-a/public/", headers={"If-None-Match": home.headers["ETag"]})
    assert again.status_code == 304
    with app.app_context(), tenant_context(two_forums["a"]):
        assert len(db.session.scalars(select(Intervention)).all()) == 20


def test_the_secretariat_enters_and_corrects_interventions_from_notes(app, client, auth, two_forums, live) -> None:
    notes = f"{live['base']}/interventions"
    r = _post(client, notes, notes, name="Chief Adjei", constituency="community", gender="man",
              item_id=str(live["item_id"]), started="09:30", minutes="2", seconds="5")
    assert r.status_code == 303
    page = client.get(notes).get_data(as_text=True)
    assert "Chief Adjei" in page and "2:05" in page
    bad = _post(client, notes, notes, name="Someone", started="late")
    assert bad.status_code == 422 and "hh:mm" in bad.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        iv = db.session.scalars(select(Intervention)).one()
    path = f"{notes}/{iv.id}"
    assert "Chief Adjei" in client.get(path).get_data(as_text=True)
    r = _post(client, path, path, name="Chief Adjei", constituency="community", gender="woman", minutes="1",
              seconds="0", item_id=str(live["item_id"]))
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        iv = db.session.scalars(select(Intervention)).one()
        assert (iv.gender, iv.seconds, iv.corrected_at is not None) == ("woman", 60, True)
    auth.logout()
    auth.login(live["emails"][0])  # a member may not enter notes
    assert client.get(notes).status_code == 404


def test_every_live_route_is_a_404_for_another_forums_meeting(app, client, auth, factory, two_forums, live) -> None:
    with app.app_context(), tenant_context(two_forums["a"]):
        iv = db.session.scalars(select(Intervention)).first()
        req = db.session.scalars(select(SpeakerRequest)).first()
    assert iv is None and req is None
    # forum B's secretariat, in forum B, asking for forum A's meeting, request and intervention ids
    b_meeting = factory.meeting(two_forums["b"], title="Other")
    client.post(f"{live['base']}/speakers", data={"csrf_token": _csrf(client, live["base"]), "name": "Somebody"})
    client.post(f"{live['base']}/interventions", data={
        "csrf_token": _csrf(client, live["base"]), "name": "Noted", "started": "09:00", "minutes": "1"})
    with app.app_context(), tenant_context(two_forums["a"]):
        req_id = db.session.scalars(select(SpeakerRequest.id)).first()
        iv_id = db.session.scalars(select(Intervention.id)).first()
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    mid = live["id"]
    b_page = f"/t/forum-b/meetings/{b_meeting['id']}"
    token = _csrf(client, b_page)
    for path in (f"/t/forum-b/live/{mid}", f"/t/forum-b/live/{mid}/projector", f"/t/forum-b/live/{mid}/interventions",
                 f"/t/forum-b/live/{mid}/interventions/{iv_id}"):
        assert client.get(path).status_code == 404, path
    for path, data in ((f"/t/forum-b/live/{mid}/start", {}), (f"/t/forum-b/live/{mid}/next-item", {}),
                       (f"/t/forum-b/live/{mid}/end-intervention", {}), (f"/t/forum-b/live/{mid}/floor", {"give": req_id}),
                       (f"/t/forum-b/live/{mid}/speakers", {"name": "X"}), (f"/t/forum-b/live/{mid}/ask", {}),
                       (f"/t/forum-b/live/{mid}/withdraw", {}), (f"/t/forum-b/live/{mid}/interventions", {}),
                       (f"/t/forum-b/live/{mid}/interventions/{iv_id}", {})):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404, path
    # and forum A's own routes with forum B's signed-in user: not a member there, so 404 too
    assert client.get(live["base"]).status_code in (302, 403, 404)
    # a request id of the meeting given to another meeting's route: 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    other = factory.meeting(two_forums["a"], title="Another", notify=True, days_ahead=0)
    other_base = f"/t/forum-a/live/{other['id']}"
    _post(client, f"{other_base}/start", other_base)
    assert _post(client, f"{other_base}/floor", other_base, give=req_id).status_code == 404
    assert client.get(f"{other_base}/interventions/{iv_id}").status_code == 404


def test_the_meeting_page_shows_voice_in_the_room_by_group_never_by_name(app, client, auth, two_forums,
                                                                         live) -> None:
    base = live["base"]
    page_path = f"/t/forum-a/meetings/{live['id']}"
    assert "No intervention counted yet." in client.get(page_path).get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.live import services
        from webapp.meetings.models import Meeting
        from webapp.members.models import Member

        m = db.session.get(Meeting, (two_forums["a"].id, live["id"]))
        t = T0
        for who, seconds in zip(live["member_ids"], (60, 120, 180, 40), strict=True):  # Ama, Kofi, Yaw, Esi
            services.give_floor(m, services.ask(m, db.session.get(Member, (two_forums["a"].id, who)), t), t)
            t += timedelta(seconds=seconds)
            services.end_intervention(m, t)
        db.session.commit()
    auth.logout()
    auth.login(live["emails"][1])  # a member reads the outcomes
    page = client.get(page_path).get_data(as_text=True)
    voice = page[page.index('id="voice"'):page.index("</section>", page.index('id="voice"'))]
    assert "Floor time by gender" in voice and "Under 67% of their share of those present: Woman." in voice
    assert "Floor time by constituency" in voice and "Government" in voice
    assert "1:40 (25%)" in voice and "5:00 (75%)" in voice  # women 100 s of 400, men 300 s
    assert not any(name in voice for name in ("Ama", "Kofi", "Yaw", "Esi"))
    assert base in voice  # the live view is linked from here


def test_the_dashboard_shows_womens_floor_time_from_the_meeting_rows(app, client, auth, two_forums, live) -> None:
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.live import services
        from webapp.meetings.models import Meeting

        m = db.session.get(Meeting, (two_forums["a"].id, live["id"]))
        services.enter_intervention(m, name="A woman", constituency="workers", gender="woman", item_id=None,
                                    started_at=T0, seconds=100)
        services.enter_intervention(m, name="A man", constituency="employers", gender="man", item_id=None,
                                    started_at=T0, seconds=300)
        m.status = "held"
        db.session.commit()
    table = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    table = table[table.index('id="trend-table"'):]
    assert "Women&#39;s floor time" in table or "Women's floor time" in table
    # the cell under "Women's floor time" (its label shown beside it on a phone, issue 33): 100 s of 400
    assert re.search(r'<td data-label="Women(&#39;|\')s floor time">25%</td>', table)


def test_the_forum_chooses_the_queue_order_and_the_parity_fraction(app, client, auth, two_forums, live) -> None:
    from webapp.inclusion.forms import SPEAKER_ORDERS
    from webapp.live import queue

    assert tuple(code for code, _label in SPEAKER_ORDERS) == queue.POLICIES
    path = "/t/forum-a/inclusion/settings"
    assert 'value="67"' in client.get(path).get_data(as_text=True)
    r = client.post(path, data={"csrf_token": _csrf(client, path), "women_min": "40", "women_max": "60",
                                "max_constituency_share": "50", "notice_days": "14", "publication_days": "14",
                                "regularity_months": "3", "floor_parity": "50", "speaker_order": "gender_alternating"})
    assert r.status_code == 303
    base = live["base"]
    for name, gender in (("First man", "man"), ("Second man", "man"), ("A woman", "woman")):
        _post(client, f"{base}/speakers", base, name=name, gender=gender)
    page = client.get(f"{base}/projector").get_data(as_text=True)
    assert page.index("First man") < page.index("A woman") < page.index("Second man")
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.live import services
        from webapp.meetings.models import Meeting

        m = db.session.get(Meeting, (two_forums["a"].id, live["id"]))
        services.enter_intervention(m, name="W", constituency=None, gender="woman", item_id=None, started_at=T0,
                                    seconds=30)
        services.enter_intervention(m, name="M", constituency=None, gender="man", item_id=None, started_at=T0,
                                    seconds=70)
        db.session.commit()
    # women: half the room, 30% of the time: over half of their share (50%), so no warning at this forum's fraction
    page = client.get(f"/t/forum-a/meetings/{live['id']}").get_data(as_text=True)
    assert "at least 50% of its share of those present" in page
