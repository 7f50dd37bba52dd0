"""Issue 39: self check-in with the room code — from the phone (signed in), through the answer link, by SMS — shown
on the attendance sheet, counted toward quorum once the secretariat confirms; a code older than its window fails."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.live.helpers import T0, room
from tests.live.helpers import post as _post
from webapp.extensions import db
from webapp.live import checkin, clock
from webapp.meetings.models import Invitation, SelfCheckin
from webapp.notices.sms.models import SmsMessage

PHONE = "+233201234599"

pytestmark = pytest.mark.usefixtures("controlled_clock")  # tests/live/conftest.py


@pytest.fixture
def held(app, factory, two_forums, auth):  # noqa: ANN001, ANN201
    """The room of tests/live/helpers.py with nobody marked present yet, started by the secretariat."""
    r = room(app, factory, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        for inv in db.session.scalars(select(Invitation).where(Invitation.meeting_id == r["id"])):
            inv.attended = False
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    base = f"/t/forum-a/live/{r['id']}"
    assert _post(auth.client, f"{base}/start", base).status_code == 303
    return {**r, "base": base}


def _code(client, path: str) -> str:  # noqa: ANN001
    return re.search(r"Room code: <strong>(\w+)</strong>", client.get(path).get_data(as_text=True)).group(1)


def _checkins(app, tenant) -> dict[int, tuple[str, bool]]:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return {c.member_id: (c.channel, c.confirmed_at is not None) for c in db.session.scalars(select(SelfCheckin))}


def test_members_check_in_with_the_room_code_and_count_once_confirmed(app, client, auth, two_forums, held) -> None:
    base = held["base"]
    code = _code(client, base)
    assert _code(client, f"{base}/projector") == code
    sheet = f"/t/forum-a/meetings/{held['id']}/attendance"
    assert "0 of 4 voting members present" in client.get(sheet).get_data(as_text=True)
    auth.logout()
    auth.login(held["emails"][0])  # Ama, from her phone
    page = client.get(base).get_data(as_text=True)
    assert "Type the room code" in page and "Room code" not in page  # the code is shown in the room, not here
    wrong = _post(client, f"{base}/checkin", base, code="AAAAA")
    assert wrong.status_code == 303 and "does not work" in client.get(base).get_data(as_text=True)
    assert _post(client, f"{base}/checkin", base, code=code.lower()).status_code == 303
    assert "You are checked in." in client.get(base).get_data(as_text=True)
    auth.logout()
    auth.login(held["emails"][1])  # Kofi
    _post(client, f"{base}/checkin", base, code=code)
    assert _checkins(app, two_forums["a"]) == {held["member_ids"][0]: ("phone", False),
                                               held["member_ids"][1]: ("phone", False)}
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    assert "2 self check-ins to confirm" in client.get(base).get_data(as_text=True)
    page = client.get(sheet).get_data(as_text=True)
    assert page.count("Checked in by themselves (phone)") == 2 and "0 of 4 voting members present" in page
    # one by one, then all
    r = _post(client, f"/t/forum-a/meetings/{held['id']}/attendance/checkins", sheet,
              member_id=str(held["member_ids"][1]))
    assert r.status_code == 303
    assert "1 of 4 voting members present" in client.get(sheet).get_data(as_text=True)
    _post(client, f"/t/forum-a/meetings/{held['id']}/attendance/checkins", sheet)
    page = client.get(sheet).get_data(as_text=True)
    assert "2 of 4 voting members present" in page and "to confirm" not in page
    assert all(confirmed for _c, confirmed in _checkins(app, two_forums["a"]).values())


def test_a_code_older_than_its_window_is_refused(app, client, auth, two_forums, held) -> None:
    base = held["base"]
    old = _code(client, base)
    clock.set(T0 + checkin.ROTATE_EVERY)
    new = _code(client, base)
    assert new != old
    auth.logout()
    auth.login(held["emails"][0])
    clock.set(T0 + checkin.WORKS_FOR + timedelta(seconds=1))  # the first code's window is over, the second's not
    _post(client, f"{base}/checkin", base, code=old)
    assert "does not work" in client.get(base).get_data(as_text=True) and _checkins(app, two_forums["a"]) == {}
    _post(client, f"{base}/checkin", base, code=new)
    assert _checkins(app, two_forums["a"]) == {held["member_ids"][0]: ("phone", False)}


def test_check_in_through_the_answer_link(app, client, auth, two_forums, held) -> None:
    from webapp.meetings import services as meetings

    code = _code(client, held["base"])
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        inv = db.session.scalar(select(Invitation).where(Invitation.member_id == held["member_ids"][3]))
        token = meetings.rsvp_token(two_forums["a"].id, inv.id, held["member_ids"][3])
    assert "Check in with the room code" in client.get(f"/t/forum-a/meetings/rsvp/{token}").get_data(as_text=True)
    link = f"/t/forum-a/live/here/{token}"
    assert "Esi Asante" in client.get(link).get_data(as_text=True)
    bad = _post(client, link, link, code="WRONG")
    assert bad.status_code == 422 and "does not work" in bad.get_data(as_text=True)
    assert _post(client, link, link, code=code).status_code == 200
    assert _checkins(app, two_forums["a"]) == {held["member_ids"][3]: ("link", False)}
    # forum B's address with forum A's link: 404
    assert client.get(f"/t/forum-b/live/here/{token}").status_code == 404
    assert client.get(f"/t/forum-a/live/here/{token}x").status_code == 404


def test_check_in_by_sms_through_the_shared_room_code(app, client, auth, two_forums, held, queue_redis) -> None:
    from webapp.notices.sms import inbound

    clock.set(datetime.now(UTC))  # the routing table reads the real time
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.members.models import Member

        db.session.get(Member, (two_forums["a"].id, held["member_ids"][2])).phone = PHONE
        db.session.commit()
    code = _code(client, held["base"])
    with app.app_context():
        assert inbound.receive("here-1", PHONE, f"here {code}") == "answered"
        db.session.commit()
    assert _checkins(app, two_forums["a"]) == {held["member_ids"][2]: ("sms", False)}
    with app.app_context(), tenant_context(two_forums["a"]):
        [body] = db.session.scalars(select(SmsMessage.body).where(SmsMessage.recipient_phone == PHONE)).all()
    assert "checked in at Room" in body and "will confirm" in body
    # from a phone nobody invited has: no check-in
    with app.app_context():
        inbound.receive("here-2", "+233201234598", f"HERE {code}")
        db.session.commit()
    assert len(_checkins(app, two_forums["a"])) == 1


def test_the_chair_ends_the_meeting(app, client, auth, two_forums, held) -> None:
    base = held["base"]
    assert "End the meeting" in client.get(base).get_data(as_text=True)
    assert _post(client, f"{base}/end", base).status_code == 303
    page = client.get(base).get_data(as_text=True)
    assert "The meeting in the room has ended." in page and "Room code" not in page
    auth.logout()
    auth.login(held["emails"][0])
    assert _post(client, f"{base}/end", base).status_code == 404  # a member may not
