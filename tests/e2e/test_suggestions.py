"""Browser, issue 42: on a 360 px phone with JavaScript off, a visitor goes from the forum's public home to the
suggestion form, verifies a phone by an SMS code that goes through Kannel and suggests a matter in Swahili; it is
absent from the public home until the secretariat publishes and answers it from the queue. The form (both steps),
the queue and the public home fit the screen and pass axe."""
from __future__ import annotations

import re

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.test_look import PHONE, sign_in
from tests.e2e.test_phone_journeys import fits_and_passes_axe
from webapp.extensions import db

pytestmark = pytest.mark.e2e
TITLE = "Shule za jioni kwa watoto wachimbaji"


def test_a_visitor_verifies_by_sms_and_suggests_a_matter_the_secretariat_publishes_and_answers(
        app, browser, live_server, verify_by_sms, smtp, run_worker, two_forums) -> None:
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        db.session.get(Tenant, a.id).enabled_locales = ["en", "sw"]
        db.session.commit()
    home = f"{live_server}/t/forum-a/public/"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(home)
        page.locator("#suggestions a[href*='/public/suggest/']").click()
        verify_by_sms(page, "+233201234641")
        page.fill("#title", TITLE)
        page.fill("#body", "Watoto wengi hawawezi kurudi darasani mchana.")
        page.select_option("#language", "sw")
        page.locator("#suggestion button[type=submit]").click()
        assert "your suggestion is sent" in page.locator("h1").inner_text()
    finally:
        context.close()
    assert TITLE.encode() not in app.test_client().get("/t/forum-a/public/").get_data()
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/t/forum-a/public/suggest/?lang=sw")
        problems = fits_and_passes_axe(page, "suggestion form (verify)")
        with app.app_context(), tenant_context(a):
            from sqlalchemy import select

            from webapp.consultations.models import Contact
            contact_id = db.session.scalar(select(Contact.id).where(Contact.address == "+233201234641"))
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/suggestions/")
        assert "+233201234641" in page.content() and TITLE in page.content()
        problems += fits_and_passes_axe(page, "suggestions queue")
        page.locator("article.comment form button", has_text="Publish").first.click()
        page.wait_for_selector("text=The suggestion is published.", timeout=10000)
        page.fill("article.comment textarea[name=answer]", "Tutajadili hili katika mkutano ujao.")
        page.locator("article.comment form button", has_text="Save the answer").first.click()
        page.wait_for_selector("text=The answer is saved", timeout=10000)
        assert contact_id is not None
    finally:
        context.close()
    # the other steps of the form (the code, then the suggestion itself) in a session of their own, JavaScript on
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/t/forum-a/public/suggest/")
        page.check("#channel-1")  # e-mail
        page.fill("#address", "axe@example.org")
        page.locator("#verify button[type=submit]").click()
        problems += fits_and_passes_axe(page, "suggestion form (code)")
        run_worker()
        [mail] = smtp.to("axe@example.org")
        page.fill("#code", re.search(r"\b(\d{6})\b", mail.get_body(("plain",)).get_content()).group(1))
        page.locator("#code-form button[type=submit]").click()
        page.wait_for_selector("#suggestion", timeout=10000)
        problems += fits_and_passes_axe(page, "suggestion form (the suggestion)")
        page.goto(home)
        problems += fits_and_passes_axe(page, "public home with a suggestion")
        assert problems == []
    finally:
        context.close()
    after = app.test_client().get("/t/forum-a/public/").get_data(as_text=True)
    assert TITLE in after and "Tutajadili hili katika mkutano ujao." in after and 'lang="sw"' in after
