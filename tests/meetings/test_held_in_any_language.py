"""Issue 46: a meeting HELD in a working language the interface does not speak (Twi), not only translated into it —
the secretariat sets it as the meeting's language; its page, notice, .ics, printed notice, public page, minutes
started from the agenda and search work with it; a language the forum does not work in is refused with a 422."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tenants.rls import tenant_context
from tests.meetings.test_working_languages import _works_in_twi
from webapp.extensions import db
from webapp.inclusion import services as inclusion
from webapp.meetings import services
from webapp.meetings.models import Meeting
from webapp.meetings.outcomes import services as outcomes
from webapp.members.models import Member

TWI_TITLE = "Mmoa-kuo nhyiamu"
TWI_OUTPUTS = "Adwuma nhyehyɛe"
REFUSED = "Please choose one of the forum's working languages (Settings → Languages and time)."


def _post(client, auth, data: dict) -> object:  # noqa: ANN001
    return client.post("/t/forum-a/meetings/new?lang=en",
                       data={"csrf_token": auth.csrf("/t/forum-a/meetings/new"), **data})


def test_the_secretariat_holds_a_meeting_in_twi_and_not_in_a_language_the_forum_does_not_work_in(
        app, client, auth, factory, two_forums):
    a = two_forums["a"]
    _works_in_twi(app, a)
    committee_id = factory.meeting(a, "Committee seed")["committee_id"]
    auth.login(two_forums["a_sec"]["email"])
    form = client.get("/t/forum-a/meetings/new?lang=en").get_data(as_text=True)
    assert '<option value="tw">Twi</option>' in form and '<option value="dag">Dagbanli</option>' in form
    day = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    data = {"title": TWI_TITLE, "committee_id": committee_id, "kind": "plenary", "day": day, "start_time": "09:00",
            "end_time": "12:00", "venue": "Tamale", "visibility": "public", "title_en": "District committee"}
    for code in ("qu", "fr", ""):  # Quechua and French: not languages forum A works in
        bad = _post(client, auth, {**data, "language": code})
        assert bad.status_code == 422 and REFUSED in bad.get_data(as_text=True), code
    r = _post(client, auth, {**data, "language": "tw"})
    assert r.status_code == 303
    mid = int(r.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, mid))
        assert m.language == "tw"
        with pytest.raises(services.MeetingError) as refused:  # the service's own check, for every caller
            services.save_meeting(m, {"title": m.title, "committee_id": m.committee_id, "kind": m.kind,
                                      "start_at": m.start_at, "end_at": m.end_at, "visibility": m.visibility,
                                      "language": "qu", "interpretation_languages": []})
        assert refused.value.code == "not_working"
    page = client.get(f"/t/forum-a/meetings/{mid}/edit?lang=en").get_data(as_text=True)
    assert '<option selected value="tw">Twi</option>' in page or '<option value="tw" selected>Twi</option>' in page
    assert 'name="title_en"' in page and 'name="title_tw"' not in page  # translated into the others, not into Twi


def test_a_meeting_held_in_twi_works_on_every_page_notice_and_calendar(app, client, auth, factory, two_forums, smtp,
                                                                       run_worker, queue_redis):
    a = two_forums["a"]
    _works_in_twi(app, a)
    planned = factory.meeting(a, TWI_TITLE, member_ids=(two_forums["a_member"]["id"],), language="tw",
                              expected_outputs=TWI_OUTPUTS, visibility="public")
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        services.send_notice(m)
        minutes = outcomes.start_from_agenda(m)  # written under the meeting's language's interface: English here
        assert "Item 1: Opening" in minutes.body_md
        # the language check reads the meeting's language: a Twi speaker hears it, a French speaker alone does not
        member = db.session.get(Member, (a.id, two_forums["a_member"]["id"]))
        for spoken, status in ((["tw"], "ok"), (["fr"], "warn")):
            member.languages = spoken
            db.session.flush()
            [check] = [r for r in inclusion.meeting_checks(m) if r.key == "language"]
            assert check.status == status, (spoken, check)
        member.languages = ["tw", "en"]
        db.session.commit()
    run_worker()
    [mail] = smtp.to(two_forums["a_member"]["email"])
    assert TWI_TITLE in mail.get_body(("plain",)).get_content()
    [ics] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    [event] = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert TWI_TITLE in str(event["SUMMARY"])
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/meetings/{planned['id']}"
    for page in (client.get(f"{url}?lang=en"), client.get(f"{url}/print?lang=en")):
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and TWI_TITLE in html
        assert re.search(r"Language</(dt|th)>\s*<(dd|td)>Twi", html), html[:200]
    # the shared parts: an English reader's (with an English title now) are not a Twi reader's
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        services.save_translations(m, "en", {f"meeting-{m.id}-title": "District committee"})
        db.session.commit()
    english = client.get(url).get_data(as_text=True)
    assert "District committee" in english.split('id="agenda"')[0]
    with app.app_context(), tenant_context(a):
        db.session.get(Member, (a.id, two_forums["a_member"]["id"])).locale = "tw"  # reads content in Twi
        db.session.commit()
    twi = client.get(url).get_data(as_text=True)
    assert TWI_TITLE in twi and "District committee" not in twi.split('id="agenda"')[0] and '<html lang="en">' in twi
    public = client.get(f"/t/forum-a/public/meetings/{planned['id']}?lang=en").get_data(as_text=True)
    assert "District committee" in public and TWI_TITLE in client.get(
        f"/t/forum-a/public/meetings/{planned['id']}?lang=tw").get_data(as_text=True)
    assert re.search(r"Language</dt><dd>Twi", public)
    found = client.get("/t/forum-a/meetings/search?q=nhyiamu&lang=en").get_data(as_text=True)
    assert f'/meetings/{planned["id"]}' in found
    assert client.get(f"/t/forum-b/public/meetings/{planned['id']}").status_code == 404
