"""The demo forums have members reached only by SMS: the plenary already announced invites them by SMS, and the
Messages page shows those SMS to the secretariat."""
from __future__ import annotations

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.extensions import db
from webapp.notices.sms.models import SmsMessage


def test_demo_phone_only_members_get_the_plenary_invitation_by_sms(app, client, auth, databases, queue_redis):
    with app.app_context():
        demo.load()
        demo.load()  # twice changes nothing
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        with tenant_context(tenant):
            rows = db.session.scalars(select(SmsMessage)).all()
    assert {r.recipient_phone for r in rows} == {"+233245550101", "+233205550102", "+233275550103"}
    assert {r.kind for r in rows} == {"meeting_invitation"} and all(r.segments <= 2 for r in rows)
    hausa = next(r for r in rows if r.locale == "ha")
    assert "gayyata zuwa" in hausa.body and hausa.body.startswith("NSCCL: ")
    sec = next(p for p in next(f for f in demo.demo_data.FORUMS if f.slug == "ghana-nsccl").people
               if p.role == "secretariat" and p.account)
    auth.login(sec.email, demo.DEMO_PASSWORD)
    page = client.get("/t/ghana-nsccl/messages/").get_data(as_text=True)
    assert "Hajara Issah" in page and "+233205550102" in page
