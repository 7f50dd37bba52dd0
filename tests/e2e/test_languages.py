"""Browser, issue 46: the pages this work changed fit a 360 px phone and pass axe — SMS in other languages (the list,
and a Twi language's sentences with a refusal shown), an announcement's recordings and the announcements page that
plays it, the meeting form with interpretation pairs, and the meeting page with the support form naming a language."""
from __future__ import annotations

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.test_look import PHONE, sign_in
from tests.e2e.test_phone_journeys import fits_and_passes_axe
from webapp.extensions import db
from webapp.notices.models import Announcement
from webapp.notices.sms import languages
from webapp.recordings import audio
from webapp.recordings import services as recordings

pytestmark = pytest.mark.e2e

TWI = {"name": "Twi", "yes": "AANE", "no": "DAABI", "maybe": "EBIA",
       "reply_line": "Bua AANE {code}, DAABI {code} anaa EBIA {code}",
       "meeting_invitation": "{who}: yeto nsa fre wo se bra {title}, {date} {time}, {where}."}


def test_language_pages_fit_a_phone(app, browser, live_server, factory, two_forums) -> None:
    a = two_forums["a"]
    m = factory.meeting(a, title="District plenary", member_ids=(two_forums["a_sec"]["id"],), notify=True)
    with app.app_context(), tenant_context(a):
        tenant = db.session.get(Tenant, a.id)
        tenant.enabled_locales = ["en", "ha", "tw"]
        languages.save(tenant, "tw", TWI)
        db.session.commit()
    with app.app_context(), tenant_context(db.session.get(Tenant, a.id)):  # its languages as now saved
        note = Announcement(subject="Sensitisation day in Fomena", body="All members are invited.", sender="Ama")
        db.session.add(note)
        db.session.flush()
        tone = audio.tone(4)
        rec = recordings.upload_for_announcement(note, "ha", "Ranar wayar da kai a Fomena.", tone, "Ama")
        recordings.transcoded(rec, audio.transcode(tone))
        db.session.commit()
        note_id = note.id
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/settings/sms-languages/")
        problems = fits_and_passes_axe(page, "sms languages")
        page.goto(f"{live_server}/t/forum-a/settings/sms-languages/tw")
        assert page.locator("input[name=proposal_reply_line]").is_visible()  # a proposal's and a report's sentences
        assert page.locator("textarea[name=report_reminder]").is_visible()
        page.fill("textarea[name=meeting_invitation]", "{who}: {title}")
        page.click("form button[type=submit] >> text=Save")
        page.wait_for_selector(".field-error")
        problems += fits_and_passes_axe(page, "twi sentences refused")
        page.goto(f"{live_server}/t/forum-a/notices/announcements/{note_id}/recordings")
        problems += fits_and_passes_axe(page, "announcement recordings")
        page.goto(f"{live_server}/t/forum-a/notices/announcements")
        assert page.locator("audio").count() == 1
        problems += fits_and_passes_axe(page, "announcements")
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}/edit")
        assert page.locator("input[name=interpretation_pairs]").is_visible()
        page.select_option("select[name=language]", "tw")  # held in Twi, a working language the interface lacks
        problems += fits_and_passes_axe(page, "meeting form")
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}")
        problems += fits_and_passes_axe(page, "meeting page")
        assert problems == []
    finally:
        context.close()
