"""Browser (360 x 740, issue 46): on a phone the secretariat adds Twi and Dagbani (named by the forum: Babel has no
name for it) to the forum's working languages; a translator puts the agenda into Twi side by side; a member who reads
the forum's content in Twi reads the Twi agenda on the meeting page, in English. Every page fits and passes axe."""
from __future__ import annotations

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in, sign_out
from tests.e2e.test_look import axe_serious
from webapp.auth.models import User
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import Meeting
from webapp.members import services as roll
from webapp.members.models import Member

pytestmark = pytest.mark.e2e

TWI = "Mfitiaseɛ"


@pytest.fixture
def phone(browser):
    """A 360 x 740 phone that lets axe in (bypass_csp)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _fits(page) -> None:  # noqa: ANN001 - a Playwright page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_serious(page) == []


def test_twi_added_translated_and_read_on_a_phone(app, phone, live_server, two_forums, factory):
    a = two_forums["a"]
    translator = factory.member(a, "Kofi Translator", "member")
    reader = factory.member(a, "Akua Reader", "member")
    planned = factory.meeting(a, "District committee", member_ids=(translator["id"], reader["id"]))
    # the secretariat adds the languages in the settings
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.goto(f"{live_server}/t/forum-a/settings/?lang=en")
    phone.fill("textarea[name=other_languages]", "tw\ndag")
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("text=Please give the name of the language “dag” after its code.")
    _fits(phone)
    phone.fill("textarea[name=other_languages]", "tw\ndag Dagbanli")
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("text=The forum's settings are saved.")
    assert phone.input_value("textarea[name=other_languages]") == "tw\ndag Dagbanli"
    _fits(phone)
    sign_out(phone)
    with app.app_context(), tenant_context(a):
        roll.update_member(db.session.get(Member, (a.id, translator["id"])), {"may_translate": True},
                           allowed=("may_translate",))
        db.session.commit()
    # the translator: the Twi queue, the side-by-side view
    sign_in(phone, live_server, translator["email"])
    phone.goto(f"{live_server}/t/forum-a/meetings/translations/tw?lang=en")
    phone.wait_for_selector("h1:has-text('Twi')")
    _fits(phone)
    phone.click("a:has-text('District committee')")
    phone.locator(".side-by-side:has(.original:has-text('Opening')) textarea").fill(TWI)
    _fits(phone)
    phone.click("button:has-text('Save the translations')")
    phone.wait_for_selector("text=Translations saved.")
    sign_out(phone)
    with app.app_context(), tenant_context(db.session.get(Tenant, a.id)):  # as saved: working in Twi
        member = db.session.get(Member, (a.id, reader["id"]))
        roll.update_member(member, {"locale": "tw"})
        db.session.get(User, reader["user_id"]).locale = "en"
        services.send_notice(db.session.get(Meeting, (a.id, planned["id"])))
        db.session.commit()
    # the Twi reader: the agenda in Twi, Baraza in English
    sign_in(phone, live_server, reader["email"])
    phone.goto(f"{live_server}/t/forum-a/meetings/{planned['id']}")
    assert TWI in phone.locator("#agenda").inner_text()
    assert phone.get_attribute("html", "lang") == "en"
    _fits(phone)
