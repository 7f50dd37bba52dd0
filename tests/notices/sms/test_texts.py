"""Every SMS kind in every language fits two segments, even with a long meeting title; counts per language."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from webapp.extensions import db
from webapp.members.models import Member
from webapp.notices.sms import services as sms
from webapp.notices.sms.services import Contact

LOCALES = ("en", "fr", "es", "sw", "ha")
LONG_TITLE = ("Plenary of the national steering committee on child labour in artisanal and small-scale gold mining, "
              "with the cooperatives of the Western Region")


@pytest.fixture
def meeting(factory):
    forum = factory.forum("mines-gh", "National Steering Committee on Child Labour", country="GH",
                          enabled_locales=list(LOCALES))
    m = factory.member(forum, "Efua Mail")
    return forum, factory.meeting(forum, LONG_TITLE, member_ids=(m["id"],))


def test_every_kind_in_every_language_fits_two_segments(app, meeting, capsys):
    forum, mtg = meeting
    counts = {}
    with app.test_request_context(), tenant_context(forum):
        from webapp.meetings.models import Invitation

        invitation = db.session.query(Invitation).filter_by(meeting_id=mtg["id"]).one()
        payloads = {
            "meeting_invitation": {"meeting_id": mtg["id"], "invitation_id": invitation.id},
            "meeting_update": {"meeting_id": mtg["id"], "invitation_id": invitation.id},
            "meeting_cancelled": {"meeting_id": mtg["id"]},
            "meeting_reminder": {"meeting_id": mtg["id"]},
            "action_reminder": {"title": "Survey of child labour at three mine sites", "overdue": False,
                                "due_on": date(2027, 3, 15).isoformat()},
        }
        for kind, payload in payloads.items():
            for loc in LOCALES:
                contact = Contact(1, "X", "+233201234567", "sms", True, loc)
                fitted = sms.compose(kind, payload, contact, forum)
                assert fitted is not None and fitted.segments <= 2, (kind, loc, fitted)
                if kind == "meeting_invitation":
                    assert invitation.reply_code in fitted.text  # the code is kept whole when the text is cut
                counts[(kind, loc)] = (fitted.encoding, fitted.segments, fitted.shortened)
        db.session.rollback()
    with capsys.disabled():
        print("\nSMS per kind and language (encoding, segments, shortened):")
        for kind in payloads:
            print(f"  {kind:20}", "  ".join(f"{loc}={e}/{n}{'*' if s else ''}"
                                            for (k, loc), (e, n, s) in counts.items() if k == kind))
    assert counts[("meeting_invitation", "es")][0] == "gsm7"  # "invitación" loses the accent GSM-7 lacks
    assert all(n == 1 for (_k, loc), (_e, n, _s) in counts.items() if loc != "ha")


def test_a_member_without_consent_or_phone_gets_no_sms(app, factory):
    forum = factory.forum("mines-gh", "Forum", country="GH")
    with app.app_context(), tenant_context(forum):
        from webapp.members import services as members

        m = members.add_member("Kojo", None, "member", phone="0201234567", channels="sms")
        db.session.commit()
        c = sms.contacts([m.id])[m.id]
        assert c.phone == "+233201234567" and not c.sms  # no consent yet
        members.update_member(db.session.get(Member, (forum.id, m.id)), {"sms_consent": True})
        assert sms.contacts([m.id])[m.id].sms


def test_an_sms_speaks_the_members_interface_language_when_no_notice_language_is_set_and_shows_their_zone(
        app, factory):
    """An unset notice language falls back to the account's interface language (then the forum's); the time is the
    member's own, its zone named; the sender is the forum's short name."""
    from webapp.auth.models import User

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH", timezone="Africa/Accra", short_name="GAF",
                          enabled_locales=list(LOCALES))
    efua = factory.member(forum, "Efua Phone")
    kojo = factory.member(forum, "Kojo Phone")
    mtg = factory.meeting(forum, "Plenary", member_ids=(efua["id"], kojo["id"]))
    with app.test_request_context(), tenant_context(forum):
        for m, zone in ((efua, "Africa/Lubumbashi"), (kojo, None)):
            row = db.session.get(Member, (forum.id, m["id"]))
            row.phone, row.channels, row.locale, row.time_zone = "+23320123456" + str(m["id"] % 10), "sms", None, zone
            row.sms_consent_at = datetime.now(UTC)
            db.session.get(User, row.user_id).locale = "fr" if m is efua else None
        db.session.flush()
        known = sms.contacts([efua["id"], kojo["id"]])
        assert (known[efua["id"]].locale, known[efua["id"]].zone) == ("fr", "Africa/Lubumbashi")
        assert (known[kojo["id"]].locale, known[kojo["id"]].zone) == (None, None)
        payload = {"meeting_id": mtg["id"]}
        to_efua = sms.compose("meeting_reminder", payload, known[efua["id"]], forum)
        to_kojo = sms.compose("meeting_reminder", payload, known[kojo["id"]], forum)
        db.session.rollback()
    assert to_efua.text.startswith("GAF, rappel: Plenary, ") and " CAT, " in to_efua.text and to_efua.locale == "fr"
    assert to_kojo.text.startswith("GAF reminder: Plenary, ") and " GMT, " in to_kojo.text and to_kojo.locale == "en"
    assert to_efua.segments == to_kojo.segments == 1 and to_efua.encoding == "gsm7"


def test_the_notice_confirmation_counts_the_sms_segments_and_their_share_of_the_allowance(
        app, client, auth, factory):
    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=list(LOCALES),
                          settings={"sms_monthly_allowance": 200})
    sec = factory.member(forum, "Sena Secretariat", "secretariat")
    by_mail = factory.member(forum, "Efua Mail")
    with app.app_context(), tenant_context(forum):
        from webapp.members import services as members

        ids = [members.add_member(f"Miner {loc}", None, "member", phone=f"+2332012345{i:02d}", locale=loc,
                                  channels="sms", sms_consent=True).id for i, loc in enumerate(LOCALES)]
        db.session.commit()
    mtg = factory.meeting(forum, "Plenary on child labour in gold mining", member_ids=(by_mail["id"], *ids))
    auth.login(sec["email"])
    page = client.get(f"/t/mines-gh/meetings/{mtg['id']}/notice").get_data(as_text=True)
    assert "5 of them by SMS: 5 SMS segments, 2% of this month&#39;s allowance (0 of 200 used so far)." in page, page
    with app.app_context(), tenant_context(forum):  # counting handed out no reply code
        from webapp.meetings.models import Invitation
        from webapp.notices.sms.models import SmsMessage, SmsReplyCode

        assert db.session.scalars(select(Invitation.reply_code).where(Invitation.reply_code.is_not(None))).all() == []
        assert db.session.scalars(select(SmsReplyCode)).all() == [] and db.session.scalars(select(SmsMessage)).all() == []


def test_an_email_notice_also_falls_back_to_the_interface_language(app, factory):
    from webapp.auth.models import User
    from webapp.notices.models import Notice

    forum = factory.forum("mines-gh", "Ghana ASM Forum", country="GH", enabled_locales=["en", "fr"])
    amina, kofi = factory.member(forum, "Amina Mail"), factory.member(forum, "Kofi Mail")
    with app.app_context(), tenant_context(forum):
        for m, account, notices in ((amina, "fr", None), (kofi, "fr", "es")):
            row = db.session.get(Member, (forum.id, m["id"]))
            row.locale = notices
            db.session.get(User, row.user_id).locale = account
        db.session.commit()
    factory.meeting(forum, "Plenary", member_ids=(amina["id"], kofi["id"]), notify=True)
    with app.app_context(), tenant_context(forum):
        sent = dict(db.session.execute(select(Notice.member_id, Notice.locale).where(
            Notice.kind == "meeting_invitation")).all())
    assert sent == {amina["id"]: "fr", kofi["id"]: "es"}  # the notice language first, then the account's
