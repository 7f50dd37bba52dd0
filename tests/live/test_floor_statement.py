"""Issue 39 (issue 38's remainder): the floor-time statement — turns and time by gender and by constituency against
those present — in the minutes (one tap) and in the meeting's attendance report; groups only, never a name."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tenants.rls import tenant_context
from tests.live.helpers import T0, room
from webapp.extensions import db
from webapp.live import clock, parity


@pytest.fixture(autouse=True)
def controlled_clock():  # noqa: ANN201
    clock.set(T0)
    yield
    clock.set(None)


COUNTS = {"gender": {"woman": [1, 90], "man": [2, 270]},
          "constituency": {"workers": [2, 300], "employers": [1, 60]},
          "present": {"gender": {"woman": 2, "man": 2}, "constituency": {"workers": 2, "employers": 1,
                                                                          "government": 1}}}


def test_the_statement_counts_turns_and_time_against_those_present() -> None:
    lines = {(x.kind, x.group): x for x in parity.statement(COUNTS)}
    women = lines[("gender", "woman")]
    assert (women.present, women.share_present, women.turns, women.seconds) == (2, 0.5, 1, 90)
    assert women.share_time == 0.25
    government = lines[("constituency", "government")]
    assert (government.turns, government.seconds, government.share_time) == (0, 0, 0.0)
    assert parity.statement({}) == [] and parity.statement({"gender": {}, "present": {}}) == []


def test_the_statement_goes_into_the_minutes_and_the_report_without_names(app, client, auth, factory,
                                                                          two_forums) -> None:
    from webapp.live import services
    from webapp.meetings.models import Meeting, Minutes
    from webapp.members.models import Member
    from webapp.reports import builders

    r = room(app, factory, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (two_forums["a"].id, r["id"]))
        services.start(m, T0)
        for i, seconds in ((0, 90), (1, 240), (2, 30)):  # Ama (woman, workers), Kofi, Yaw (men)
            member = db.session.get(Member, (two_forums["a"].id, r["member_ids"][i]))
            services.give_floor(m, services.ask(m, member, T0), T0)
            services.end_intervention(m, T0 + timedelta(seconds=seconds))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    notes = f"/t/forum-a/live/{r['id']}/interventions"
    page = client.get(notes).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    resp = client.post(f"/t/forum-a/live/{r['id']}/floor-statement", data={"csrf_token": token})
    assert resp.status_code == 303 and resp.headers["Location"].endswith(f"/meetings/{r['id']}/minutes")
    with app.app_context(), tenant_context(two_forums["a"]):
        body = db.session.scalar(db.select(Minutes.body_md).where(Minutes.meeting_id == r["id"]))
        assert "**Floor time**" in body
        assert "Woman: 2 present (50%), 1 turns, 1:30 of floor time (25%)" in body
        assert "Man: 2 present (50%), 2 turns, 4:30 of floor time (75%)" in body
        assert "Government: 1 present (25%), 0 turns, 0:00 of floor time (0%)" in body
        assert not any(name in body for name in ("Ama", "Kofi", "Yaw", "Esi"))
        report = builders.attendance_meeting(r["id"], "en")
        [section] = report.sections
        assert section.heading == "Floor time"
        assert ["Woman", "2 (50%)", "1", "1:30 (25%)"] in section.rows
    assert "Add the floor-time statement to the minutes" in client.get(
        f"/t/forum-a/meetings/{r['id']}/minutes").get_data(as_text=True)
    auth.logout()
    auth.login(r["emails"][0])  # a member may not
    page = client.get(f"/t/forum-a/live/{r['id']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post(f"/t/forum-a/live/{r['id']}/floor-statement", data={"csrf_token": token}).status_code == 404
