"""Browser (issue 38): the meeting in the room on three 360 px phones (the chair, two members) and a projector.

The members ask for the floor from their phones; the chair adds a third person from the room; the forum alternates
women and men, so the woman who asked last speaks second; the interventions are timed on a controlled clock and the
meeting's floor-time shares come out exactly; each page updates itself (htmx polling), fits 360 px and passes axe.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in
from tests.e2e.test_public import AXE, serious
from tests.live.helpers import T0, room
from webapp.extensions import db
from webapp.live import clock
from webapp.meetings.models import Meeting

pytestmark = pytest.mark.e2e


def _phone(browser):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return context, page


def _fits(page) -> None:  # noqa: ANN001
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert AXE.exists(), "npm ci installs axe-core (package.json devDependencies)"
    assert serious(page) == []


def test_three_phones_and_a_projector_run_the_room(app, browser, live_server, factory, two_forums) -> None:
    a = two_forums["a"]
    with app.app_context():
        row = db.session.get(Tenant, a.id)
        row.settings = {**(row.settings or {}), "speaker_order": "gender_alternating"}
        db.session.commit()
    r = room(app, factory, a)
    ama, kofi, yaw, _esi = r["member_ids"]
    base = f"{live_server}/t/forum-a/live/{r['id']}"
    clock.set(T0)
    contexts = []
    try:
        (c1, chair), (c2, ama_phone), (c3, kofi_phone), (c4, projector) = (_phone(browser) for _ in range(4))
        contexts = [c1, c2, c3, c4]
        sign_in(chair, live_server, two_forums["a_sec"]["email"])
        chair.goto(base)
        chair.click("text=Start the meeting")
        chair.wait_for_selector("text=Opening")
        _fits(chair)
        sign_in(kofi_phone, live_server, r["emails"][1])
        kofi_phone.goto(base)
        kofi_phone.click("text=Ask for the floor")
        kofi_phone.wait_for_selector("text=You are number 1 in the queue.")
        chair.select_option("select[name=member_id]", str(yaw))  # a hand raised in the room
        chair.click("text=Add to the queue")
        sign_in(ama_phone, live_server, r["emails"][0])
        ama_phone.goto(base)
        ama_phone.click("text=Ask for the floor")
        # alternating: Kofi (a man asked first), then Ama, then Yaw
        ama_phone.wait_for_selector("text=You are number 2 in the queue.")
        _fits(ama_phone)
        sign_in(projector, live_server, two_forums["a_sec"]["email"])
        projector.goto(f"{base}/projector")
        assert [x.strip() for x in projector.locator(".live-queue li").all_inner_texts()] == \
            ["Kofi Boateng", "Ama Mensah", "Yaw Owusu"]
        _fits(projector)
        at = 0
        for name, seconds in (("Kofi Boateng", 120), ("Ama Mensah", 60), ("Yaw Owusu", 180)):
            clock.set(T0 + timedelta(seconds=at))
            chair.click("text=Give the floor to the next")
            chair.wait_for_selector(f".live-speaking >> text={name}")
            at += seconds
        clock.set(T0 + timedelta(seconds=at))
        # the projector updates itself (polling): Yaw speaks, nobody waits
        projector.wait_for_selector(".live-speaking >> text=Yaw Owusu", timeout=8000)
        chair.click("text=End the intervention")
        # wait for the end itself ("0 in the queue" shows already while Yaw speaks): nobody speaks any more,
        # so the intervention was closed on the controlled clock, not after the test gave the clock back
        chair.wait_for_selector(".live-speaking", state="detached")
        chair.wait_for_selector("text=0 in the queue")
        kofi_phone.wait_for_selector("text=Ask for the floor", timeout=8000)  # his turn is over: he may ask again
        for page in (chair, ama_phone, kofi_phone, projector):
            assert page.errors == [], page.errors
    finally:
        clock.set(None)
        for c in contexts:
            c.close()
    with app.app_context(), tenant_context(a):
        counts = db.session.get(Meeting, (a.id, r["id"])).floor_counts
    assert counts["gender"] == {"man": [2, 300], "woman": [1, 60]}
    assert counts["constituency"] == {"employers": [1, 120], "workers": [2, 240]}
    assert (ama, kofi) == tuple(r["member_ids"][:2])
