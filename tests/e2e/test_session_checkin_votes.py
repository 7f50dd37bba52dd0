"""Browser (issue 39): at 360 px, two members check in with the room code from their phones and one by SMS (through
Kannel: "HERE <code>" sent into Kannel's fakesmsc, posted by smsbox to /sms/inbound, answered by SMS); a code older than its window is refused; quorum moves when the secretariat confirms them; an
electronic secret vote under the consent rule is decided per constituency and recorded as a decision. Each page fits
360 px and passes axe."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in
from tests.e2e.test_live_meeting import _fits, _phone
from tests.live.helpers import room
from tests.notices.sms.test_replies import wait_for
from webapp.extensions import db
from webapp.live import checkin, clock
from webapp.live.models import LiveVote
from webapp.meetings.models import Decision, Invitation, SelfCheckin
from webapp.members.models import Member

pytestmark = pytest.mark.e2e
PHONE = "+233201234577"


def _checked_in(app, tenant, meeting_id: int, member_id: int) -> bool:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return db.session.get(SelfCheckin, (tenant.id, meeting_id, member_id)) is not None


def _start(chair, live_server: str, email: str, base: str) -> str:  # noqa: ANN001
    """The chair signs in, starts the meeting on the room page; returns the room code shown."""
    sign_in(chair, live_server, email)
    chair.goto(base)
    chair.click("text=Start the meeting")
    chair.wait_for_selector(".room-code strong")
    return chair.inner_text(".room-code strong")


def _open_vote(chair, base: str, rule: str, method: str, motion: str | None = None,  # noqa: ANN001
               candidates: str | None = None, secret: bool = False) -> str:
    """The chair opens a vote on a motion (or an election among ``candidates``) from the votes page; returns the
    vote's address once it shows (the seats' count for phones, the count form for a show of hands)."""
    chair.goto(f"{base}/votes")
    if motion is not None:
        chair.fill("#motion", motion)
    if candidates is not None:
        chair.fill("#candidates", candidates)
    chair.select_option("#rule", rule)
    chair.select_option("#method", method)
    if secret:
        chair.check("#secret")
    chair.click("button:has-text('Open the vote')")
    chair.wait_for_selector("text=0 of 4 seats have voted." if method == "phones" else "form.hands")
    return chair.url


def test_check_in_confirm_and_vote_on_phones(app, browser, live_server, factory, two_forums, kannel, run_worker,
                                             queue_redis) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    with app.app_context(), tenant_context(a):
        for inv in db.session.scalars(select(Invitation).where(Invitation.meeting_id == r["id"])):
            inv.attended = False
        db.session.get(Member, (a.id, r["member_ids"][2])).phone = PHONE
        db.session.commit()
    base = f"{live_server}/t/forum-a/live/{r['id']}"
    t0 = datetime.now(UTC).replace(microsecond=0)  # the SMS router reads the real time
    clock.set(t0)
    contexts = []
    try:
        (c1, chair), (c2, ama), (c3, kofi) = (_phone(browser) for _ in range(3))
        contexts = [c1, c2, c3]
        code = _start(chair, live_server, two_forums["a_sec"]["email"], base)
        _fits(chair)
        for page, email in ((ama, r["emails"][0]), (kofi, r["emails"][1])):
            sign_in(page, live_server, email)
            page.goto(base)
            page.fill("#code", code)
            page.click("button:has-text('Check in')")
            page.wait_for_selector("text=You are checked in.")
            _fits(page)
        # Yaw has no smartphone: "HERE <code>" into Kannel (fakesmsc → bearerbox → smsbox → /sms/inbound)
        kannel.send_from(PHONE, f"here {code.lower()}")
        assert wait_for(lambda: _checked_in(app, a, r["id"], r["member_ids"][2]))
        run_worker()
        [back] = [m for m in kannel.wait_received(1) if m.to == PHONE]
        assert "Room" in back.text
        # Esi types a code older than its window: refused
        clock.set(t0 + checkin.WORKS_FOR + timedelta(seconds=1))
        c4, esi = _phone(browser)
        contexts.append(c4)
        sign_in(esi, live_server, r["emails"][3])
        esi.goto(base)
        esi.fill("#code", code)
        with esi.expect_response(lambda resp: resp.url.endswith("/checkin")) as answer:
            esi.click("button:has-text('Check in')")
        assert answer.value.status == 303
        esi.wait_for_selector("#code")  # still asked for a code: not checked in
        assert not _checked_in(app, a, r["id"], r["member_ids"][3])
        # the secretariat confirms the three in one tap: quorum moves
        chair.goto(f"{live_server}/t/forum-a/meetings/{r['id']}/attendance")
        assert "0 of 4 voting members present" in chair.inner_text("#quorum")
        assert chair.locator("text=Checked in by themselves").count() == 3
        chair.click("#checkins button:has-text('Confirm all')")
        chair.wait_for_selector("#quorum:has-text('3 of 4 voting members present')")
        _fits(chair)
        # a secret vote from the phones under the consent rule
        vote_url = _open_vote(chair, base, "consent_of_every_core_constituency", "phones",
                              motion="Adopt the 2027 work plan", secret=True)
        _fits(chair)
        for page in (ama, kofi):
            page.goto(base)
            page.click("text=Go to the vote")
            page.click("button[value=agree]")
            page.wait_for_selector("text=Your seat has voted.")
            _fits(page)
        chair.goto(vote_url)
        chair.wait_for_selector("text=2 of 4 seats have voted.")
        chair.click("button:has-text('Close the vote')")
        chair.wait_for_selector(".live-place:has-text('Not adopted')")  # the government's seat did not vote
        _fits(chair)
    finally:
        for c in contexts:
            c.close()
        clock.set(None)
    with app.app_context(), tenant_context(a):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (False, "core_silent")
        decision = db.session.get(Decision, (a.id, v.decision_id))
        assert "Workers: 1 for, 0 against, 0 abstaining" in decision.text
        assert "Employers: 1 for, 0 against, 0 abstaining" in decision.text
        assert re.search(r"Not adopted \(secret ballot\)", decision.text)


def test_the_show_of_hands_form_fits_a_phone_and_a_wrong_count_is_corrected_with_an_audit_entry(
        app, browser, live_server, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    base = f"{live_server}/t/forum-a/live/{r['id']}"
    context, chair = _phone(browser)
    try:
        _start(chair, live_server, two_forums["a_sec"]["email"], base)
        _open_vote(chair, base, "majority_with_turnout", "hands", motion="Hold the next plenary in Tarkwa")
        _fits(chair)  # four constituencies' numbers at 360 px, labelled, nothing wider than the screen
        chair.fill("input[name=workers-agree]", "2")
        chair.fill("input[name=employers-object]", "1")
        chair.fill("input[name=government-abstain]", "1")
        chair.click("button:has-text('Record the count')")
        chair.wait_for_selector("text=The show of hands is recorded.")
        chair.click("button:has-text('Close the vote')")
        chair.wait_for_selector(".live-place:has-text('Not adopted')")
        # the government's hand was for, not abstaining: the secretariat corrects the count
        assert chair.input_value("input[name=government-abstain]") == "1"
        chair.fill("input[name=government-abstain]", "0")
        chair.fill("input[name=government-agree]", "1")
        chair.click("button:has-text('Record the count')")
        chair.wait_for_selector(".live-place:text-is('Adopted')")
        _fits(chair)
        chair.goto(f"{live_server}/t/forum-a/members/audit?action=tally_corrected")
        assert "tally corrected" in chair.inner_text("main")
        _fits(chair)
    finally:
        context.close()
    with app.app_context(), tenant_context(a):
        v = db.session.scalars(select(LiveVote)).one()
        assert (v.adopted, v.outcome_reason) == (True, "majority_agreed")
        assert "Government: 1 for, 0 against, 0 abstaining" in db.session.get(Decision, (a.id, v.decision_id)).text


def test_a_chair_is_elected_by_show_of_hands_and_the_members_phones_show_the_candidates(
        app, browser, live_server, factory, two_forums) -> None:
    a = two_forums["a"]
    r = room(app, factory, a)
    base = f"{live_server}/t/forum-a/live/{r['id']}"
    (c1, chair), (c2, ama) = _phone(browser), _phone(browser)
    try:
        _start(chair, live_server, two_forums["a_sec"]["email"], base)
        election = _open_vote(chair, base, "majority_with_turnout", "phones", candidates="Ama Mensah\nYaw Owusu")
        sign_in(ama, live_server, r["emails"][0])
        ama.goto(election)
        assert ama.inner_text(".vote-motion") == "Election of the chair"
        _fits(ama)  # the candidates as the buttons, at 360 px
        ama.click("button:has-text('Yaw Owusu')")
        ama.wait_for_selector("text=Your seat has voted.")
        chair.goto(election)
        chair.click("button:has-text('Close the vote')")
        chair.wait_for_selector(".live-place:text-is('No candidate elected')")  # one seat of four: turnout too low
        _fits(chair)
        # the same by a show of hands: the form lists the candidates per constituency
        _open_vote(chair, base, "majority_with_turnout", "hands", candidates="Ama Mensah\nYaw Owusu")
        _fits(chair)
        chair.fill("input[name=workers-c2]", "2")
        chair.fill("input[name=employers-c2]", "1")
        chair.fill("input[name=government-c1]", "1")
        chair.click("button:has-text('Record the count')")
        chair.wait_for_selector("text=The show of hands is recorded.")
        chair.click("button:has-text('Close the vote')")
        chair.wait_for_selector(".live-place:text-is('Yaw Owusu elected chair')")
        _fits(chair)
    finally:
        c1.close()
        c2.close()
    with app.app_context(), tenant_context(a):
        texts = [db.session.get(Decision, (a.id, v.decision_id)).text
                 for v in db.session.scalars(select(LiveVote).order_by(LiveVote.id))]
        assert "Yaw Owusu elected chair (show of hands)" in texts[1]
        assert "Workers: Ama Mensah 0, Yaw Owusu 2, 0 abstaining" in texts[1]
