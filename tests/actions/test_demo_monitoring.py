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
