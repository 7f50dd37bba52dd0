"""Answering a proposal by SMS (issue 36): the opening notice reaches phone-only members in their language with a
reply code of kind "proposal"; "KUBALI K4UNV", "OBJECTION K4UNV <reason>" come back through Kannel's fakesmsc, the
inbound routing by kind and the web form's service; each answer is confirmed by SMS, and a reply that cannot be
recorded is told why. A code of forum A texted from a phone of forum B changes nothing."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Committee, Member
from webapp.notices.sms import builder, inbound, sentences
from webapp.notices.sms.models import SmsInbound, SmsMessage
from webapp.proposals import services
from webapp.proposals import sms as proposal_sms
from webapp.proposals.models import ProposalAnswer

from ..notices.sms.test_kannel import phone_member
from ..notices.sms.test_replies import callbacks, wait_for  # noqa: F401  (callbacks: a fixture)

LOCALES = ["en", "fr", "es", "sw", "ha"]


@pytest.fixture
def forum_a(factory) -> Tenant:
    return factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=LOCALES, short_name="ASMF")


@pytest.fixture
def forum_b(factory) -> Tenant:
    return factory.forum("idak", "IDAK Katanga", country="CD", enabled_locales=["fr", "sw"])


def seat(app, forum: Tenant, committee_id: int, member_id: int, constituency: str, alternate_of: int | None = None):
    with app.app_context(), tenant_context(forum):
        db.session.execute(update(Member).where(Member.id == member_id).values(
            constituency=constituency, alternate_of_id=alternate_of))
        if alternate_of is None:
            roll.set_seat(db.session.get(Committee, (forum.id, committee_id)),
                          db.session.get(Member, (forum.id, member_id)), "member")
        db.session.commit()


def committee(app, forum: Tenant) -> int:
    with app.app_context(), tenant_context(forum):
        c = roll.save_committee(None, name="Steering committee", kind="plenary", level="national")
        db.session.commit()
        return c.id


def open_proposal(app, forum: Tenant, committee_id: int, days: int = 3) -> int:
    with app.app_context(), tenant_context(forum):
        p = services.open_proposal({"title": "Adopt the 2027 work plan", "text": "The forum adopts the plan.",
                                    "rule": "no_objection", "audience": "committee", "committee_id": committee_id,
                                    "deadline": datetime.now(UTC) + timedelta(days=days)}, None)
        db.session.commit()
        return p.id


def seat_row(app, forum: Tenant, proposal_id: int, member_id: int) -> tuple:
    with app.app_context(), tenant_context(forum):
        r = db.session.get(ProposalAnswer, (forum.id, proposal_id, member_id))
        return r.answer, r.comment, r.channel, r.answered_by_id


def outcomes(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(SmsInbound.outcome).order_by(SmsInbound.id)))


def texts(app, forum: Tenant, kind: str) -> list[str]:
    with app.app_context(), tenant_context(forum):
        return list(db.session.scalars(select(SmsMessage.body).where(SmsMessage.kind == kind).order_by(SmsMessage.id)))


def code_in(text: str, keyword: str) -> str:
    return re.search(rf"{keyword} ([A-Z0-9]{{5}})\b", text).group(1)


def test_members_answer_a_proposal_by_sms_through_kannel_and_a_code_from_another_forums_phone_does_nothing(
        app, factory, kannel, smtp, run_worker, queue_redis, forum_a, forum_b):
    cid = committee(app, forum_a)
    asha = phone_member(app, forum_a, "Asha Miner", "+233201234601", "sw")
    fifi = phone_member(app, forum_a, "Fifi Employer", "+233201234602", "fr")
    kofi = factory.member(forum_a, "Kofi Government")["id"]
    seat(app, forum_a, cid, asha, "workers")
    seat(app, forum_a, cid, fifi, "employers")
    seat(app, forum_a, cid, kofi, "government")
    other = phone_member(app, forum_b, "Fifi Katanga", "+243991234603", "fr")
    factory.meeting(forum_b, "Plénière", member_ids=(other,), notify=True)  # forum B knows its phone
    pid = open_proposal(app, forum_a, cid)
    run_worker()

    got = {r.to: r for r in kannel.wait_received(3)}
    sw, fr = got["+233201234601"].text, got["+233201234602"].text
    assert sw.startswith("ASMF: pendekezo Adopt the 2027 work plan, jibu hadi") and "PINGA" in sw, sw
    assert "Répondez ACCORD" in fr or "Repondez ACCORD" in fr, fr
    assert got["+233201234601"].parts == 1 and got["+233201234602"].parts <= 2
    code_sw, code_fr = code_in(sw, "KUBALI"), code_in(fr, "ACCORD")
    assert code_sw != code_fr and smtp.to(f"kofi.government@{forum_a.slug}.test")  # e-mail for the e-mail member
    kannel.clear()

    # inbound SMS are kept across tests (a deleted forum's rows keep their Kannel message ids): count this test's
    before = len(outcomes(app))
    # Swahili, lower case: recorded as the web form records it, channel sms
    kannel.send_from("+233201234601", f"kubali {code_sw.lower()}")
    assert wait_for(lambda: seat_row(app, forum_a, pid, asha)[0] == "agree")
    assert seat_row(app, forum_a, pid, asha) == ("agree", None, "sms", asha)
    # an objection without its reason records nothing and says why; with it, the reason is the comment
    kannel.send_from("+233201234602", f"Objection {code_fr}")
    assert wait_for(lambda: outcomes(app)[-1:] == ["refused"])
    assert seat_row(app, forum_a, pid, fifi)[0] is None
    kannel.send_from("+233201234602", f"{code_fr} objection pas de budget pour 2027")
    assert wait_for(lambda: seat_row(app, forum_a, pid, fifi)[0] == "object")
    assert seat_row(app, forum_a, pid, fifi) == ("object", "pas de budget pour 2027", "sms", fifi)

    # forum A's code texted from a phone of forum B: nothing changes, help comes from forum B
    kannel.send_from("+243991234603", f"ACCORD {code_fr}")
    assert wait_for(lambda: len(outcomes(app)) - before == 4)
    assert outcomes(app)[before:] == ["answered", "refused", "answered", "unknown"]
    assert seat_row(app, forum_a, pid, fifi)[0] == "object"
    assert texts(app, forum_a, "help") == []

    run_worker()
    back = kannel.wait_received(4)
    to_asha = [r.text for r in back if r.to == "+233201234601"]
    to_fifi = [r.text for r in back if r.to == "+233201234602"]
    assert len(to_asha) == 1 and "jibu lako KUBALI kwa Adopt the 2027 work plan limehifadhiwa" in to_asha[0]
    assert any("donnez le motif: OBJECTION " + code_fr in t for t in to_fifi), to_fifi
    assert any("votre reponse OBJECTION" in t or "votre réponse OBJECTION" in t for t in to_fifi), to_fifi
    assert [r.to for r in back if r.to not in ("+233201234601", "+233201234602")] == ["+243991234603"]


def _inbound(client, message_id: str, phone: str, text: str) -> None:
    from urllib.parse import quote

    r = client.post(f"/sms/inbound?key=s3cret&id={message_id}&from={quote(phone)}", data=text)
    assert r.status_code == 200


def _codes(app, forum: Tenant, pid: int) -> dict[int, str]:
    from webapp.notices.sms.models import SmsReplyCode

    with app.app_context():
        return {r.member_id: r.reply_code for r in db.session.scalars(select(SmsReplyCode).where(
            SmsReplyCode.tenant_id == forum.id, SmsReplyCode.kind == "proposal", SmsReplyCode.object_id == pid))}


def test_bad_replies_are_told_why_in_the_members_language_and_an_alternate_answers_for_the_titulars_seat(
        app, client, factory, callbacks, queue_redis, forum_a):  # noqa: F811
    cid = committee(app, forum_a)
    musa = phone_member(app, forum_a, "Musa Worker", "+233201234611", "ha")
    alt = phone_member(app, forum_a, "Lucia Alternate", "+233201234612", "es")
    gov = phone_member(app, forum_a, "Kwame Government", "+233201234613", "en")
    seat(app, forum_a, cid, musa, "workers")
    seat(app, forum_a, cid, alt, "workers", alternate_of=musa)
    seat(app, forum_a, cid, gov, "government")
    pid = open_proposal(app, forum_a, cid)
    code = _codes(app, forum_a, pid)
    assert set(code) == {musa, alt, gov}  # the alternate gets a code of their own

    before = len(outcomes(app))  # inbound SMS of earlier tests are kept
    _inbound(client, "b-1", "+233201234613", f"MAYBE {code[gov]}")  # no proposal's word
    _inbound(client, "b-2", "+233201234612", f"de acuerdo {code[alt]}")  # the alternate, for Musa's seat
    _inbound(client, "b-3", "+233201234611", f"ki {code[musa]} babu kudi")  # Hausa, with a reason
    _inbound(client, "b-4", "+233201234612", f"reserva {code[alt]}")  # the titular has answered
    _inbound(client, "b-5", "+233201234613", f"RESERVE {code[gov]} only if funded")
    assert outcomes(app)[before:] == ["refused", "answered", "answered", "refused", "answered"]
    assert seat_row(app, forum_a, pid, musa) == ("object", "babu kudi", "sms", musa)
    assert seat_row(app, forum_a, pid, gov) == ("agree_with_reservations", "only if funded", "sms", gov)
    replies = texts(app, forum_a, "reply")
    assert replies[0].startswith("ASMF: your answer to Adopt the 2027 work plan was not understood. Reply AGREE")
    assert "su respuesta ACUERDO a Adopt the 2027 work plan queda registrada" in replies[1]
    assert "an adana amsarku KI ga Adopt the 2027 work plan" in replies[2]
    assert "el miembro al que suple ha respondido" in replies[3]
    assert "your answer RESERVE to Adopt the 2027 work plan is recorded" in replies[4]

    # once closed, a reply is told so and changes nothing
    with app.app_context(), tenant_context(forum_a):
        assert services.close_due(datetime.now(UTC) + timedelta(days=4)) == 1
        db.session.commit()
    _inbound(client, "b-6", "+233201234613", f"AGREE {code[gov]}")
    assert outcomes(app)[-1] == "refused"
    assert texts(app, forum_a, "reply")[-1] == \
        "ASMF: answers to Adopt the 2027 work plan are closed; yours was not recorded."
    assert seat_row(app, forum_a, pid, gov)[0] == "agree_with_reservations"
    # HELP for a number whose live code is a proposal's names the proposal's words
    _inbound(client, "b-7", "+233201234613", "HELP")
    assert "AGREE, RESERVE, ABSTAIN or OBJECT + reason" in texts(app, forum_a, "help")[-1]


def test_the_reminder_answers_with_the_openings_code(app, factory, callbacks, queue_redis, forum_a):  # noqa: F811
    cid = committee(app, forum_a)
    gov = phone_member(app, forum_a, "Kwame Government", "+233201234621", "en")
    seat(app, forum_a, cid, gov, "government")
    pid = open_proposal(app, forum_a, cid, days=1)
    first = _codes(app, forum_a, pid)[gov]
    with app.app_context(), tenant_context(forum_a):
        assert services.remind_due(datetime.now(UTC) + timedelta(hours=2)) == 1
        db.session.commit()
    assert _codes(app, forum_a, pid)[gov] == first
    [reminder] = texts(app, forum_a, "proposal_reminder")
    assert reminder.startswith("ASMF reminder: Adopt the 2027 work plan, answer by") and first in reminder


@pytest.mark.parametrize("locale", LOCALES)
def test_each_languages_reply_words_are_the_ones_the_parser_reads(locale):
    words = sentences.language(locale).proposal
    for answer in ("agree", "agree_with_reservations", "abstain", "object"):
        written = words.answer(answer)
        parsed = inbound.parse(f"{written} K4UNV because of the budget")
        reply = parsed.reply(parsed.words.index("K4UNV"))
        assert proposal_sms.answer_of(reply) == (answer, "because of the budget"), (locale, written)


def test_proposal_sms_fit_one_segment_in_every_language(capsys):
    """The share of one-segment proposal SMS (opening, reminder, confirmation) over ten title lengths, per language:
    30 of 30 in each of the five languages (GSM-7 titles)."""
    one: dict[str, int] = {}
    when = datetime(2026, 12, 9, 15, tzinfo=UTC)
    for locale in LOCALES:
        one[locale] = 0
        for length in range(20, 120, 10):
            title = ("Adopt the national work plan on child labour in artisanal gold mining " * 2)[:length]
            for kind, extra in (("proposal_opened", {"code": "K4UNV"}), ("proposal_reminder", {"code": "K4UNV"}),
                                ("proposal_reply", {"answer": "agree_with_reservations"})):
                sms = builder.build(builder.Draft(kind, builder.Fields(who="NSCCL", title=title, when=when,
                                                                       zone="Africa/Accra", **extra)), locale)
                assert sms.segments <= 2 and "9" in sms.text
                one[locale] += sms.segments == 1
    with capsys.disabled():
        print("\none-segment proposal SMS of 30 per language:", one)
    assert all(n == 30 for n in one.values()), one


TWI_PROPOSAL = {"agree": "Pene", "reserve": "Nanso", "abstain": "Komm", "object": "Mempene"}


def test_a_member_answers_a_proposal_in_the_forums_own_words_through_the_inbound_router(
        app, client, factory, callbacks, queue_redis):  # noqa: F811
    """Issue 46: the words a forum gave for a language of its own (Twi) answer a proposal as AGREE, RESERVE,
    ABSTAIN, OBJECT do; they stay a proposal's words (not an invitation's)."""
    from webapp.notices.sms import languages as sms_languages

    from ..notices.sms.test_forum_languages import TWI, save_twi, speaks

    forum = factory.forum("adansi-south", "Adansi South District Child Labour Committee", country="GH",
                          short_name="ASDCLC", enabled_locales=["en", "tw"])
    save_twi(app, forum, **TWI_PROPOSAL)
    cid = committee(app, forum)
    ama = phone_member(app, forum, "Ama Twi", "+233201234631", "en")
    yaw = phone_member(app, forum, "Yaw Twi", "+233201234632", "en")
    kojo = phone_member(app, forum, "Kojo Twi", "+233201234633", "en")
    for member, constituency in ((ama, "workers"), (yaw, "employers"), (kojo, "government")):
        speaks(app, forum, member, "tw")
        seat(app, forum, cid, member, constituency)
    pid = open_proposal(app, forum, cid)
    code = _codes(app, forum, pid)

    before = len(outcomes(app))
    _inbound(client, "tw-1", "+233201234631", f"pene {code[ama]}")
    _inbound(client, "tw-2", "+233201234632", f"{code[yaw]} MEMPENE sika no nnu")
    _inbound(client, "tw-3", "+233201234633", f"Mempene {code[kojo]}")  # an objection needs its reason, in Twi too
    _inbound(client, "tw-4", "+233201234633", f"Nanso {code[kojo]} se sika ba a")
    assert outcomes(app)[before:] == ["answered", "answered", "refused", "answered"]
    assert seat_row(app, forum, pid, ama) == ("agree", None, "sms", ama)
    assert seat_row(app, forum, pid, yaw) == ("object", "sika no nnu", "sms", yaw)
    assert seat_row(app, forum, pid, kojo) == ("agree_with_reservations", "se sika ba a", "sms", kojo)
    with app.app_context(), tenant_context(forum):
        tenant = db.session.merge(forum)
        assert "PENE" not in sms_languages.answers(tenant)  # an invitation's words are AANE, DAABI, EBIA only
        assert sms_languages.answers(tenant, sms_languages.PROPOSAL_WORDS)["KOMM"] == "abstain"
        # a word one of the five languages gives another answer is refused (PINGA objects in Swahili)
        with pytest.raises(sms_languages.SmsLanguageError) as refused:
            sms_languages.save(tenant, "tw", {**TWI, **TWI_PROPOSAL, "agree": "Pinga"})
        assert refused.value.field == "agree"


def test_a_twi_reader_answers_a_proposal_in_twi_through_kannel(app, factory, kannel, run_worker, queue_redis):
    """Issue 46, end to end: the opening SMS reaches a Twi reader (in the forum's language: the forum wrote no
    proposal sentences in Twi) and their answer in the forum's Twi word comes back through Kannel's fakesmsc."""
    from ..notices.sms.test_forum_languages import save_twi, speaks

    forum = factory.forum("adansi-east", "Adansi East District Child Labour Committee", country="GH",
                          short_name="AEDCLC", enabled_locales=["en", "tw"])
    save_twi(app, forum, **TWI_PROPOSAL)
    cid = committee(app, forum)
    esi = phone_member(app, forum, "Esi Twi", "+233201234641", "en")
    speaks(app, forum, esi, "tw")
    seat(app, forum, cid, esi, "workers")
    pid = open_proposal(app, forum, cid)
    run_worker()
    opening = kannel.wait_received(1)[0]
    assert opening.to == "+233201234641" and opening.text.startswith("AEDCLC: proposal Adopt the 2027 work plan")
    kannel.clear()
    kannel.send_from("+233201234641", f"Pene {code_in(opening.text, 'AGREE')}")
    assert wait_for(lambda: seat_row(app, forum, pid, esi)[0] == "agree")
    assert seat_row(app, forum, pid, esi) == ("agree", None, "sms", esi)
