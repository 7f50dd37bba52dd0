"""Browser: attendance on a phone with quorum reached, the chair approves the minutes, outcomes go public."""
from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes

pytestmark = pytest.mark.e2e


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_attendance_quorum_approval_and_publication(app, browser, phone, live_server, factory, two_forums,
                                                    queue_redis, run_worker, tmp_path):
    chair = factory.member(two_forums["a"], "Kwame Chair", "chair")
    voters = [factory.member(two_forums["a"], f"Voter {c}", "member", account=False) for c in "ABC"]
    m = factory.meeting(two_forums["a"], title="Quarterly plenary", visibility="public", notify=True,
                        member_ids=(chair["id"], *[v["id"] for v in voters]))
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.goto(f"{live_server}/t/forum-a/meetings/{m['id']}/attendance")
    assert "No quorum yet" in phone.locator("#quorum").inner_text()
    for name in ("Voter A", "Voter B"):
        phone.click(f"ul.attendance button:has-text('{name}')")
        phone.wait_for_selector(f"ul.attendance li.present button:has-text('{name}')")
    assert "Quorum reached" in phone.locator("#quorum").inner_text()
    assert "2 of 4" in phone.locator("#quorum").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.errors == []
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        outcomes.save_minutes(meeting, "## Discussion\n\nThe list of hazardous tasks was agreed.", False, "public")
        outcomes.circulate_minutes(meeting)
        outcomes.save_decision(meeting, None, text="Adopt the hazardous work list", agenda_item_id=None,
                               visibility="public", policy_outcome=None, review_on=None, positions={})
        db.session.commit()
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, live_server, chair["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}")
        page.click("button:has-text('Approve the minutes')")
        page.wait_for_selector("text=Approved by Kwame Chair")
        assert page.locator("text=Quorum reached: 2 of 4 voting members present").count() == 1
        page.click("form[action='/logout'] button")
        page.wait_for_url(f"{live_server}/")
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}/outcomes")
        page.fill("textarea[name=summary]", "The forum adopted the hazardous work list for gold mining.")
        page.click("form button[type=submit]:has-text('Publish')")
        page.wait_for_selector("text=The outcomes are published")
        page.click("form[action='/logout'] button")
        page.wait_for_url(f"{live_server}/")
        page.goto(f"{live_server}/t/forum-a/public/")
        assert page.locator("text=The forum adopted the hazardous work list for gold mining.").count() == 1
        assert page.locator("text=Adopt the hazardous work list").count() == 1
        assert page.locator("text=The list of hazardous tasks was agreed.").count() == 1
        # an attendance report, built by the worker while the page polls, then downloaded
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/reports/")
        page.select_option("select[name=kind]", "attendance_meeting")
        page.select_option("select[name=meeting_id]", str(m["id"]))
        page.click("form button[type=submit]:has-text('Prepare the report')")
        page.wait_for_selector("progress")
        run_worker()
        page.wait_for_selector("#download", timeout=15000)
        with page.expect_download() as info:
            page.click("#download")
        pdf = tmp_path / "attendance.pdf"
        info.value.save_as(pdf)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Attendees: 2 of 4 invited" in text
    finally:
        context.close()
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalar(select(Meeting.status).where(Meeting.id == m["id"])) == "outcomes_published"
