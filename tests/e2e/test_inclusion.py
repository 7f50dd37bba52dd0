"""Browser: the chair opens the inclusion dashboard in Spanish on a phone and requests the report."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

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
    phone.click("button[lang=es]")
    phone.wait_for_selector("html[lang=es]")
    phone.goto(f"{live_server}/t/forum-a/inclusion/")
    with app.test_request_context(), force_locale("es"):
        title, prepare = gettext("Inclusion dashboard"), gettext("Prepare the report")
    assert title != "Inclusion dashboard" and phone.locator("h1").inner_text() == title
    assert phone.locator("#scorecard li.check").count() == 4
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
