"""A real browser on a phone-sized screen: sign in, the forum home, no console error."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

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
    assert phone.locator("#roll").is_visible()
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
        page.click("button:has-text('Français')")
        page.wait_for_url(f"{live_server}/t/forum-a/")
        assert page.locator("html").get_attribute("lang") == "fr"
        page.click("form[action='/logout'] button")
        page.wait_for_url(f"{live_server}/")
        assert page.locator("a:has-text('Sign in')").count() == 1
    finally:
        context.close()


def test_switch_to_swahili_on_a_phone(app, phone, live_server, two_forums):
    from flask_babel import force_locale, gettext

    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.click("button[lang=sw]")
    phone.wait_for_selector("html[lang=sw]")
    with app.test_request_context(), force_locale("sw"):
        member_roll, sign_out = gettext("Member roll"), gettext("Sign out")
    assert member_roll != "Member roll"
    assert phone.locator("#roll-title").inner_text() == member_roll
    assert phone.locator(f"button:has-text('{sign_out}')").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.errors == []
