"""Verification before a figure counts (issue 40): a report (always) or an update of an item that asks for it waits
for the secretariat or the item's named verifier; unverified figures show apart to members and never to the
public; sending back asks the reporter to correct."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan, post
from webapp.actions import periods
from webapp.actions.models import ActionItem, ActionUpdate, ReportingBody
from webapp.core.zones import forum_today
from webapp.extensions import db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def reported(app, client, auth, two_forums):
    """A public item reported quarterly by Amadou (a member), who sent the latest period's report: 12."""
    plan = make_plan(app, two_forums["a"], [
        {"title": "Withdraw children from pits", "indicator": "Children withdrawn", "unit": "children",
         "baseline": 0, "target": 200, "reporting_frequency": "quarterly", "visibility": "public"}])
    item_id = plan["item_ids"][0]
    auth.login(two_forums["a_sec"]["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{item_id}/bodies",
                member_id=two_forums["a_member"]["id"]).status_code == 303
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        body = db.session.scalar(select(ReportingBody.id))
        key = periods.last_ended(forum_today(two_forums["a"]), "quarterly").key
    auth.login(two_forums["a_member"]["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{item_id}/bodies/{body}/report", period=key,
                value="12").status_code == 303
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        report = db.session.scalar(select(ActionUpdate.id))
    return {"item": item_id, "plan": plan["plan_id"], "body": body, "period": key, "report": report}


def _figure(app, tenant, item_id):
    with app.app_context(), tenant_context(tenant):
        item = db.session.get(ActionItem, (tenant.id, item_id))
        return item.current_value, [(u.value, u.verification) for u in db.session.scalars(
            select(ActionUpdate).order_by(ActionUpdate.id))]


def test_a_report_counts_once_verified_and_the_public_sees_only_verified_figures(
        app, client, auth, two_forums, reported):
    item = reported["item"]
    assert _figure(app, two_forums["a"], item) == (None, [(Decimal(12), "pending")])
    public = _text(client.get("/t/forum-a/public/").get_data(as_text=True))
    assert "Withdraw children from pits" in public and "6%" not in public  # 12 of 200 does not count yet
    auth.login(two_forums["a_member"]["email"])
    page = _text(client.get(f"/t/forum-a/actions/items/{item}").get_data(as_text=True))
    assert "12 unverified" in page and "awaiting verification" in page and "Verify" not in page
    # the reporter cannot verify their own figure
    assert post(client, auth, f"/t/forum-a/actions/items/{item}/updates/{reported['report']}/verify").status_code == 404
    auth.logout()
    auth.login(two_forums["a_sec"]["email"])
    plan = _text(client.get(f"/t/forum-a/actions/plans/{reported['plan']}").get_data(as_text=True))
    assert "1 figure to verify" in plan and "6%" not in plan
    r = post(client, auth, f"/t/forum-a/actions/items/{item}/updates/{reported['report']}/verify")
    assert r.status_code == 303
    assert _figure(app, two_forums["a"], item) == (Decimal(12), [(Decimal(12), "verified")])
    assert "1 figure to verify" not in client.get(f"/t/forum-a/actions/plans/{reported['plan']}").get_data(as_text=True)
    auth.logout()
    assert "6%" in _text(client.get("/t/forum-a/public/").get_data(as_text=True))


def test_sending_back_asks_the_reporter_to_correct(app, client, auth, two_forums, reported):
    item, url = reported["item"], f"/t/forum-a/actions/items/{reported['item']}/updates/{reported['report']}/send-back"
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, url, verifier_note="")
    assert "Please say what to correct" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert post(client, auth, url, verifier_note="Girls and boys counted twice at Tarkwa").status_code == 303
    assert _figure(app, two_forums["a"], item) == (None, [(Decimal(12), "sent_back")])
    auth.logout()
    auth.login(two_forums["a_member"]["email"])
    page = _text(client.get(f"/t/forum-a/actions/items/{item}").get_data(as_text=True))
    assert "Sent back by Ama Secretariat: Girls and boys counted twice at Tarkwa" in page
    # the period is open again; the first report stays as it was sent
    assert f"Report for {reported['period']}" in _text(client.get("/t/forum-a/actions/mine").get_data(as_text=True))
    r = post(client, auth, f"/t/forum-a/actions/items/{item}/bodies/{reported['body']}/report",
             period=reported["period"], value="8")
    assert r.status_code == 303
    assert _figure(app, two_forums["a"], item) == (None, [(Decimal(12), "sent_back"), (Decimal(8), "pending")])


def test_an_item_asking_for_verification_holds_its_owners_figures(app, client, auth, factory, two_forums):
    verifier = factory.member(two_forums["a"], "Efua Verifier", "member")
    plan = make_plan(app, two_forums["a"], [
        {"title": "Train labour inspectors", "owner_member_id": two_forums["a_member"]["id"], "baseline": 0,
         "target": 40, "current_value": 10, "verify_figures": True, "verifier_member_id": verifier["id"],
         "visibility": "public"}])
    item = plan["item_ids"][0]
    auth.login(two_forums["a_member"]["email"])
    assert post(client, auth, f"/t/forum-a/actions/items/{item}/update", status="in_progress",
                value="20").status_code == 303
    assert _figure(app, two_forums["a"], item) == (Decimal(10), [(Decimal(20), "pending")])
    auth.logout()
    auth.login(verifier["email"])
    with app.app_context(), tenant_context(two_forums["a"]):
        update = db.session.scalar(select(ActionUpdate.id))
    assert post(client, auth, f"/t/forum-a/actions/items/{item}/updates/{update}/verify").status_code == 303
    assert _figure(app, two_forums["a"], item) == (Decimal(20), [(Decimal(20), "verified")])
