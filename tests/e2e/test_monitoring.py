"""Browser (360 x 740, JavaScript off): a community committee's member sends a quarter's disaggregated report on a
phone; the report page and the action's page fit the screen and pass axe (issue 40)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from tests.e2e.conftest import sign_in
from tests.e2e.test_public import serious
from webapp.actions import reporting
from webapp.actions.models import ActionItem, ActionUpdate
from webapp.extensions import db

pytestmark = pytest.mark.e2e


def test_a_disaggregated_report_from_a_phone_without_javascript(app, browser, live_server, two_forums):
    plan = make_plan(app, two_forums["a"], [
        {"title": "Children withdrawn from pits", "unit": "children", "baseline": 0, "target": 200,
         "reporting_frequency": "quarterly", "disaggregation": "sex_age", "visibility": "members"}])
    item_id = plan["item_ids"][0]
    with app.app_context(), tenant_context(two_forums["a"]):
        item = db.session.get(ActionItem, (two_forums["a"].id, item_id))
        body = reporting.add_body(item, member_id=two_forums["a_member"]["id"]).id
        db.session.commit()
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_member"]["email"])
        page.goto(f"{live_server}/t/forum-a/actions/items/{item_id}/bodies/{body}/report")
        cells = page.locator("input[name=cell]")
        assert cells.count() == 8
        for i, value in enumerate(("3", "2", "4", "5", "2", "1", "0", "0")):
            cells.nth(i).fill(value)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.click("form.update button[type=submit]")
        page.wait_for_url(f"{live_server}/t/forum-a/actions/items/{item_id}#reports")
        assert "17" in page.locator("#reports-table").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
    with app.app_context(), tenant_context(two_forums["a"]):
        assert [u.value for u in db.session.scalars(select(ActionUpdate))] == [17]
    # axe, with scripts on (axe runs in the page)
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_member"]["email"])
        for path in (f"/t/forum-a/actions/items/{item_id}", f"/t/forum-a/actions/items/{item_id}/bodies/{body}/report"):
            page.goto(f"{live_server}{path}")
            assert serious(page) == [], path
    finally:
        context.close()


def test_the_secretariat_checks_and_publishes_evidence_on_a_phone(app, browser, live_server, two_forums):
    """The check page (issue 40) at 360 px without JavaScript: the photo fits, the checklist is ticked, the file
    goes public and shows on the public page; axe finds nothing serious on the check page."""
    import io

    from PIL import Image

    from webapp.actions import evidence

    plan = make_plan(app, two_forums["a"], [{"title": "Fence the Fomena pits", "baseline": 0, "target": 10,
                                             "current_value": 4, "visibility": "public"}])
    item_id = plan["item_ids"][0]
    photo = io.BytesIO()
    Image.new("RGB", (2400, 1600), (120, 90, 40)).save(photo, "JPEG")
    with app.app_context(), tenant_context(two_forums["a"]):
        from webapp.actions import services
        from webapp.members.models import Member

        item = db.session.get(ActionItem, (two_forums["a"].id, item_id))
        sec = db.session.get(Member, (two_forums["a"].id, two_forums["a_sec"]["id"]))
        update = services.record_update(item, sec, status=None, value="6", note="Two pits fenced")
        ev = evidence.attach(item, update, sec, "fence.jpg", photo.getvalue()).id
        db.session.commit()
    url = f"/t/forum-a/actions/items/{item_id}/evidence/{ev}/publish"
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}{url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for box in page.locator("input[name=checks]").all():
            box.check()
        page.locator("form", has=page.locator("input[name=checks]")).locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server}/t/forum-a/actions/items/{item_id}#updates")
        assert "(published)" in page.locator("#updates").inner_text()
        page.goto(f"{live_server}/t/forum-a/public/")
        assert page.locator(f"a[href='/t/forum-a/public/evidence/{ev}']").count() == 1
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}{url}")
        assert serious(page) == [], url
    finally:
        context.close()
