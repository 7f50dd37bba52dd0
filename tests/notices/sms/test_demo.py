"""The demo forums have members reached only by SMS: the plenary already announced invites them by SMS, and the
Messages page shows those SMS to the secretariat — delivered, as a working deployment shows them (issue 32)."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.notices.sms.test_replies import wait_for
from webapp import demo
from webapp.extensions import db
from webapp.notices.sms.models import SmsMessage


def _rows(app, slug: str) -> list[SmsMessage]:
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        with tenant_context(tenant):
            rows = db.session.scalars(select(SmsMessage).order_by(SmsMessage.id)).all()
            for r in rows:
                db.session.expunge(r)
            return rows


def test_demo_phone_only_members_get_the_plenary_invitation_by_sms_and_it_shows_delivered(
        app, client, auth, databases, queue_redis, kannel, run_worker, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_DEV_ONE_REPORT", True)  # as the run command sets it
    with app.app_context():
        demo.load()
        demo.load()  # twice changes nothing
    rows = _rows(app, "ghana-nsccl")
    assert {r.recipient_phone for r in rows} == {"+233245550101", "+233205550102", "+233275550103"}
    # the invitation, and the written procedure of issue 36 with the confirmations of the two answered by SMS
    assert {r.kind for r in rows} == {"meeting_invitation", "proposal_opened", "reply"}
    hausa = next(r for r in rows if r.locale == "ha" and r.kind == "meeting_invitation")
    assert "gayyata zuwa" in hausa.body and hausa.body.startswith("NSCCL: ")
    for r in [*rows, *_rows(app, "katanga-platform")]:  # the short name, one GSM-7 segment, the code with each word
        assert r.body.split(":")[0] in ("NSCCL", "IDAK") and (r.encoding, r.segments) == ("gsm7", 1), r.body
        assert " GMT" in r.body or " CAT" in r.body
    # issue 46: Adansi North's Twi-reading miner gets the invitation in the forum's own Twi sentences, one segment;
    # its meetings are interpreted Twi into English and back
    adansi = _rows(app, "adansi-north")
    invitations = [r for r in adansi if r.kind == "meeting_invitation"]
    assert invitations and {r.recipient_phone for r in adansi} == {"+233245550188"}
    for twi in invitations:  # one per plenary already announced
        assert twi.locale == "tw" and (twi.encoding, twi.segments) == ("gsm7", 1), twi.body
        assert twi.body.startswith("ADANSI-DCLC: yeto nsa fre wo se bra ") and " anaa EBIA " in twi.body, twi.body
    with app.app_context():
        from webapp.meetings.models import Meeting

        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        with tenant_context(tenant):
            assert {tuple(m.interpretation_pairs or ()) for m in db.session.scalars(select(Meeting))} == \
                {("tw>en", "en>tw")}
    run_worker()
    kannel.wait_received(len(rows) + 2 + len(adansi))
    assert wait_for(lambda: {r.status for r in _rows(app, "ghana-nsccl")} == {"delivered"}), \
        [(r.status, r.segments) for r in _rows(app, "ghana-nsccl")]
    sec = next(p for p in next(f for f in demo.demo_data.FORUMS if f.slug == "ghana-nsccl").people
               if p.role == "secretariat" and p.account)
    auth.login(sec.email, demo.DEMO_PASSWORD)
    page = client.get("/t/ghana-nsccl/messages/").get_data(as_text=True)
    assert "Hajara Issah" in page and "+233205550102" in page
    assert f"Delivered ({len(rows)})" in page and "Sent (0)" in page and "Pending (0)" in page
