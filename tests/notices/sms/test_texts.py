"""Every SMS kind in every language fits two segments, even with a long meeting title; counts per language."""
from __future__ import annotations

from datetime import date

import pytest

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
