"""Browser (issue 27): the secretariat writes an agenda in English, a member allowed to translate puts it into
Hausa side by side, and a Hausa-speaking member reads the Hausa agenda on the meeting page, in the invitation
e-mail and on the printable notice; changing the English item marks the Hausa one as out of date."""
from __future__ import annotations

import pytest

from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in
from webapp.auth.models import User
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member

pytestmark = pytest.mark.e2e

ENGLISH = "Hazardous work list"
HAUSA = "Jerin ayyuka masu haɗari"


def test_agenda_translated_into_hausa(app, browser, phone, live_server, smtp, run_worker, queue_redis, two_forums,
                                      factory):
    a = two_forums["a"]
    translator = factory.member(a, "Tani Translator", "member")
    hausa = factory.member(a, "Hauwa Bello", "member")
    meeting = factory.meeting(a, "Mining subcommittee", member_ids=(translator["id"], hausa["id"]))
    with app.app_context(), tenant_context(a):
        roll.update_member(db.session.get(Member, (a.id, translator["id"])), {"may_translate": True},
                           allowed=("may_translate",))
        roll.update_member(db.session.get(Member, (a.id, hausa["id"])), {"locale": "ha"})
        db.session.get(User, hausa["user_id"]).locale = "ha"  # she reads Baraza in Hausa
        db.session.commit()
    url = f"{live_server}/t/forum-a/meetings/{meeting['id']}"
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    try:
        # the secretariat writes the agenda in English
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(url)
        page.fill("#agenda-form input[name=title]", ENGLISH)
        page.click("#agenda-form button[type=submit]")
        page.wait_for_selector(f"#agenda li:has-text('{ENGLISH}')")
        page.context.close()
        # the translator finds it in the Hausa queue and translates it side by side
        page = desk.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, live_server, translator["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/translations/ha")
        page.click("a:has-text('Mining subcommittee')")
        row = page.locator(f".side-by-side:has(.original:has-text('{ENGLISH}'))")
        row.locator("textarea").fill(HAUSA)
        page.click("button:has-text('Save the translations')")
        page.wait_for_selector("text=Translations saved.")
        page.context.close()
        # the secretariat sends the notice
        page = desk.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(url)
        page.click("button:has-text('Send notice')")
        page.click("button:has-text('Send the notice')")
        page.wait_for_selector("text=Notice is on its way")
    finally:
        for context in desk.browser.contexts:
            if context is not phone.context:
                context.close()
    run_worker()
    [mail] = smtp.to(hausa["email"])
    body = "".join(p.get_content() for p in mail.walk() if p.get_content_type() in ("text/plain", "text/html"))
    assert HAUSA in body and ENGLISH not in body
    # the Hausa-speaking member, on a phone: the meeting page and the printable notice
    sign_in(phone, live_server, hausa["email"])
    phone.goto(url)
    agenda = phone.locator("#agenda")
    assert HAUSA in agenda.inner_text()
    # the original is one tap away (a <details>, no script)
    phone.locator(f"#agenda details:has-text('{HAUSA}') summary, #agenda li:has-text('{HAUSA}') details summary"
                  ).first.click()
    assert ENGLISH in agenda.inner_text()
    phone.goto(f"{url}/print")
    assert HAUSA in phone.locator("body").inner_text()
    # the secretariat changes the English item: the Hausa one is out of date, the change shown
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{url}?open=agenda")  # the secretariat's page opens on its sections closed once notice is out
        page.click(f"#agenda li:has-text('{ENGLISH}') a:has-text('Edit')")
        editing = page.locator("#agenda li form:has(input[name=title])")
        editing.locator("input[name=title]").fill("Hazardous work list for girls")
        editing.locator("button[type=submit]").click()
        page.wait_for_selector("#agenda li:has-text('Hazardous work list for girls')")
        page.goto(f"{live_server}/t/forum-a/meetings/{meeting['id']}/translate/ha")
        row = page.locator(".side-by-side:has(.original:has-text('for girls'))")
        assert "Out of date" in row.inner_text()
        assert row.locator("ins:has-text('girls')").count() == 1
    finally:
        desk.close()
    assert phone.errors == []
