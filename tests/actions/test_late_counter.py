"""The "late" counter (issue 40): the chair dashboard shows how many reporting bodies are late with the latest
period's report, read from a counter kept on the forum's row (tenants.late_reports: the dashboard is at its
statement budget), refreshed by the daily reminders and by every write that changes it; My actions counts the
member's late reports and overdue actions from the rows it reads anyway."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from webapp.actions import periods, reporting
from webapp.actions import views as action_views
from webapp.actions.models import ActionItem, ReportingBody
from webapp.core.zones import forum_today
from webapp.extensions import db


@pytest.fixture
def reported(app, two_forums):
    a = two_forums["a"]
    plan = make_plan(app, a, [
        {"title": "Children withdrawn", "baseline": 0, "target": 100, "reporting_frequency": "quarterly",
         "visibility": "members"},
        {"title": "Train the wardens", "owner_member_id": two_forums["a_member"]["id"], "visibility": "members",
         "due_on": forum_today(a) - timedelta(days=400)}])
    with app.app_context(), tenant_context(a):
        item = db.session.get(ActionItem, (a.id, plan["item_ids"][0]))
        body = reporting.add_body(item, member_id=two_forums["a_member"]["id"])
        db.session.commit()
        # a day after the latest ended quarter's report was due: late, whatever day the test runs
        day = periods.last_ended(forum_today(a), "quarterly").due_on + timedelta(days=1)
        return {"item": item.id, "body": body.id, "day": day}


def _late(app, tenant):
    with app.app_context():
        return db.session.get(Tenant, tenant.id).late_reports


def test_the_dashboard_shows_late_reports_from_the_counter(app, client, auth, two_forums, reported):
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        reporting.send_report_reminders(reported["day"])  # the daily job: days passed, the report is late
        db.session.commit()
    assert _late(app, a) == 1
    auth.login(two_forums["a_sec"]["email"])
    page = client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert "1 report late" in page
    # the report sent: the counter falls at once, and the dashboard says nothing
    with app.app_context(), tenant_context(a):
        item = db.session.get(ActionItem, (a.id, reported["item"]))
        body = db.session.get(ReportingBody, (a.id, reported["body"]))
        from webapp.members.models import Member

        member = db.session.get(Member, (a.id, two_forums["a_member"]["id"]))
        period = periods.last_ended(reported["day"], "quarterly")
        reporting.submit_report(item, body, member, period=period.key, value="12", today=reported["day"])
        db.session.commit()
    assert _late(app, a) == 0
    assert "report late" not in client.get("/t/forum-a/inclusion/").get_data(as_text=True)
    assert _late(app, two_forums["b"]) is None  # another forum's counter untouched


def test_my_actions_counts_late_reports_and_overdue_actions(app, client, auth, two_forums, reported, monkeypatch):
    monkeypatch.setattr(action_views, "forum_today", lambda: reported["day"])
    auth.login(two_forums["a_member"]["email"])
    page = client.get("/t/forum-a/actions/mine").get_data(as_text=True)
    late = page[page.index('id="late"'):page.index("</p>", page.index('id="late"'))]
    assert "1 report late" in late and "1 action item overdue" in late
