"""Browser: the chair opens the inclusion dashboard in Spanish on a phone and requests the report."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import choose_language

pytestmark = pytest.mark.e2e


def test_chair_dashboard_in_spanish_and_report(app, factory, phone, live_server, run_worker, queue_redis,
                                               two_forums):
    from flask_babel import force_locale, gettext

    chair = factory.member(two_forums["a"], "Claire Chair", "chair")
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=email]", chair["email"])
    phone.fill("input[name=password]", PASSWORD)
    phone.click("#login button[type=submit]")
    phone.wait_for_url(f"{live_server}/t/forum-a/")
    choose_language(phone, "es")
    phone.goto(f"{live_server}/t/forum-a/inclusion/")
    with app.test_request_context(), force_locale("es"):
        title, prepare = gettext("Inclusion dashboard"), gettext("Prepare the report")
    assert title != "Inclusion dashboard" and phone.locator("h1").inner_text() == title
    # the four properties scored from the figures, and "relevant" computed from the recommendations' uptake (issue 41)
    assert phone.locator("#scorecard li.check").count() == 5
    assert phone.locator("#scorecard #relevant-computed").count() == 1
    assert phone.locator("#trends svg").count() == 4
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(f"{live_server}/t/forum-a/reports/")
    phone.select_option("select[name=kind]", "inclusion")
    phone.click(f"form button[type=submit]:has-text('{prepare}')")
    phone.wait_for_selector("progress")
    run_worker()
    phone.wait_for_selector("#download", timeout=15000)
    assert phone.locator("#download").get_attribute("href").endswith("/download")
    assert phone.errors == []


def test_dashboard_charts_read_at_a_glance_on_a_phone(app, factory, phone, live_server, two_forums):
    import os
    from datetime import datetime, timedelta

    from sqlalchemy import update

    from tenants.rls import tenant_context
    from tests.inclusion.test_surfaces import BALANCED, people
    from webapp.extensions import db
    from webapp.meetings.models import Invitation, Meeting

    ids = people(app, factory, two_forums["a"], BALANCED)
    for days in (40, 100):  # two months with figures among months without
        m = factory.meeting(two_forums["a"], title=f"Held {days}", member_ids=tuple(ids), days_ahead=-days)
        with app.app_context(), tenant_context(two_forums["a"]):
            meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
            meeting.status, meeting.notified_at = "held", meeting.start_at - timedelta(days=15)
            db.session.execute(update(Invitation).where(Invitation.meeting_id == m["id"]).values(attended=True))
            db.session.commit()
    chair = factory.member(two_forums["a"], "Claire Chair", "chair")
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=email]", chair["email"])
    phone.fill("input[name=password]", PASSWORD)
    phone.click("#login button[type=submit]")
    phone.wait_for_url(f"{live_server}/t/forum-a/")
    phone.goto(f"{live_server}/t/forum-a/inclusion/")
    assert phone.locator("#chart-1 text.value", has_text="50%").count() == 2
    assert "committees within the gender range" in phone.locator("#summary").inner_text()
    from babel.dates import format_date

    from webapp.core.zones import forum_zone
    this_month = format_date(datetime.now(forum_zone(two_forums["a"])).date(), "MMM", locale="en")
    charts = phone.locator("#trends svg[role=img]")
    assert charts.count() == 4
    for i in range(4):
        svg = charts.nth(i)
        assert svg.locator("title").text_content().strip()
        labels = svg.locator("text.label")
        assert labels.count() == 12
        assert labels.nth(11).text_content() == this_month
        box, last = svg.bounding_box(), labels.nth(11).bounding_box()
        # the month label is drawn, inside the chart, inside the screen, and big enough to read
        assert labels.nth(11).is_visible() and last["height"] >= 9
        assert box["x"] <= last["x"] and last["x"] + last["width"] <= min(box["x"] + box["width"], 360)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    if os.environ.get("BARAZA_SCREENSHOTS"):
        phone.locator("main").screenshot(path=os.path.join(os.environ["BARAZA_SCREENSHOTS"], "charts-360.png"))
    assert phone.errors == []
