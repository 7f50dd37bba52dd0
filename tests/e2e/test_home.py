"""A real browser on a phone-sized screen: sign in, the forum home, no console error."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_out

pytestmark = pytest.mark.e2e


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url(f"{live_server}/t/forum-a/")


def test_forum_home_on_a_phone_without_console_errors(phone, live_server, two_forums):
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    assert phone.locator("h1").inner_text() == "Forum A"
    assert phone.locator("#next-meetings").is_visible() and phone.locator("#todos").is_visible()
    # htmx is loaded from our own server and configured by the meta tag
    assert phone.evaluate("typeof htmx") == "object"
    assert phone.evaluate("htmx.config.allowEval") is False
    # nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.errors == []


def test_wrong_password_in_the_browser_keeps_the_email(phone, live_server, two_forums):
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=email]", two_forums["a_sec"]["email"])
    phone.fill("input[name=password]", "not the password")
    phone.click("button[type=submit]:has-text('Sign in')")
    phone.wait_for_selector("text=The email or password is not correct.")
    assert phone.input_value("input[name=email]") == two_forums["a_sec"]["email"]
    # Chromium logs every 4xx answer; the 422 is the designed answer to a form error and is swapped in
    assert [e for e in phone.errors if "status of 422" not in e] == []


def test_works_with_javascript_off(browser, live_server, two_forums):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        assert page.locator("h1").inner_text() == "Forum A"
        # the language switch is in the header's menu (issue 33): Menu, then the language, without JavaScript
        page.click("header.site details.menu > summary")
        page.click("header.site .language-menu > details > summary")
        page.click("button:has-text('Français')")
        page.wait_for_url(f"{live_server}/t/forum-a/")
        assert page.locator("html").get_attribute("lang") == "fr"
        sign_out(page)
        page.wait_for_url(f"{live_server}/")
        assert page.locator("a:has-text('Sign in')").count() == 1
    finally:
        context.close()


def test_switch_to_swahili_on_a_phone(app, phone, live_server, two_forums):
    from flask_babel import force_locale, gettext

    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.click("header.site details.menu > summary")
    phone.click("header.site .language-menu > details > summary")
    phone.click("button[lang=sw]")
    phone.wait_for_selector("html[lang=sw]")
    with app.test_request_context(), force_locale("sw"):
        next_title, sign_out = gettext("My next meetings"), gettext("Sign out")
    assert next_title != "My next meetings"
    assert phone.locator("#next-title").inner_text() == next_title
    assert phone.locator(f"button:has-text('{sign_out}')").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.errors == []


def test_member_home_on_a_phone_fits_answers_in_one_tap_and_passes_axe(app, browser, live_server, factory,
                                                                       two_forums):
    import os

    from tests.e2e.test_public import AXE, serious
    from tests.home.test_home import build_forum  # the same forum as the home page's own tests

    data = build_forum(app, factory, two_forums)
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    shots = os.environ.get("BARAZA_SCREENSHOTS")
    try:
        sign_in(page, live_server, data["me"]["email"])
        assert page.locator("#next-meetings li").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if shots:
            page.screenshot(path=f"{shots}/home-member-360.png", full_page=True)
        assert AXE.exists(), "npm ci installs axe-core (package.json devDependencies)"
        assert serious(page) == []
        row = page.locator(f"#my-meeting-{data['soon']['id']}")
        row.locator("button[value=yes]").click()  # one tap: htmx swaps the row in place
        page.wait_for_selector(f"#my-meeting-{data['soon']['id']} button[value=yes][aria-pressed=true]")
        assert "Coming" in page.locator(f"#my-meeting-{data['soon']['id']}").inner_text()
        assert not page.locator(f"#unanswered-{data['soon']['id']}").is_visible()  # no longer waits for me
        assert page.url == f"{live_server}/t/forum-a/"
        if shots:
            page.screenshot(path=f"{shots}/home-member-answered-360.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        sign_out(page)
        page.wait_for_url(f"{live_server}/")
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        assert page.locator("#todos li").count() >= 3
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if shots:
            page.screenshot(path=f"{shots}/home-staff-360.png", full_page=True)
        assert serious(page) == []
        assert errors == []
    finally:
        context.close()
