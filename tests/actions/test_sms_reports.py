"""A reporting body's report by SMS from a feature phone (issue 40): the reminder carries a reply code; "REP <code>"
and the figures in order records the period's report (via SMS, awaiting verification) and confirms what was
recorded; a wrong count or a word that is no number is answered with the order expected and records nothing."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from tests.notices.sms.test_kannel import phone_member
from webapp.actions import periods, reporting
from webapp.actions import sms as action_sms
from webapp.actions.models import ActionItem, ActionUpdate, ActionUpdateCell
from webapp.core.zones import forum_today
from webapp.extensions import db
from webapp.notices.sms import inbound
from webapp.notices.sms.models import SmsMessage

PHONE = "+233201234561"


@pytest.fixture
def by_phone(app, two_forums):
    """A community committee's member reached by SMS only, reporting a disaggregated indicator quarterly."""
    plan = make_plan(app, two_forums["a"], [
        {"title": "Children withdrawn", "unit": "children", "baseline": 0, "target": 200,
         "reporting_frequency": "quarterly", "disaggregation": "sex_age", "visibility": "members"}])
    member = phone_member(app, two_forums["a"], "Abena Phone", PHONE, "sw")
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.get(ActionItem, (two_forums["a"].id, plan["item_ids"][0]))
        body = reporting.add_body(item, member_id=member)
        code = action_sms.report_code(body.id, member, PHONE)
        db.session.commit()
        return {"item": item.id, "body": body.id, "code": code, "member": member}


def _receive(app, message_id, text):
    with app.app_context():
        outcome = inbound.receive(message_id, PHONE, text)
        db.session.commit()
        return outcome


def _texts(app, tenant):
    with app.app_context(), tenant_context(tenant):
        return [(m.kind, m.body) for m in db.session.scalars(select(SmsMessage).order_by(SmsMessage.id))]


def test_a_report_by_sms_is_recorded_and_confirmed(app, two_forums, by_phone):
    code = by_phone["code"]
    assert _receive(app, "r-1", f"ripoti {code} 3 2 4 5 2 1 0 0") == "answered"
    with app.app_context(), tenant_context(two_forums["a"]):
        [report] = db.session.scalars(select(ActionUpdate)).all()
        key = periods.last_ended(forum_today(two_forums["a"]), "quarterly").key
        assert (report.value, report.via, report.verification, report.period) == (Decimal(17), "sms", "pending", key)
        assert db.session.scalar(select(ActionUpdateCell.value).where(ActionUpdateCell.band == "12-14",
                                                                       ActionUpdateCell.sex == "m")) == 5
    [(kind, text)] = _texts(app, two_forums["a"])
    assert kind == "reply" and f"ripoti {code} imehifadhiwa: {key} 3 2 4 5 2 1 0 0 = 17" in text
    # the same period again: refused, the first report kept
    assert _receive(app, "r-2", f"REP {code} 9 9 9 9 9 9 9 9") == "answered"
    assert "ilishatumwa" in _texts(app, two_forums["a"])[-1][1]
    with app.app_context(), tenant_context(two_forums["a"]):
        assert [u.value for u in db.session.scalars(select(ActionUpdate))] == [Decimal(17)]


@pytest.mark.parametrize("text", ["RAP {code} 3 2 4", "INF {code} 3 2 4 5 2 1 0 x"])
def test_a_wrong_report_by_sms_gets_the_order_and_records_nothing(app, two_forums, by_phone, text):
    assert _receive(app, "w-1", text.format(code=by_phone["code"])) == "answered"
    [(kind, sms_text)] = _texts(app, two_forums["a"])
    assert "HAIJAHIFADHIWA" in sms_text and "F5-11 M5-11 F12-14 M12-14 F15-17 M15-17 F18+ M18+" in sms_text
    with app.app_context(), tenant_context(two_forums["a"]):
        assert db.session.scalars(select(ActionUpdate)).all() == []


def test_the_reminder_sms_carries_the_code_to_reply_with(app, two_forums, by_phone):
    with app.app_context(), tenant_context(two_forums["a"]):
        latest = periods.last_ended(forum_today(two_forums["a"]), "quarterly")
        assert reporting.send_report_reminders(latest.end + timedelta(days=2)) == 1
        db.session.commit()
    [(kind, text)] = [t for t in _texts(app, two_forums["a"]) if t[0] == "report_reminder"]
    assert "Jibu RIPOTI" in text and latest.key in text
    code = text.split("Jibu RIPOTI ")[1].split()[0]
    assert _receive(app, "c-1", f"RIPOTI {code} 1 1 1 1 1 1 1 1") == "answered"
