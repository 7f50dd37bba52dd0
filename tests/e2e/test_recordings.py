"""Browser, issue 46: the recordings page (the upload form and a ready recording) and the public outcome page that
plays it fit a 360 px phone, pass axe, and the audio element plays the transcoded file (its duration is read by the
browser from the bytes the short link serves)."""
from __future__ import annotations

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.e2e.test_look import PHONE, sign_in
from tests.e2e.test_phone_journeys import fits_and_passes_axe
from webapp.extensions import db
from webapp.meetings.models import Meeting
from webapp.recordings import audio
from webapp.recordings import services as recordings

pytestmark = pytest.mark.e2e


def test_recordings_fit_a_phone_and_play(app, browser, live_server, factory, two_forums) -> None:
    a = two_forums["a"]
    m = factory.meeting(a, title="Plenary with its outcome read aloud", visibility="public")
    with app.app_context(), tenant_context(a):
        db.session.get(Tenant, a.id).enabled_locales = ["en", "ha"]
        db.session.commit()
    with app.app_context(), tenant_context(db.session.get(Tenant, a.id)):  # its languages as now saved
        meeting = db.session.get(Meeting, (a.id, m["id"]))
        meeting.status = "outcomes_published"
        tone = audio.tone(6)
        rec = recordings.upload(meeting, "outcome", "ha", "Taron ya amince da shirin aiki.", tone, "Secretariat")
        recordings.transcoded(rec, audio.transcode(tone))
        db.session.commit()
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}/recordings")
        assert page.locator("input[type=file][accept='audio/*']").is_visible()
        problems = fits_and_passes_axe(page, "recordings")
        page.goto(f"{live_server}/t/forum-a/public/outcomes/{m['id']}")
        duration = page.evaluate("""() => new Promise(done => { const a = document.querySelector('audio');
            a.preload = 'metadata'; a.onloadedmetadata = () => done(a.duration); a.onerror = () => done(-1);
            a.load(); })""")
        assert 5 <= duration <= 7, duration
        problems += fits_and_passes_axe(page, "public outcome")
        assert problems == []
    finally:
        context.close()
