"""Browser: the secretariat imports a CSV on a desktop; a member changes their languages on a phone, in French."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import choose_language

pytestmark = pytest.mark.e2e

CSV = ("name,email,organisation,constituency,role,gender,languages\n"
       "Mariam Alhassan,mariam@roll.example.org,GNASSM,asm_miners,member,woman,ha en\n"
       "Kojo Mensah,kojo@roll.example.org,Ghana Mine Workers Union,workers,member,man,tw en\n")


def sign_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url(f"{live_server}/t/forum-a/")


def test_secretariat_imports_a_csv_on_a_desktop(browser, live_server, two_forums, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/members/import")
        csv_file = tmp_path / "roll.csv"
        csv_file.write_text(CSV, encoding="utf-8-sig")
        page.set_input_files("input[name=file]", str(csv_file))
        page.click("button:has-text('Preview')")
        page.wait_for_selector("#import-preview")
        assert page.locator("#import-preview tbody tr").count() == 2
        page.click("button:has-text('Import these members')")
        page.wait_for_selector("text=Import done: 2 new members, 0 updated.")
        page.fill("input[name=q]", "Mariam")
        page.locator("#roll-table td", has_text="Kojo Mensah").wait_for(state="detached")
        assert page.locator("#roll-table td", has_text="Mariam Alhassan").count() == 1
        assert "q=Mariam" in page.url  # the live filter keeps a shareable URL
        assert errors == []
    finally:
        context.close()


def test_member_changes_languages_on_a_phone_in_french(app, phone, live_server, two_forums):
    from flask_babel import force_locale, gettext

    sign_in(phone, live_server, two_forums["a_member"]["email"])
    choose_language(phone, "fr")
    phone.goto(f"{live_server}/t/forum-a/members/me")
    with app.test_request_context(), force_locale("fr"):
        label, saved = gettext("Languages you speak"), gettext("Your profile is saved.")
    assert label != "Languages you speak"
    assert phone.locator(f"label:has-text('{label}')").count() == 1
    phone.fill("input[name=languages]", "fr, sw, ln")
    phone.click("#profile-form button[type=submit]")
    phone.wait_for_selector(f"text={saved}")
    assert phone.input_value("input[name=languages]") == "fr, sw, ln"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.errors == []
