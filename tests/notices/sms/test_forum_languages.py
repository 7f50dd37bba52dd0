"""SMS in a forum's own language (issue 46): its translators write the sentences and answer words of a language the
built-in tables lack (Twi); a member whose notice language it is gets the invitation in it through Kannel and answers
with its words; sentences with the wrong placeholders, too long, or words that clash are refused with a message in the
writer's language; a member whose language has no sentences of the forum gets the forum's language."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.sms import builder, encoding, languages
from webapp.notices.sms import services as sms

from .test_kannel import phone_member
from .test_replies import invitation_of, sms_rows, wait_for

TWI = {"name": "Twi", "yes": "Aane", "no": "Daabi", "maybe": "Ebia",
       "reply_line": "Bua AANE {code}, DAABI {code} anaa EBIA {code}", "online": "intanet so",
       "meeting_invitation": "{who}: yeto nsa fre wo se bra {title}, {date} {time}, {where}.",
       "reply": "{who}: yeatwere wo mmuae {answer} ama {title}, {date} {time}."}


@pytest.fixture
def ghana(factory) -> Tenant:
    return factory.forum("adansi-north", "Adansi North District Child Labour Committee", country="GH",
                         short_name="ANDCLC", enabled_locales=["en"])


def save_twi(app, tenant: Tenant, **changes: str) -> languages.SmsLanguage:
    with app.app_context(), tenant_context(tenant):
        saved = db.session.merge(tenant)
        lang = languages.save(saved, "tw", {**TWI, **changes})
        db.session.commit()
        tenant.settings = dict(saved.settings)  # the fixture's copy, which the factory's notices run under
        return lang


def speaks(app, tenant: Tenant, member_id: int, locale: str) -> None:
    with app.app_context(), tenant_context(tenant):
        db.session.get(Member, (tenant.id, member_id)).locale = locale  # the member form's widening is not ours
        db.session.commit()


def test_a_twi_speaker_gets_the_invitation_in_twi_and_answers_aane(app, factory, kannel, run_worker, queue_redis,
                                                                    ghana):
    save_twi(app, ghana)
    akua = phone_member(app, ghana, "Akua Mensah", "+233244000111", "en")
    speaks(app, ghana, akua, "tw")
    kojo = phone_member(app, ghana, "Kojo English", "+233244000112", "en")
    m = factory.meeting(ghana, "Dwumadibea nhyiam", member_ids=(akua, kojo), notify=True)
    run_worker()
    by_phone = {r.to: r for r in kannel.wait_received(2)}
    code = invitation_of(app, ghana, m["id"], akua).reply_code
    twi = by_phone["+233244000111"].text
    assert twi.startswith("ANDCLC: yeto nsa fre wo se bra Dwumadibea nhyiam") and code in twi
    assert f"Bua AANE {code}, DAABI {code} anaa EBIA {code}" in twi and by_phone["+233244000111"].parts == 1
    assert "invitation to" in by_phone["+233244000112"].text  # English for the other
    [row] = sms_rows(app, ghana, member_id=akua)
    assert row.locale == "tw" and row.encoding == "gsm7" and row.segments == 1
    kannel.clear()

    kannel.send_from("+233244000111", f"aane {code}")

    assert wait_for(lambda: invitation_of(app, ghana, m["id"], akua).rsvp == "yes")
    run_worker()
    [confirmation] = kannel.wait_received(1)
    assert confirmation.text.startswith("ANDCLC: yeatwere wo mmuae AANE ama Dwumadibea nhyiam")


def test_the_other_kinds_and_other_languages_fall_back_to_the_forums_language(app, factory, ghana):
    save_twi(app, ghana)
    with app.app_context(), tenant_context(ghana):
        tenant = db.session.get(Tenant, ghana.id)
        twi = sms.Contact(1, "Akua", "+233244000111", "sms", True, "tw", "Africa/Accra")
        draft = builder.Draft("meeting_reminder", builder.Fields(who="ANDCLC", title="Nhyiam"))
        assert "reminder: Nhyiam" in sms.build(draft, twi, tenant).text  # no Twi reminder: English, the default
        tenant.default_locale = "fr"
        dagbani = replace(twi, locale="dag")
        invitation = builder.Draft("meeting_invitation", builder.Fields(who="ANDCLC", title="Nhyiam"))
        assert "invitation à Nhyiam" in sms.build(invitation, dagbani, tenant).text  # no Dagbani: the forum's French
        assert "yeto nsa fre wo se bra Nhyiam" in sms.build(invitation, twi, tenant).text
        db.session.rollback()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"meeting_invitation": "{who}: yeto nsa fre wo se bra {title}, {date} {where}."}, "meeting_invitation",
     "placeholders"),  # {time} missing
    ({"meeting_invitation": "{who}: {title} {date} {time} {where} {name}."}, "meeting_invitation", "placeholders"),
    ({"meeting_invitation": "{who}: {title} {date} {time} {where} {0.__class__}"}, "meeting_invitation",
     "placeholders"),
    ({"meeting_invitation": "{who}: " + "nsato " * 20 + "{title}, {date} {time}, {where}."}, "meeting_invitation",
     "Too long"),
    ({"yes": "NO"}, "yes", "One word"), ({"no": "STOP"}, "no", "One word"), ({"maybe": "Aane"}, "maybe", "One word"),
    ({"reply_line": "Bua AANE {code} anaa DAABI {code}"}, "reply_line", "three answer words"),
    ({"reply_line": "Bua AANE, DAABI anaa EBIA"}, "reply_line", "placeholders"),
])
def test_sentences_are_refused_for_their_placeholders_length_and_words(app, ghana, changes, field, message):
    with pytest.raises(languages.SmsLanguageError) as refused:
        save_twi(app, ghana, **changes)
    assert refused.value.field == field and message in refused.value.message


@pytest.mark.parametrize("code", ["fr", "english", "t", "tw_GH!", ""])
def test_a_tag_that_is_no_bcp47_tag_or_is_a_built_in_language_is_refused(app, ghana, code):
    with app.app_context(), tenant_context(ghana), pytest.raises(languages.SmsLanguageError) as refused:
        languages.save(db.session.merge(ghana), code, TWI)
    assert refused.value.field == "code"


def test_tags_are_written_as_bcp47_recommends():
    assert languages.normal_tag("QU_pe") == "qu-PE" and languages.normal_tag("sr-latn-rs") == "sr-Latn-RS"
    assert languages.normal_tag("dag") == "dag"


def test_a_forum_sentence_is_filled_by_the_builder_never_by_str_format():
    twi = languages.SmsLanguage("tw", "Twi", {"yes": "AANE", "no": "DAABI", "maybe": "EBIA"}, "Bua AANE {code}",
                                "", {"test": "Test {who} {who.__class__} {0}"})
    sent = builder.build(builder.Draft("test", builder.Fields(who="ANDCLC")), "tw", own=twi.table())
    assert sent.text == "Test ANDCLC {who.__class__} {0}" and encoding.segments(sent.text) == 1


def test_translators_write_the_sentences_on_the_page_and_read_refusals_in_their_language(app, client, auth, factory,
                                                                                       ghana):
    translator = factory.member(ghana, "Yaw Translator", "secretariat")
    plain = factory.member(ghana, "Esi Member", "member")
    auth.login(plain["email"])
    assert client.get("/t/adansi-north/settings/sms-languages/").status_code == 404
    auth.login(translator["email"])
    assert client.get("/t/adansi-north/settings/sms-languages/new").status_code == 200
    token = auth.csrf("/t/adansi-north/settings/sms-languages/new")
    bad = client.post("/t/adansi-north/settings/sms-languages/new?lang=fr",
                      data={**TWI, "code": "tw", "meeting_invitation": "{who}: {title}", "csrf_token": token})
    assert bad.status_code == 422 and "Utilisez exactement ces espaces réservés" in bad.get_data(as_text=True)
    ok = client.post("/t/adansi-north/settings/sms-languages/new", data={**TWI, "code": "TW", "csrf_token": token})
    assert ok.status_code == 303 and ok.headers["Location"].endswith("/settings/sms-languages/tw")
    page = client.get("/t/adansi-north/settings/sms-languages/").get_data(as_text=True)
    assert "Twi" in page and "/settings/sms-languages/tw" in page
    with app.app_context():
        stored = db.session.scalar(select(Tenant.settings).where(Tenant.id == ghana.id))["sms_languages"]["tw"]
    assert stored["words"] == {"yes": "AANE", "no": "DAABI", "maybe": "EBIA"}
    # a proposal's answer words, optional, on the same page (webapp/proposals/sms.py reads them)
    edit = client.get("/t/adansi-north/settings/sms-languages/tw?lang=en").get_data(as_text=True)
    assert "Answer words to a proposal" in edit and 'name="agree"' in edit and 'name="object"' in edit
    same = {**TWI, "code": "tw", "csrf_token": token, "agree": "Pene", "object": "Mempene"}
    assert client.post("/t/adansi-north/settings/sms-languages/tw", data=same).status_code == 303
    assert 'value="MEMPENE"' in client.get("/t/adansi-north/settings/sms-languages/tw").get_data(as_text=True)
    clash = client.post("/t/adansi-north/settings/sms-languages/tw?lang=en", data={**same, "abstain": "Pinga"})
    assert clash.status_code == 422 and "from the answer words of the five SMS languages" in clash.get_data(as_text=True)
    assert client.get("/t/adansi-north/settings/sms-languages/dag").status_code == 404
    assert client.post("/t/adansi-north/settings/sms-languages/tw/remove",
                       data={"csrf_token": token}).status_code == 303
    assert client.get("/t/adansi-north/settings/sms-languages/tw").status_code == 404


# --- a proposal's and a report's SMS in the forum's own language (issue 46) ------------------------------------------

def _twi_of_the_demo() -> dict[str, str]:
    """The demo's Twi (webapp/demo_data.py): its proposal and report sentences, answer words and answer lines."""
    from webapp.demo_data import SMS_LANGUAGES

    return dict(SMS_LANGUAGES["adansi-north"]["tw"])


WRITTEN = (*languages.PROPOSAL_KINDS, *languages.REPORT_KINDS)


def test_proposal_and_report_sentences_in_twi_fit_one_gsm7_segment_with_long_values(app, ghana):
    lang = save_twi(app, ghana, **_twi_of_the_demo())
    assert set(WRITTEN) <= set(lang.sentences) and lang.proposal_reply.startswith("Bua PENE {code}")
    long = builder.Fields(who="ANDCLC-DISTRICT", title="Nhyehyee a efa mmofra adwumaye ho wo sikakokoo fagude mu " * 3,
                          when=datetime(2026, 12, 9, 9, 0, tzinfo=UTC), zone="Africa/Accra", code="K4UNV",
                          answer="agree_with_reservations")
    for kind in WRITTEN:
        sent = builder.build(builder.Draft(kind, long), "tw", own=lang.table())
        assert (sent.encoding, encoding.segments(sent.text)) == ("gsm7", 1), (kind, sent.text)
        assert sent.text.startswith("ANDCLC-DISTRICT") and "{" not in sent.text, sent.text
        assert sent.text != builder.build(builder.Draft(kind, long), "en").text  # the Twi sentence, not English
    opened = builder.build(builder.Draft("proposal_opened", long), "tw", own=lang.table()).text
    assert opened.endswith("Bua PENE K4UNV anaa NANSO, KOMM, MEMPENE ne nea enti")  # the forum's answer line
    reply = builder.build(builder.Draft("proposal_reply", long), "tw", own=lang.table()).text
    assert "mmuae NANSO ama" in reply  # the answer in the forum's word


def test_a_twi_reporting_body_gets_the_report_reminder_in_twi_and_others_the_forums_language(app, ghana):
    save_twi(app, ghana, **_twi_of_the_demo())
    with app.app_context(), tenant_context(ghana):
        tenant = db.session.get(Tenant, ghana.id)
        twi = sms.Contact(1, "Akua", "+233244000111", "sms", True, "tw", "Africa/Accra")
        draft = builder.Draft("report_reminder", builder.Fields(who="ANDCLC", title="Q3 Children withdrawn",
                                                                day=datetime(2026, 10, 15).date(), code="K4UNV"))
        text = sms.build(draft, twi, tenant).text
        assert text.startswith("ANDCLC: amanneebo Q3 Children withdrawn du ") and "2026" in text, text
        assert text.endswith(". Bua REP K4UNV ne akontaahyee no."), text
        assert "Reply REP K4UNV" in sms.build(draft, replace(twi, locale="dag"), tenant).text
        db.session.rollback()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"agree": "", "reserve": "", "abstain": "", "object": ""}, "agree", "four answer words"),
    ({"object": ""}, "agree", "four answer words"),
    ({"proposal_reply_line": "Bua PENE {code} anaa NANSO, KOMM"}, "proposal_reply_line", "four answer words"),
    ({"proposal_reply_line": "Bua PENE anaa NANSO, KOMM, MEMPENE"}, "proposal_reply_line", "placeholders"),
    ({"proposal_opened": "{who}: nsem a yede ato gua {title}, bua ansa na {date}."}, "proposal_opened",
     "placeholders"),  # {time} missing
    ({"proposal_reply": "{who}: yeatwere wo mmuae ama {title}, {date} {time}."}, "proposal_reply", "placeholders"),
    ({"report_reminder": "{who}: amanneebo {title} du {date}. Bua {code} ne akontaahyee no."}, "report_reminder",
     "keyword"),  # no REP: the reader of reports would not know the reply
    ({"report_error": "{who}: yentwereee amanneebo {code}. Fa REPORT {code} ne {title} bra."}, "report_error",
     "keyword"),
    ({"report_recorded": "{who}: yeatwere amanneebo {code}: {title}. " + "Meda wo ase paa. " * 8}, "report_recorded",
     "Too long"),
    ({"proposal_opened": "{who}: nsem a yede ato gua {title}, " + "bua ntem " * 8 + "{date} {time}."},
     "proposal_opened", "Too long"),  # with the answer line after it, it cannot fit one SMS
])
def test_proposal_and_report_sentences_are_refused_for_their_words_placeholders_keyword_and_length(
        app, ghana, changes, field, message):
    with pytest.raises(languages.SmsLanguageError) as refused:
        save_twi(app, ghana, **{**_twi_of_the_demo(), **changes})
    assert refused.value.field == field and message in refused.value.message


def test_a_twi_speaker_gets_the_proposal_in_twi_through_kannel_and_the_confirmation_in_twi(
        app, factory, kannel, run_worker, queue_redis, ghana):
    from tests.proposals.test_sms import code_in, committee, open_proposal, seat, seat_row

    save_twi(app, ghana, **_twi_of_the_demo())
    cid = committee(app, ghana)
    akua = phone_member(app, ghana, "Akua Mensah", "+233244000121", "en")
    speaks(app, ghana, akua, "tw")
    kojo = phone_member(app, ghana, "Kojo English", "+233244000122", "en")
    seat(app, ghana, cid, akua, "workers")
    seat(app, ghana, cid, kojo, "employers")
    pid = open_proposal(app, ghana, cid)
    run_worker()
    by_phone = {r.to: r for r in kannel.wait_received(2)}
    twi = by_phone["+233244000121"]
    assert twi.text.startswith("ANDCLC: nsem a yede ato gua Adopt the 2027 work plan, bua ansa na "), twi.text
    code = code_in(twi.text, "PENE")
    assert twi.text.endswith(f"Bua PENE {code} anaa NANSO, KOMM, MEMPENE ne nea enti") and twi.parts == 1
    assert by_phone["+233244000122"].text.startswith("ANDCLC: proposal Adopt the 2027 work plan")  # English
    [row] = sms_rows(app, ghana, member_id=akua)
    assert (row.locale, row.encoding, row.segments) == ("tw", "gsm7", 1)
    kannel.clear()

    kannel.send_from("+233244000121", f"nanso {code} se sika ba a")

    assert wait_for(lambda: seat_row(app, ghana, pid, akua)[0] == "agree_with_reservations")
    run_worker()
    [confirmation] = kannel.wait_received(1)
    assert confirmation.text.startswith("ANDCLC: yeatwere wo mmuae NANSO ama Adopt the 2027 work plan; wobetumi "
                                        "asesa kosi "), confirmation.text


def test_translators_write_a_proposals_and_a_reports_sentences_on_the_page(app, client, auth, factory, ghana):
    translator = factory.member(ghana, "Yaw Translator", "secretariat")
    auth.login(translator["email"])
    page = client.get("/t/adansi-north/settings/sms-languages/new?lang=en").get_data(as_text=True)
    assert 'name="proposal_reply_line"' in page and 'name="proposal_opened"' in page and 'name="report_reminder"' in page
    assert "Reply AGREE {code} or RESERVE, ABSTAIN, OBJECT + reason" in page  # the English line beside it
    token = auth.csrf("/t/adansi-north/settings/sms-languages/new")
    twi = {**_twi_of_the_demo(), "code": "tw", "csrf_token": token}
    bad = client.post("/t/adansi-north/settings/sms-languages/new?lang=fr",
                      data={**twi, "report_reminder": "{who}: amanneebo {title} du {date}. Bua {code}."})
    assert bad.status_code == 422 and "Nommez le mot-clé" in bad.get_data(as_text=True)
    assert client.post("/t/adansi-north/settings/sms-languages/new", data=twi).status_code == 303
    saved = client.get("/t/adansi-north/settings/sms-languages/tw").get_data(as_text=True)
    assert "Bua PENE {code} anaa NANSO, KOMM, MEMPENE ne nea enti" in saved and "Meda wo ase" in saved
