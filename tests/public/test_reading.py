"""Issue 33, reading in one's language: "not translated" notes name the language in the reader's language, once per
list or section, never beside a label the interface translated; the language switch sits in the header's menu and,
for a signed-in person, changes the pages' language, not the one their notices come in; "Plenary · Plenary" no more."""
from __future__ import annotations

import re

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.meetings import services as meetings
from webapp.meetings.models import Meeting
from webapp.members import services as roll
from webapp.members.models import Committee, Member


def _public(factory, tenant, title, **values):
    return factory.meeting(tenant, title=title, visibility="public", notify=True, **values)


def test_the_hausa_public_home_names_english_in_hausa_once_for_its_list(factory, client, two_forums):
    for title in ("Plenary on mercury", "Consultation on child labour", "Round table on cooperatives"):
        _public(factory, two_forums["a"], title)
    html = client.get("/t/forum-a/public/?lang=ha").get_data(as_text=True)
    upcoming = html.split('id="upcoming-title"')[1].split("</section>")[0]
    assert upcoming.count("(an nuna da Turanci: ba a fassara ba tukuna)") == 1
    assert "English" not in upcoming and "(da " not in upcoming
    assert '<span lang="en">Plenary on mercury</span>' in upcoming  # each untranslated title says its language
    swahili = client.get("/t/forum-a/public/?lang=sw").get_data(as_text=True)
    assert swahili.split('id="upcoming-title"')[1].split("</section>")[0].count("Kiingereza") == 1
    french = client.get("/t/forum-a/public/?lang=fr").get_data(as_text=True)
    assert "(affiché en anglais : pas encore traduit)" in french


def test_the_public_meeting_page_puts_no_marker_beside_the_kind_and_one_over_the_agenda(app, factory, client,
                                                                                       two_forums):
    m = _public(factory, two_forums["a"], "Plenary on mercury")
    with app.app_context(), tenant_context(two_forums["a"]):
        meeting = db.session.get(Meeting, (two_forums["a"].id, m["id"]))
        meetings.save_agenda_item(meeting, None, title="Mercury-free processing", presenter=None, minutes=None,
                                  kind="discussion")
        db.session.commit()
    html = client.get(f"/t/forum-a/public/meetings/{m['id']}?lang=ha").get_data(as_text=True)
    hgroup = html.split("<hgroup>")[1].split("</hgroup>")[0]
    assert "Turanci" not in hgroup and "ba a fassara" not in hgroup  # "Zaman dukkan mambobi" stands alone
    agenda = html.split('id="agenda-title"')[1].split("</section>")[0]
    assert agenda.count("(an nuna da Turanci: ba a fassara ba tukuna)") == 1
    assert "(da Turanci)" not in agenda and "English" not in agenda


def test_the_language_switch_is_in_the_header_and_leaves_the_notice_language(app, client, auth, two_forums):
    auth.login(two_forums["a_member"]["email"])
    html = client.get("/t/forum-a/").get_data(as_text=True)
    header = html.split('<header class="site">')[1].split("</header>")[0]
    assert 'action="/language"' in header and 'class="language-menu"' in header
    assert "<footer" not in html
    assert 'href="/t/forum-a/members/me#locale"' in header
    assert "The language of your notices is on your profile." in header
    with app.app_context(), tenant_context(two_forums["a"]):
        before = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])).locale
    r = client.post("/language", data={"lang": "sw", "next": "/t/forum-a/", "csrf_token": auth.csrf("/t/forum-a/")})
    assert r.status_code == 303
    assert '<html lang="sw">' in client.get("/t/forum-a/").get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])).locale == before
    # a visitor: links, in the header too
    auth.logout()
    header = client.get("/t/forum-a/public/").get_data(as_text=True).split("</header>")[0]
    assert 'href="?lang=ha"' in header


def test_plenary_is_said_once_under_the_meetings_title(app, factory, client, auth, two_forums):
    m = factory.meeting(two_forums["a"], title="Quarterly meeting", member_ids=(two_forums["a_sec"]["id"],))
    with app.app_context(), tenant_context(two_forums["a"]):
        roll.save_committee(db.session.get(Committee, (two_forums["a"].id, m["committee_id"])), name="Plenary",
                            kind="plenary", level="national")
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    html = client.get(f"/t/forum-a/meetings/{m['id']}").get_data(as_text=True)
    line = html.split("<hgroup>")[1].split("</hgroup>")[0]
    assert "Plenary · Plenary" not in line and re.search(r'<span lang="en">Plenary</span> · <strong>', line), line


def test_the_members_own_answer_speaks_to_them_in_swahili(app, factory, client, auth, two_forums):
    """Issue 33: "Jibu lako: Atahudhuria" (he/she will attend) where the page speaks to the member."""
    m = factory.meeting(two_forums["a"], title="Plenary", notify=True,
                        member_ids=(two_forums["a_member"]["id"], two_forums["a_sec"]["id"]))
    auth.login(two_forums["a_member"]["email"])
    r = client.post(f"/t/forum-a/meetings/{m['id']}/rsvp", data={"answer": "yes", "back": "home",
                                                                  "csrf_token": auth.csrf("/t/forum-a/")})
    assert r.status_code == 303
    home = client.get("/t/forum-a/?lang=sw").get_data(as_text=True)
    assert "Jibu lako: <strong>Utahudhuria</strong>" in home and "Atahudhuria" not in home
    assert "Your answer: <strong>Coming</strong>" in client.get("/t/forum-a/?lang=en").get_data(as_text=True)
    # the secretariat's list of invitees still speaks of the member: third person
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{m['id']}?open=invitees&lang=sw").get_data(as_text=True)
    assert "Atahudhuria" in page.split('id="invitee-table"')[1]


def test_the_public_list_shows_both_days_of_a_two_day_meeting(app, factory, client, two_forums):
    from datetime import UTC, datetime, timedelta

    start = (datetime.now(UTC) + timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0)
    m = _public(factory, two_forums["a"], "Two-day plenary", start_at=start, end_at=start + timedelta(days=1, hours=4))
    html = client.get("/t/forum-a/public/").get_data(as_text=True)
    card = html.split(f'id="meeting-{m["id"]}"')[1].split("</li>")[0]
    from babel.dates import format_date

    second_day = format_date((start + timedelta(days=1)).date(), "medium", locale="en_001")
    assert "13:00 UTC" in card and second_day in card, card
