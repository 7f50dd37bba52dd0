"""The demo shows monitoring from the field (issue 40): Adansi North's disaggregated indicator, reported quarterly by
two district offices — one report verified, one sent late, one sent by SMS; loading twice adds nothing."""
from __future__ import annotations

import re

from sqlalchemy import select

from tenants.models import Tenant
from tenants.rls import tenant_context
from webapp import demo
from webapp.actions.models import ActionItem, ActionUpdate, ActionUpdateCell
from webapp.extensions import db


def _reports(app):
    with app.app_context():
        district = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        with tenant_context(district):
            item = db.session.scalar(select(ActionItem).where(ActionItem.title == demo.MONITORED))
            reports = db.session.scalars(select(ActionUpdate).where(ActionUpdate.item_id == item.id)
                                         .order_by(ActionUpdate.id)).all()
            cells = db.session.scalar(select(ActionUpdateCell.band).where(ActionUpdateCell.update_id == reports[0].id,
                                                                         ActionUpdateCell.sex == "f").limit(1))
            return item.id, item.current_value, cells, [(int(r.value), r.verification, r.late, r.via)
                                                        for r in reports]


def test_a_district_committee_reports_disaggregated_figures_verified_late_and_by_sms(app, client, auth, databases):
    with app.app_context():
        demo.load()
    item_id, value, band, reports = _reports(app)
    assert band == "5-11" and value == 34  # only the verified report counts
    assert reports[0] == (34, "verified", False, "web")
    assert reports[1] == (10, "pending", True, "web")  # the education office's, six weeks after the quarter
    assert reports[2][0:2] == (17, "pending") and reports[2][3] == "sms"
    auth.login("gifty.owusu@example.org", demo.DEMO_PASSWORD)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(f"/t/adansi-north/actions/items/{item_id}")
                                       .get_data(as_text=True)))
    assert "Ghana Education Service, Adansi North" in page and "by SMS" in page and "late" in page and "Verify" in page and "5-11, Female: 6" in page
    with app.app_context():
        demo.load()
    assert _reports(app)[3] == reports


def test_the_demo_shows_published_evidence_an_update_by_sms_indicators_up_and_the_late_counter(app, client, auth,
                                                                                              databases):
    """Issue 40, the rest: published evidence on Adansi North's public page (the refused photo nowhere public); an
    owner's update by SMS; the indicator's verified cells in the NSCCL's Affiliates roll-up; the late counter."""
    from webapp.actions.models import ActionEvidence
    from webapp.federation.models import Snapshot

    with app.app_context():
        demo.load()
        district = db.session.scalar(select(Tenant).where(Tenant.slug == "adansi-north"))
        national = db.session.scalar(select(Tenant).where(Tenant.slug == "ghana-nsccl"))
        assert district.late_reports is not None
        with tenant_context(district):
            shown = {e.filename: (e.id, e.publication) for e in db.session.scalars(select(ActionEvidence))}
            via = db.session.scalars(select(ActionUpdate.via).join(ActionItem, ActionItem.id == ActionUpdate.item_id)
                                     .where(ActionItem.title == "Community child-protection committees trained"))
            assert list(via) == ["sms"]
        with tenant_context(national):
            figures = db.session.scalars(select(Snapshot.figures)).all()
    assert shown["fomena-site-fenced.png"][1] == "published" and shown["enrolment-day-akrokerri.png"][1] == "refused"
    public = client.get("/t/adansi-north/public/").get_data(as_text=True)
    assert "fomena-site-fenced.png" in public and "enrolment-day-akrokerri" not in public
    assert client.get(f"/t/adansi-north/public/evidence/{shown['fomena-site-fenced.png'][0]}").status_code == 200
    assert client.get(f"/t/adansi-north/public/evidence/{shown['enrolment-day-akrokerri.png'][0]}").status_code == 404
    indicators = [e for f in figures for entries in (f.get("indicators") or {}).values() for e in entries]
    assert any(e["title"] == demo.MONITORED and e["total"] == 34 for e in indicators), indicators
