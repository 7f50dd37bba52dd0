"""Browser: the secretariat creates a series with five organisations from three constituencies and plans six
sessions; no constituency chairs twice in a row."""
from __future__ import annotations

import pytest

from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in
from webapp.extensions import db
from webapp.members import services as roll

pytestmark = pytest.mark.e2e
ORGS = [("IOE", "employers"), ("ICMM", "employers"), ("ITUC", "workers"), ("IndustriALL", "workers"),
        ("Ministry of Mines", "government")]


def test_secretariat_creates_a_series_and_plans_six_sessions(app, browser, live_server, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.save_committee(None, name="Webinar Steering Group", kind="working_group", level="national")
        for name, constituency in ORGS:
            roll.save_organisation(None, name=name, acronym=None, constituency=constituency, country=None)
        db.session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/webinars/new")
        page.fill("input[name=title]", "Knowledge-sharing webinars")
        page.fill("input[name=start_on]", "2027-02-03")
        page.fill("input[name=at]", "14:00")
        for i, (name, _c) in enumerate(ORGS):
            page.select_option(f"select[name=org_{i}]", label=name)
        page.click("form button[type=submit]:has-text('Create the series')")
        page.wait_for_selector("#fairness")
        page.fill("input[name=count]", "6")
        page.click("form button[type=submit]:has-text('Plan sessions')")
        page.wait_for_selector("#sessions tbody tr:nth-child(6)")
        cells = page.locator("#sessions td.chair small").all_inner_texts()
        assert len(cells) == 6
        assert all(a != b for a, b in zip(cells, cells[1:], strict=False)), cells
        assert errors == []
    finally:
        context.close()


def test_the_series_form_offers_the_forums_working_languages_on_a_phone(app, browser, live_server, two_forums,
                                                                         tmp_path):
    """At 360 px, in a forum that works in Twi: the language list names Twi, the form fits the screen, a series is
    created in Twi."""
    from tenants.models import Tenant

    with app.app_context():
        forum = db.session.get(Tenant, two_forums["a"].id)
        forum.enabled_locales = [*(forum.enabled_locales or ["en"]), "tw"]
        db.session.commit()
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.save_committee(None, name="Webinar Steering Group", kind="working_group", level="national")
        roll.save_organisation(None, name="ITUC", acronym=None, constituency="workers", country=None)
        db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    try:
        sign_in(phone, live_server, two_forums["a_sec"]["email"])
        phone.goto(f"{live_server}/t/forum-a/webinars/new")
        assert "Twi" in phone.locator("select[name=language]").inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.screenshot(path=str(tmp_path / "series-form-360.png"), full_page=True)
        phone.fill("input[name=title]", "Mmara ho nkitahodi")
        phone.fill("input[name=start_on]", "2027-02-03")
        phone.fill("input[name=at]", "14:00")
        phone.select_option("select[name=language]", value="tw")
        phone.select_option("select[name=org_0]", label="ITUC")
        phone.click("form button[type=submit]:has-text('Create the series')")
        phone.wait_for_selector("#fairness")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
