"""The demo (issue 46): the Adansi North district committee works in Twi; Nana Ama Dufie, who reads the forum's
content in Twi, reads the next plenary's agenda in Twi on the meeting page and Baraza itself in English; search
finds the Twi agenda item."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.extensions import db
from webapp.meetings.models import Meeting

TWI_ITEM = "Dwumadie nhyehyɛeɛ no nkɔsoɔ"  # "Progress on the action plan"


def test_a_twi_reading_member_reads_the_district_agenda_in_twi(app, databases, client, auth):
    with app.app_context():
        demo.load()
        forum = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        assert "tw" in forum.enabled_locales
        with tenant_context(forum):
            meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.kind == "plenary",
                                                                    Meeting.status == "notified"))
    assert auth.login("ama.dufie@example.org", demo.DEMO_PASSWORD).status_code in (302, 303)
    html = client.get(f"/t/adansi-north/meetings/{meeting_id}").get_data(as_text=True)
    agenda = html.split('id="agenda"')[1].split("</ol>")[0]
    # the original a tap away
    assert TWI_ITEM in agenda and "Nsɛm afoforɔ" in agenda and "Progress on the action plan" in agenda
    assert '<html lang="en">' in html and "Agenda" in html
    found = client.get("/t/adansi-north/meetings/search?q=nkɔsoɔ").get_data(as_text=True)
    assert "Plenary" in found and "nkɔsoɔ" in found.lower()


def test_the_district_community_meeting_is_held_in_twi(app, databases, client, auth):
    """Issue 46: a meeting whose own language is Twi (not a translation): its page says so, the public page shows
    its Twi title and agenda, an English reader sees its English title."""
    from webapp import demo_data

    with app.app_context():
        demo.load()
        forum = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        with tenant_context(forum):
            m = db.session.scalar(select(Meeting).where(Meeting.title == demo_data.TWI_MEETING["title"]))
            assert m.language == "tw" and m.status == "notified" and m.visibility == "public"
            meeting_id = m.id
    public = client.get(f"/t/adansi-north/public/meetings/{meeting_id}?lang=tw").get_data(as_text=True)
    assert demo_data.TWI_MEETING["title"] in public and demo_data.TWI_MEETING["agenda"][1] in public
    assert "<dd>Twi" in public
    english = client.get(f"/t/adansi-north/public/meetings/{meeting_id}?lang=en").get_data(as_text=True)
    assert demo_data.TWI_MEETING["title_en"] in english
    assert auth.login("ama.dufie@example.org", demo.DEMO_PASSWORD).status_code in (302, 303)
    page = client.get(f"/t/adansi-north/meetings/{meeting_id}").get_data(as_text=True)
    assert demo_data.TWI_MEETING["title"] in page and "<dd>Twi" in page


def test_the_run_command_tops_up_a_demo_loaded_before_the_forum_worked_in_twi(app, databases):
    """A demo database from before issue 46 (Adansi North without Twi, no Twi-held meeting): the run command loads the
    demo again on it — it adds the forum's Twi and the meeting instead of stopping on "not a working language"."""
    from webapp import demo_data

    with app.app_context():
        demo.load()
        forum = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        with tenant_context(forum):
            held = db.session.scalar(select(Meeting).where(Meeting.title == demo_data.TWI_MEETING["title"]))
            held.title = "Older community meeting"
            forum = db.session.merge(forum)
            forum.enabled_locales = [lc for lc in forum.enabled_locales if lc != "tw"]
            db.session.commit()
        demo.load()
        forum = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        assert "tw" in forum.enabled_locales
        with tenant_context(forum):
            assert db.session.scalar(select(Meeting.language).where(
                Meeting.title == demo_data.TWI_MEETING["title"])) == "tw"
            db.session.commit()
