"""Browser, issue 21 "Done when": on a phone (360 px) and on a laptop (1280 px) the secretariat schedules a two-day
meeting, invites a constituency plus a guest, adds three agenda items without a duplicate, confirms and sends the
notice; the notice e-mails arrive, the guest's included. The test counts the interactions it performs for the task
(clicks, fills and selects, from the forum's home to the notice sent; signing in is apart) and saves screenshots."""
from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("BARAZA_SHOTS") or tempfile.gettempdir()) / "baraza-secretariat-task"
GUEST = "akua.mensah@univ-ghana.example.org"


class Task:
    """A Playwright page whose clicks, fills and selects are counted: the interactions a person would make."""

    def __init__(self, page) -> None:  # noqa: ANN001 - a Playwright page
        self.page, self.count, self.steps = page, 0, []

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self._count("click", selector)

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)
        self._count("fill", selector)

    def select(self, selector: str, **option: str) -> None:
        self.page.select_option(selector, **option)
        self._count("select", selector)

    def _count(self, kind: str, selector: str) -> None:
        self.count += 1
        self.steps.append(f"{kind} {selector}")


def _roll(app, two_forums) -> None:
    """Forum A: a plenary committee of three, and a workers' union of three members (one on the committee)."""
    with app.app_context(), tenant_context(two_forums["a"]):
        plenary = roll.save_committee(None, name="NSCCL Plenary", kind="plenary", level="national")
        union = roll.save_organisation(None, name="Ghana Mine Workers Union", acronym="GMWU", constituency="workers",
                                       country="GH")
        roll.set_seat(plenary, db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"])), "member")
        roll.set_seat(plenary, db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])), "member")
        for i, name in enumerate(("Kofi Asante", "Efua Boateng", "Yaw Darko")):
            m = roll.add_member(name, f"worker{i}@forum-a.test", "member", organisation_id=union.id)
            if i == 0:
                roll.set_seat(plenary, m, "member")
        db.session.commit()


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)], ids=["phone", "laptop"])
def test_schedule_invite_agenda_and_notice(app, browser, live_server, smtp, run_worker, queue_redis, two_forums,
                                           width, height):
    _roll(app, two_forums)
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    shots = SHOTS / f"{width}px"
    shots.mkdir(parents=True, exist_ok=True)
    task = Task(page)
    day = (datetime.now(UTC) + timedelta(days=30)).date()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        # to the meeting form, through the navigation (on a phone it opens under Menu)
        if phone:
            task.click("header.site details.menu > summary")
        task.click("#site-nav a:has-text('Meetings')")
        task.click("a:has-text('Plan a meeting')")
        # a two-day plenary
        task.fill("input[name=title]", "NSCCL plenary, second quarter")
        task.select("select[name=committee_id]", label="NSCCL Plenary")
        task.fill("input[name=day]", day.isoformat())
        task.fill("input[name=start_time]", "09:00")
        task.fill("input[name=end_day]", (day + timedelta(days=1)).isoformat())
        task.fill("input[name=end_time]", "13:00")
        task.fill("input[name=venue]", "Ministry of Employment and Labour Relations, Accra")
        page.screenshot(path=str(shots / "1-form.png"), full_page=True, caret="initial")
        task.click("form button[type=submit]:has-text('Save')")
        # the invitees are a section of their own (a draft opens on its agenda): one tap opens it
        page.wait_for_selector("#invitees-part > summary")
        task.click("#invitees-part > summary")
        page.wait_for_selector("#invite-group-form")
        # the committee came with the meeting, and the page says so
        assert page.locator("#invitees", has_text="Invited as members of NSCCL Plenary (3)").count() == 1
        # a constituency in one step: the workers (Kofi is on the committee already)
        assert page.locator("#invitees-count").inner_text().startswith("3 invited")
        page.evaluate("window.notReloaded = true")  # gone if the page reloads
        task.select("#invite-group-form select[name=group]", value="constituency:workers")
        task.click("#invite-group-form button[type=submit]")
        page.wait_for_selector("#invitees p[role=status]:has-text('2 invited, 1 already invited')")
        # issue 33: the answer shows on screen at the head of the section, and the count in its summary changes
        assert page.evaluate("window.innerHeight") > page.locator("#invite-result").bounding_box()["y"] >= 0
        page.wait_for_selector("#invitees-count:has-text('5 invited')")
        assert page.evaluate("window.notReloaded") is True
        # a guest who is not on the roll
        task.click("#guest > summary")
        task.fill("#guest-form input[name=guest_name]", "Dr Akua Mensah")
        task.fill("#guest-form input[name=guest_email]", GUEST)
        task.fill("#guest-form input[name=guest_organisation]", "University of Ghana")
        task.click("#guest-form button[type=submit]")
        page.wait_for_selector("#invitees p[role=status]:has-text('Dr Akua Mensah is invited as a guest.')")
        page.wait_for_selector("#invitees-count:has-text('6 invited')")
        assert page.evaluate("window.notReloaded") is True
        assert page.locator("#invitee-table tr.guest", has_text="Dr Akua Mensah").count() == 1
        assert page.locator("#invitee-table tbody tr").count() == 6
        page.locator("#invitees").screenshot(path=str(shots / "2-invitees.png"), caret="initial")
        # three agenda items; after each the form comes back empty (no duplicate on a second tap)
        for title in ("Opening and adoption of the agenda", "Matters arising", "Hazardous work list in ASM"):
            task.fill("#agenda-form input[name=title]", title)
            task.click("#agenda-form button[type=submit]")
            page.wait_for_selector(f"#agenda li:has-text('{title}')")
            assert page.input_value("#agenda-form input[name=title]") == ""
        assert page.locator("#agenda ol.agenda > li").count() == 3
        page.screenshot(path=str(shots / "3-meeting.png"), full_page=True, caret="initial")
        # notice, asked first
        task.click("button:has-text('Send notice')")
        page.wait_for_selector("text=Send the notice to 6 invitees?")
        page.screenshot(path=str(shots / "4-confirm.png"), caret="initial")
        task.click("button:has-text('Send the notice')")
        page.wait_for_selector("text=Notice is on its way to 6 invitees.")
        page.screenshot(path=str(shots / "5-sent.png"), full_page=True, caret="initial")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert errors == []
    finally:
        context.close()
    summary = f"{width} px: {task.count} interactions (clicks + fills + selects) from the forum's home to the notice"
    (shots / "interactions.txt").write_text(summary + "\n" + "\n".join(task.steps) + "\n", encoding="utf-8")
    print(summary)
    run_worker()
    assert len(smtp.messages) == 6
    [guest_mail] = smtp.to(GUEST)
    assert guest_mail["Subject"] == "Invitation: NSCCL plenary, second quarter"
    assert "/meetings/rsvp/" in guest_mail.get_body(("plain",)).get_content()
    for address in ("worker1@forum-a.test", "worker2@forum-a.test", two_forums["a_member"]["email"]):
        assert len(smtp.to(address)) == 1
