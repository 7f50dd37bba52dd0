"""Meeting notices by SMS through a real Kannel (bearerbox + smsbox) to its fake SMSC: one SMS per member reached by
SMS, in their language, within two segments, with the invitation's reply code."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members import services as members

LOCALES = ("en", "fr", "es", "sw", "ha")
# a word of each language's invitation (webapp/notices/sms/sentences.py), as the reader gets it (no ó in Spanish)
INVITES = {"en": "invitation to", "fr": "invitation à", "es": "invitacion a", "sw": "mwaliko wa", "ha": "gayyata zuwa"}


def phone_member(app, tenant: Tenant, name: str, phone: str, locale: str, channels: str = "sms",
                 email: str | None = None) -> int:
    with app.app_context(), tenant_context(tenant):
        m = members.add_member(name, email, "member", phone=phone, locale=locale, channels=channels,
                               sms_consent=True)
        db.session.commit()
        return m.id


@pytest.fixture
def sms_forum(factory) -> Tenant:
    return factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=list(LOCALES))


def test_a_meeting_notice_reaches_phone_only_members_by_sms_in_their_language(
        app, factory, kannel, smtp, run_worker, queue_redis, sms_forum):
    by_mail = factory.member(sms_forum, "Efua Mail", "member")
    phones = {loc: f"+23320123450{i}" for i, loc in enumerate(LOCALES)}
    ids = [phone_member(app, sms_forum, f"Miner {loc}", phones[loc], loc) for loc in LOCALES]
    both = phone_member(app, sms_forum, "Kofi Both", "0241234567", "en", channels="both", email="kofi@mines.test")
    no_consent = phone_member(app, sms_forum, "Ama Noconsent", "0241234568", "en")
    with app.app_context(), tenant_context(sms_forum):
        from webapp.members.models import Member
        db.session.get(Member, (sms_forum.id, no_consent)).sms_consent_at = None
        db.session.commit()
    meeting = factory.meeting(sms_forum, "Plenary on child labour in gold mining",
                              member_ids=(by_mail["id"], *ids, both, no_consent), notify=True)
    run_worker()

    got = kannel.wait_received(len(LOCALES) + 1)
    by_phone = {r.to: r for r in got}
    assert sorted(by_phone) == sorted([*phones.values(), "+233241234567"])  # one SMS each, none to the unconsenting
    assert len(got) == len(LOCALES) + 1
    for loc, phone in phones.items():
        received = by_phone[phone]
        assert INVITES[loc] in received.text, (loc, received.text)
        assert "Plenary on child labour" in received.text
        assert received.parts <= 2
    with app.app_context(), tenant_context(sms_forum):
        from webapp.meetings.models import Invitation
        from webapp.notices.sms.models import SmsMessage

        codes = dict(db.session.execute(select(Invitation.member_id, Invitation.reply_code).where(
            Invitation.meeting_id == meeting["id"])).all())
        rows = db.session.scalars(select(SmsMessage)).all()
        assert {r.status for r in rows} <= {"sent", "delivered"} and all(r.segments <= 2 for r in rows)
        segments = {r.locale: (r.encoding, r.segments) for r in rows}
    for loc, mid in zip(LOCALES, ids, strict=True):
        assert codes[mid] and codes[mid] in by_phone[phones[loc]].text
    assert {enc for enc, _n in segments.values()} == {"gsm7"}  # Spanish "invitación" loses the accent GSM-7 lacks
    assert {n for _enc, n in segments.values()} == {1}
    print("segments per language:", segments)
    # e-mail: the e-mail-only member and the one with both channels; never the phone-only members
    assert smtp.to(by_mail["email"]) and smtp.to("kofi@mines.test")
    assert len(smtp.messages) == 2


def test_plain_letters_for_hausa_when_the_forum_chooses_them(app, factory, kannel, run_worker, queue_redis):
    sms_forum = factory.forum("mines-ng", "Zamfara ASM Forum", country="NG", enabled_locales=["en", "ha"],
                              settings={"sms_plain_hausa": True})
    mid = phone_member(app, sms_forum, "Musa Hausa", "+2348031234567", "ha")
    factory.meeting(sms_forum, "Taron ƙungiya", member_ids=(mid,), notify=True)
    run_worker()
    got = kannel.wait_received(1)
    assert len(got) == 1 and "ƙ" not in got[0].text and "Taron kungiya" in got[0].text


def test_the_monthly_allowance_stops_sending_and_says_so(app, client, auth, factory, kannel, run_worker,
                                                         queue_redis, smtp):
    sms_forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH", settings={"sms_monthly_allowance": 2})
    sec = factory.member(sms_forum, "Sena Secretariat", "secretariat")
    ids = [phone_member(app, sms_forum, f"Miner {i}", f"+23320123457{i}", "en") for i in range(4)]
    factory.meeting(sms_forum, "Plenary", member_ids=tuple(ids), notify=True)
    run_worker()
    got = kannel.wait_received(2, timeout=5)
    assert len(got) == 2  # one segment each: two fit the allowance, two wait
    auth.login(sec["email"])
    page = client.get("/t/mines-gh/messages/").get_data(as_text=True)
    assert "allowance is used up" in page and "Pending (2)" in page
    assert any("allowance" in (m["Subject"] or "") for m in smtp.to(sec["email"]))
