"""Browser (360 x 740, issue 36): the secretariat opens a written procedure to a committee through the form, a member
answers on the proposal's page (an objection needs its reason), no page scrolls sideways, no JavaScript error."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.e2e.conftest import sign_in, sign_out
from webapp.extensions import db
from webapp.members import services as roll
from webapp.members.models import Member
from webapp.proposals.models import ProposalAnswer

pytestmark = pytest.mark.e2e


def test_a_written_procedure_opened_and_answered_on_a_phone(app, phone, live_server, two_forums):
    with app.app_context(), tenant_context(two_forums["a"]):
        c = roll.save_committee(None, name="Steering committee", kind="plenary", level="national")
        roll.set_seat(c, db.session.get(Member, (two_forums["a"].id, two_forums["a_member"]["id"])), "member")
        db.session.commit()
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.goto(f"{live_server}/t/forum-a/proposals/")
    phone.click("#open-proposal")
    phone.fill("input[name=title]", "Adopt the 2027 work plan")
    phone.fill("textarea[name=text]", "The forum adopts the 2027 work plan as circulated.")
    phone.select_option("select[name=committee_id]", label="Steering committee")
    phone.fill("input[name=deadline_day]", (datetime.now(UTC) + timedelta(days=7)).strftime("%Y-%m-%d"))
    phone.fill("input[name=deadline_time]", "17:00")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#proposal-form button[type=submit]")
    phone.wait_for_selector("#facts")
    assert "Not answered yet" in phone.inner_text("#waiting")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    url = phone.url
    sign_out(phone)
    phone.wait_for_url(f"{live_server}/")

    sign_in(phone, live_server, two_forums["a_member"]["email"])
    phone.goto(url)
    phone.check("input[name=answer][value=object]")
    phone.click("#answer-form button[type=submit]")
    phone.wait_for_selector("#answer-form .field-error")
    assert "Please give the reason for your objection." in phone.inner_text("#answer-form")
    phone.check("input[name=answer][value=agree_with_reservations]")
    phone.fill("textarea[name=comment]", "If the budget is confirmed")
    phone.click("#answer-form button[type=submit]")
    phone.wait_for_selector("#my-answer p:has-text('Agree with reservations')")
    assert "Agree with reservations" in phone.inner_text("#my-answer")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert [e for e in phone.errors if "status of 422" not in e] == []  # the refused objection is a 422
    with app.app_context(), tenant_context(two_forums["a"]):
        row = db.session.scalar(select(ProposalAnswer))
        assert (row.answer, row.comment) == ("agree_with_reservations", "If the budget is confirmed")
