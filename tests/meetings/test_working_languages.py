"""Issue 46 (content): a forum works in languages the interface does not speak — Twi, Dagbani — and its content is
translated into them, side by side; a Twi-reading member reads the agenda in Twi and the interface in English."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql_text

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.auth.models import User
from webapp.core import dates, language_tags, languages
from webapp.extensions import db
from webapp.forum_settings import services as settings
from webapp.meetings import services
from webapp.meetings.models import Meeting
from webapp.members import services as roll
from webapp.members.models import Member

TWI_ITEM = "Mfitiaseɛ"  # "the beginning", the agenda's opening item
TWI_TITLE = "Mmoa-kuo nhyiamu"


def _works_in_twi(app, forum) -> None:  # noqa: ANN001
    with app.app_context(), tenant_context(forum):
        tenant = db.session.get(Tenant, forum.id)
        settings.save_settings(tenant, {"enabled_locales": ["en", "tw", "dag"], "language_names": {"dag": "Dagbanli"}})
        db.session.commit()
        forum.enabled_locales, forum.settings = list(tenant.enabled_locales), dict(tenant.settings)  # the test's copy


@pytest.fixture
def planned(app, factory, two_forums):
    _works_in_twi(app, two_forums["a"])
    return factory.meeting(two_forums["a"], "District committee", member_ids=(two_forums["a_member"]["id"],))


def _post_settings(client, auth, data: dict) -> object:  # noqa: ANN001
    page = client.get("/t/forum-a/settings/?lang=en").get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="(name|short_name|timezone|quorum_share)"[^>]*value="([^"]*)"', page))
    base = {"kind": "steering_committee", "default_locale": "en", "core_constituencies": ["government"], **fields}
    return client.post("/t/forum-a/settings/?lang=en",
                       data={"csrf_token": auth.csrf("/t/forum-a/settings/"), **base, **data})


def test_codes_names_and_dates_of_any_language(app):
    assert [languages.normalise(c) for c in ("TW", "sr_latn_rs", " dag ")] == ["tw", "sr-Latn-RS", "dag"]
    assert all(languages.is_code(c) for c in ("tw", "dag", "dje", "ln", "lu", "qu", "sr-Latn-RS", "es-419"))
    assert not any(languages.is_code(c) for c in ("", "t", "twii", "tw!", "en-us-x-private", "Tw", "tw dag"))
    # the one check of a tag (SMS languages and interpretation pairs too): variants are tags, not working languages
    assert [languages.normal_tag(c) for c in ("QU_pe", "sr-latn-rs", "de-1996", "tw!")] == \
        ["qu-PE", "sr-Latn-RS", "de-1996", ""]
    assert not languages.is_code("de-1996") and language_tags.tag_of("Twi") == "tw"
    with app.test_request_context("/"):
        assert languages.name("tw", "fr") == "twi" and languages.name("qu", "en") == "Quechua"
        assert languages.own_name("ln") == "Lingála" and languages.own_name("ha") == "Hausa"
        assert languages.babel_knows("tw") and not languages.babel_knows("dag")
    moment = datetime(2026, 12, 15, 10, 0)
    assert dates.numeric("dag") and not dates.numeric("fr")
    assert "Dec" not in dates.format_datetime(moment, "long", locale="dag")  # no English month for Dagbani readers
    assert dates.format_date(moment.date(), "long", locale="dag") == "15/12/2026"


def test_the_forum_names_the_languages_babel_does_not_know(app, client, auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    r = _post_settings(client, auth, {"other_languages": "tw\ndag"})
    assert r.status_code == 422 and "Please give the name of the language “dag” after its code." in r.get_data(
        as_text=True)
    r = _post_settings(client, auth, {"other_languages": "tw, Twi!"})
    assert r.status_code == 422 and "is not a language code such as tw or dag" in r.get_data(as_text=True)
    r = _post_settings(client, auth, {"other_languages": "TW\ndag Dagbanli", "enabled_locales": ["ha"]})
    assert r.status_code == 303, re.findall(r'field-error">([^<]+)', r.get_data(as_text=True))
    with app.app_context():
        t = db.session.scalar(select(Tenant).where(Tenant.slug == "forum-a"))
        assert t.enabled_locales == ["en", "ha", "tw", "dag"] and t.settings["language_names"] == {"dag": "Dagbanli"}
    page = client.get("/t/forum-a/settings/?lang=en").get_data(as_text=True)
    assert "tw\ndag Dagbanli</textarea>" in page


def test_twi_is_translated_side_by_side_and_other_codes_are_not(app, client, auth, two_forums, planned):
    auth.login(two_forums["a_sec"]["email"])
    queue = client.get("/t/forum-a/meetings/translations/tw?lang=en")
    assert queue.status_code == 200 and "District committee" in queue.get_data(as_text=True)
    assert "To translate into Twi" in queue.get_data(as_text=True)
    assert ">Dagbanli<" in queue.get_data(as_text=True)  # the forum's name for it: Babel has none
    url = f"/t/forum-a/meetings/{planned['id']}/translate/tw"
    assert client.get(url).status_code == 200
    r = client.post(url, data={"csrf_token": auth.csrf(url), f"t-tw-agenda_item-{planned['item_id']}-title": TWI_ITEM,
                               f"t-tw-meeting-{planned['id']}-title": TWI_TITLE})
    assert r.status_code == 303 and TWI_ITEM in client.get(url).get_data(as_text=True)
    assert client.get("/t/forum-a/meetings/translations/dag/committee?lang=en").status_code == 200
    # a language the forum does not work in, and Twi in a forum that does not work in it
    assert client.get("/t/forum-a/meetings/translations/qu").status_code == 404
    assert client.get(f"/t/forum-a/meetings/{planned['id']}/translate/qu").status_code == 404
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert client.get("/t/forum-b/meetings/translations/tw").status_code == 404


def test_a_twi_reading_member_reads_the_agenda_in_twi_and_the_interface_in_english(app, client, auth, two_forums,
                                                                                   planned):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        services.save_translations(m, "tw", {f"agenda_item-{planned['item_id']}-title": TWI_ITEM})
        services.send_notice(m)
        db.session.commit()
    auth.login(two_forums["a_member"]["email"])
    url = f"/t/forum-a/meetings/{planned['id']}"
    before = client.get(url).get_data(as_text=True)  # in English, the shared parts cached for English readers
    assert TWI_ITEM not in before and "Opening" in before
    with app.app_context(), tenant_context(a):
        member = db.session.get(Member, (a.id, two_forums["a_member"]["id"]))
        roll.update_member(member, {"locale": "tw"})
        user_id = member.user_id
        db.session.get(User, user_id).locale = "en"
        db.session.commit()
    html = client.get(url).get_data(as_text=True)
    agenda = html.split('id="agenda"')[1].split("</ol>")[0]
    assert TWI_ITEM in agenda and "Agenda" in html  # the content in Twi, the interface in English
    assert '<html lang="en">' in html
    with app.app_context(), tenant_context(a):  # their interface in French: the agenda still in Twi
        db.session.get(User, user_id).locale = "fr"
        db.session.commit()
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="fr">' in html and "Ordre du jour" in html and TWI_ITEM in html
    # asking for one of the interface's languages by the address shows everything in it
    assert TWI_ITEM not in client.get(f"{url}?lang=es").get_data(as_text=True)


def test_the_member_form_offers_the_forums_working_languages(app, client, auth, two_forums, planned):
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/members/{two_forums['a_member']['id']}/edit?lang=en").get_data(as_text=True)
    assert 'value="tw"' in page and 'value="dag"' in page and 'value="qu"' not in page
    with app.app_context(), tenant_context(two_forums["a"]):
        member = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        roll.update_member(member, {"locale": "dag"})
        assert member.locale == "dag"
        with pytest.raises(roll.MemberError):
            roll.update_member(member, {"locale": "qu"})


def test_search_finds_the_twi_agenda_item_and_the_dagbani_title(app, client, auth, two_forums, planned):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        services.save_translations(m, "tw", {f"agenda_item-{planned['item_id']}-title": "Nkɔmmɔ a ɛfa sikakɔkɔɔ ho"})
        services.save_translations(m, "dag", {f"meeting-{m.id}-title": "Tuma ni zaŋ chandi"})
        db.session.commit()
        # indexed whole, accents removed (the 'unaccented' configuration), not cut by the English stemmer
        vector = db.session.scalar(sql_text("SELECT language_search_vector(locale, text)::text "
                                            "FROM content_translations WHERE locale = 'tw'"))
        assert "'a':" in vector and "'sikakɔkɔɔ':" in vector  # English would drop "a", a stop word for it
    auth.login(two_forums["a_sec"]["email"])
    for q in ("sikakɔkɔɔ", "Nkɔmmɔ", "chandi"):
        html = client.get(f"/t/forum-a/meetings/search?q={q}&lang=en").get_data(as_text=True)
        assert "District committee" in html, q
    assert "District committee" not in client.get("/t/forum-a/meetings/search?q=zzzyx").get_data(as_text=True)
    auth.logout()
    auth.login(two_forums["b_sec"]["email"])
    assert "District committee" not in client.get("/t/forum-b/meetings/search?q=sikakɔkɔɔ").get_data(as_text=True)


def test_the_invitation_rsvp_page_and_printed_notice_carry_the_twi_agenda(app, client, auth, two_forums, planned,
                                                                          smtp, run_worker, queue_redis):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        roll.update_member(db.session.get(Member, (a.id, two_forums["a_member"]["id"])), {"locale": "tw"})
        services.save_translations(m, "tw", {f"agenda_item-{planned['item_id']}-title": TWI_ITEM})
        services.send_notice(m)
        db.session.commit()
    run_worker()
    [mail] = smtp.to(two_forums["a_member"]["email"])
    body = mail.get_body(("plain",)).get_content()
    assert TWI_ITEM in body and "Opening" not in body and "Agenda" in body  # Twi content, English words
    link = re.search(r"http://baraza\.test(/t/forum-a/meetings/rsvp/[^?\s]+)\?answer=yes", body).group(1)
    page = client.get(link).get_data(as_text=True)
    assert TWI_ITEM in page and '<html lang="en">' in page
    auth.login(two_forums["a_sec"]["email"])
    printed = client.get(f"/t/forum-a/meetings/{planned['id']}/print?lang=tw").get_data(as_text=True)
    assert TWI_ITEM in printed and '<html lang="en">' in printed and 'href="?lang=tw"' in printed
    assert TWI_ITEM not in client.get(f"/t/forum-a/meetings/{planned['id']}/print?lang=en").get_data(as_text=True)


def test_a_paper_has_a_version_in_twi_and_not_in_a_language_the_forum_does_not_work_in(app, client, auth,
                                                                                        two_forums, planned):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        m = db.session.get(Meeting, (a.id, planned["id"]))
        original = services.add_document(m, "plan.txt", b"The action plan", "Secretariat")
        version = services.add_document(m, "plan-tw.txt", b"Dwumadie nhyehyeee", "Secretariat", language="tw",
                                        original_id=original.id)
        assert version.language == "tw"
        with pytest.raises(services.MeetingError):
            services.add_document(m, "plan-qu.txt", b"Plan", "Secretariat", language="qu", original_id=original.id)
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    page = client.get(f"/t/forum-a/meetings/{planned['id']}?lang=en").get_data(as_text=True)
    assert '<option value="tw">Twi</option>' in page and '<option value="dag">Dagbanli</option>' in page


def test_the_public_meeting_page_in_twi_is_cached_apart(app, client, factory, two_forums):
    _works_in_twi(app, two_forums["a"])
    public = factory.meeting(two_forums["a"], "Open district forum", visibility="public")
    with app.app_context(), tenant_context(two_forums["a"]):
        m = db.session.get(Meeting, (two_forums["a"].id, public["id"]))
        services.save_translations(m, "tw", {f"agenda_item-{public['item_id']}-title": TWI_ITEM})
        services.send_notice(m)
        db.session.commit()
    url = f"/t/forum-a/public/meetings/{public['id']}"
    english = client.get(f"{url}?lang=en").get_data(as_text=True)
    twi = client.get(f"{url}?lang=tw").get_data(as_text=True)
    assert TWI_ITEM not in english and TWI_ITEM in twi and '<html lang="en">' in twi
    assert TWI_ITEM not in client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)  # not poisoned
    assert client.get(f"/t/forum-b/public/meetings/{public['id']}?lang=tw").status_code == 404
