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


def test_the_secretariats_proposal_pages_fit_a_phone_pass_axe_and_work_without_javascript(
        app, browser, live_server, factory, two_forums):
    """The response rate and the reminder, cancelling (asked first), the forum's decision rules, and the public page's
    decisions taken between meetings: at 360 px, axe clean, and with JavaScript off (plain links and forms)."""
    from tests.e2e.test_look import PHONE, axe_serious
    from tests.e2e.test_look import sign_in as sign_in_page
    from tests.proposals.test_proposals import _seat
    from webapp.proposals import services

    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        c = roll.save_committee(None, name="Steering committee", kind="plenary", level="national")
        db.session.commit()
        cid = c.id
    _seat(app, a, cid, two_forums["a_member"]["id"], "workers", "woman")
    with app.app_context(), tenant_context(a):
        member = db.session.get(Member, (a.id, two_forums["a_member"]["id"]))
        soon = datetime.now(UTC) + timedelta(days=3)
        decided = services.open_proposal({"title": "Adopt the revised list of hazardous tasks in artisanal mining",
                                          "text": "Adopted.", "rule": "no_objection", "audience": "committee",
                                          "committee_id": cid, "visibility": "public", "deadline": soon}, None,
                                         notify=False)
        services.record_answer(decided, member, "agree")
        services.close(decided, soon + timedelta(hours=1))
        p = services.open_proposal({"title": "Send the forum's comments on the draft mining regulations",
                                    "text": "Unless a member objects.", "rule": "no_objection",
                                    "audience": "committee", "committee_id": cid, "deadline": soon}, None,
                                   notify=False)
        db.session.commit()
        pid, decided_id = p.id, decided.id
    problems: list[str] = []
    for javascript in (True, False):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, bypass_csp=javascript,
                                      is_mobile=True, has_touch=True)
        page = context.new_page()

        def look(name: str, page=page, javascript=javascript) -> None:  # noqa: ANN001
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{name} is {width} px wide (javascript {javascript})")
            if javascript:
                problems.extend(f"{name}: {v}" for v in axe_serious(page))

        sign_in_page(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/proposals/{pid}")
        assert "0 of 1" in page.inner_text("#rate-constituency")
        look("proposal page")
        page.click("#remind")
        page.wait_for_selector("text=Remind 1 member who has not answered?")
        look("reminder question")
        page.goto(f"{live_server}/t/forum-a/settings/")
        page.wait_for_selector("#proposal-rules")
        look("settings")
        page.goto(f"{live_server}/t/forum-a/public/")
        page.wait_for_selector(f"#proposal-decision-{decided_id}")
        look("public page")
        page.goto(f"{live_server}/t/forum-a/proposals/{pid}")
        page.click("#cancel")
        page.wait_for_selector("text=No decision is taken.")
        look("cancel question")
        if not javascript:  # the question's button is a plain form
            page.click("main form button[type=submit]")
            page.wait_for_selector("text=The proposal is cancelled.")
            look("cancelled proposal")
        context.close()
    assert problems == []
