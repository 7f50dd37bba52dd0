"""Reporting bodies and their periodic reports (issue 40): a body reports on an item's indicator each period; a
report is kept per period and never overwritten; a late one is flagged; reminders go while due and once late."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan, post
from webapp.actions import periods, reporting
from webapp.actions import services as actions
from webapp.actions.models import ActionItem, ActionUpdate, ReportingBody
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member
from webapp.notices.models import Notice


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def committee(app, two_forums):
    """A community child-protection committee (an organisation; Amadou sits for it) reporting quarterly."""
    plan = make_plan(app, two_forums["a"], [
        {"title": "Withdraw children from pits", "indicator": "Children withdrawn", "unit": "children",
         "baseline": 0, "target": 200, "reporting_frequency": "quarterly", "visibility": "members"}])
    with app.app_context(), tenant_context(two_forums["a"]):
        org = roll.save_organisation(None, name="Obuasi child-protection committee", acronym="OCPC",
                                     constituency="civil_society", country="GH")
        roll.update_member(db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])),
                           {"organisation_id": org.id})
        item = db.session.get(ActionItem, (two_forums["a"].id, plan["item_ids"][0]))
        db.session.commit()
        return {"item": item.id, "org": org.id, "plan": plan["plan_id"]}


def _add_body(client, auth, two_forums, committee):
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{committee['item']}/bodies", organisation_id=committee["org"])
    assert r.status_code == 303
    auth.logout()


def _body_id(app, tenant) -> int:
    with app.app_context(), tenant_context(tenant):
        return db.session.scalar(select(ReportingBody.id))


def test_a_body_reports_each_period_and_the_report_is_kept(app, client, auth, two_forums, committee):
    _add_body(client, auth, two_forums, committee)
    body = _body_id(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        today = forum_today(two_forums["a"])
    latest, older = periods.recent(today, "quarterly", 2)
    auth.login(two_forums["a_member"]["email"])
    mine = _text(client.get("/t/forum-a/actions/mine").get_data(as_text=True))
    assert f"Report for {latest.key}: Withdraw children from pits" in mine
    url = f"/t/forum-a/actions/items/{committee['item']}/bodies/{body}/report"
    form = client.get(url).get_data(as_text=True)
    assert f'<option value="{latest.key}"' in form and f'<option value="{older.key}"' in form
    r = post(client, auth, url, period=latest.key, value="12", note="Three villages")
    assert r.status_code == 303
    r = post(client, auth, url, period=older.key, value="9")
    assert r.status_code == 303
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.get(ActionItem, (two_forums["a"].id, committee["item"]))
        reports = {u.period: (u.value, u.late, u.via) for u in db.session.scalars(select(ActionUpdate))}
        assert item.current_value is None  # reports count once verified (tests/actions/test_verification.py)
        sec = db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"]))
        for report in db.session.scalars(select(ActionUpdate)):
            actions.verify_figure(item, report, sec)
        assert item.current_value == Decimal(21)  # the item's figure: the sum of its verified reports
        db.session.commit()
    assert reports[latest.key] == (Decimal(12), latest.is_late(today), "web")
    assert reports[older.key] == (Decimal(9), True, "web")  # sent after its due date: late
    # a second report for a period is refused, and the first is kept as it was
    r = post(client, auth, url, period=latest.key, value="40")
    assert r.status_code == 422 and "already sent: a report is kept as it was sent" in _text(r.get_data(as_text=True))
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.get(ActionItem, (two_forums["a"].id, committee["item"])).current_value == Decimal(21)
    page = _text(client.get(f"/t/forum-a/actions/items/{committee['item']}").get_data(as_text=True))
    assert "Obuasi child-protection committee" in page and f"Report for {older.key} late" in page
    assert f"Report for {latest.key}" not in _text(client.get("/t/forum-a/actions/mine").get_data(as_text=True))


def test_a_missing_report_is_late_on_the_plan_and_the_item(app, client, auth, two_forums, committee):
    _add_body(client, auth, two_forums, committee)
    auth.login(two_forums["a_member"]["email"])
    with app.app_context(), tenant_context(two_forums["a"]):
        today = forum_today(two_forums["a"])
    latest, older = periods.recent(today, "quarterly", 2)
    item = _text(client.get(f"/t/forum-a/actions/items/{committee['item']}").get_data(as_text=True))
    assert "Late" in item  # the older period, never reported
    plan = _text(client.get(f"/t/forum-a/actions/plans/{committee['plan']}").get_data(as_text=True))
    assert ("1 report late" in plan) == latest.is_late(today)


@pytest.mark.parametrize("data, message", [
    ({"value": ""}, "Please give the figure for the period."),
    ({"value": "twelve"}, "Please enter a number"),
    ({"period": "2099-Q1", "value": "3"}, "Choose a period that has ended."),
])
def test_a_bad_report_gets_a_clear_message_and_saves_nothing(app, client, auth, two_forums, committee, data, message):
    _add_body(client, auth, two_forums, committee)
    body = _body_id(app, two_forums["a"])
    with app.app_context(), tenant_context(two_forums["a"]):
        latest = periods.last_ended(forum_today(two_forums["a"]), "quarterly")
    auth.login(two_forums["a_member"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{committee['item']}/bodies/{body}/report",
             **{"period": latest.key, "note": "kept", **data})
    assert r.status_code == 422 and message in _text(r.get_data(as_text=True))
    assert 'value="kept"' in r.get_data(as_text=True)
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalars(select(ActionUpdate)).all() == []


def test_only_the_body_reports_and_a_body_with_reports_stays(app, client, auth, factory, two_forums, committee):
    _add_body(client, auth, two_forums, committee)
    body = _body_id(app, two_forums["a"])
    outsider = factory.member(two_forums["a"], "Kofi Outsider", "member")
    auth.login(outsider["email"])
    assert client.get(f"/t/forum-a/actions/items/{committee['item']}/bodies/{body}/report").status_code == 404
    auth.logout()
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.get(ActionItem, (two_forums["a"].id, committee["item"]))
        author = db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"]))
        key = periods.last_ended(date(2026, 12, 6), "quarterly").key
        reporting.submit_report(item, db.session.get(ReportingBody, (two_forums["a"].id, body)), author,
                                period=key, value="4", today=date(2026, 12, 6))
        db.session.commit()
    auth.login(two_forums["a_sec"]["email"])
    r = post(client, auth, f"/t/forum-a/actions/items/{committee['item']}/bodies/{body}/remove")
    assert r.status_code == 303
    assert "It has sent reports, which are kept" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert _body_id(app, two_forums["a"]) == body


def test_reminders_while_due_then_weekly_once_late(app, client, auth, two_forums, committee):
    _add_body(client, auth, two_forums, committee)
    with app.app_context(), tenant_context(two_forums["a"]):
        q3_end = date(2026, 9, 30)
        assert reporting.send_report_reminders(q3_end + timedelta(days=3)) == 1  # Q3 due on 15 October
        assert reporting.send_report_reminders(q3_end + timedelta(days=5)) == 0  # once while due
        assert reporting.send_report_reminders(date(2026, 10, 19)) == 1  # Monday after the due date: late
        assert reporting.send_report_reminders(date(2026, 10, 20)) == 0  # same week
        assert reporting.send_report_reminders(date(2026, 10, 26)) == 1  # the next week
        assert reporting.late_counts(date(2026, 10, 19), [committee["item"]]) == {committee["item"]: 1}
        notices = db.session.scalars(select(Notice).where(Notice.kind == "report_reminder")
                                     .order_by(Notice.id)).all()
        assert [(n.payload["period"], n.payload["late"]) for n in notices] == \
            [("2026-Q3", False), ("2026-Q3", True), ("2026-Q3", True)]
        assert {n.member_id for n in notices} == {two_forums["a_member"]["id"]}
        db.session.commit()
