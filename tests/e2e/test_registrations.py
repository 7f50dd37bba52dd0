"""Browser, issue 42: a visitor with JavaScript off, on a 360 px phone, registers for an open webinar session in
Swahili from its public page; the form and the secretariat's list fit the screen and pass axe; the confirmation
e-mail carries the .ics."""
from __future__ import annotations

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.test_look import PHONE, sign_in
from tests.e2e.test_phone_journeys import fits_and_passes_axe
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.registrations import services as registrations

pytestmark = pytest.mark.e2e


def test_a_visitor_registers_without_javascript_on_a_phone(app, browser, live_server, factory, smtp, run_worker,
                                                           two_forums) -> None:
    a = two_forums["a"]
    m = factory.meeting(a, title="Open webinar on formalisation", visibility="public", notify=True,
                        online_link="https://meet.example.org/formalisation")
    with app.app_context(), tenant_context(a):
        db.session.get(Tenant, a.id).enabled_locales = ["en", "sw"]
        db.session.commit()
    with app.app_context(), tenant_context(db.session.get(Tenant, a.id)):
        registrations.open_registration(db.session.get(Meeting, (a.id, m["id"])), 20)
    run_worker()
    smtp.messages.clear()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/t/forum-a/public/meetings/{m['id']}?lang=sw")
        page.locator("#register a").click()
        page.fill("#name", "Neema Mwakyusa")
        page.fill("#email", "neema@example.org")
        page.select_option("#language", "sw")
        page.fill("#access_needs", "Manukuu")
        page.locator("form button[type=submit]").click()
        assert page.locator("h1").inner_text() == "Umesajiliwa"
    finally:
        context.close()
    run_worker()
    [msg] = smtp.to("neema@example.org")
    assert [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert "https://meet.example.org/formalisation" in msg.get_body(("plain",)).get_content()
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/t/forum-a/public/meetings/{m['id']}/register")
        problems = fits_and_passes_axe(page, "registration form")
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}/registrations")
        assert "Neema Mwakyusa" in page.content()
        problems += fits_and_passes_axe(page, "registrations list")
        assert problems == []
    finally:
        context.close()
