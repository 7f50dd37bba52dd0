"""Browser, 360 px (issue 41): the secretariat adds an initiative to the register with JavaScript off; the public
reads the register, the recommendations and the open-data section; nothing wider than the screen, no serious axe
violation; the dashboard's computed "relevant" figure fits."""
from __future__ import annotations

from datetime import date

import pytest

from tests.actions.test_actions import make_plan
from tests.e2e.conftest import sign_in
from tests.e2e.test_public import AXE, serious
from tests.meetings.test_recommendations import decision

pytestmark = pytest.mark.e2e


def test_the_register_the_recommendations_and_the_open_data_on_a_phone_without_javascript(
        app, browser, live_server, factory, two_forums):
    a = two_forums["a"]
    m = factory.meeting(a, title="Open plenary", visibility="public", notify=True, days_ahead=-5)
    decision(app, a, m["id"], "Publish every mining licence online", addressee="Ministry of Lands and Natural "
             "Resources", answers=[("partly_accepted", date(2026, 9, 15), "Large mines first")])
    make_plan(app, a, [{"title": "Survey the pits", "visibility": "public"}])
    assert AXE.exists()
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/initiatives/new")
        page.fill("input[name=name]", "Child-labour-free gold in the Western Region, Tarkwa-Nsuaem municipality")
        page.fill("input[name=implementer]", "Pact Ghana")
        page.fill("input[name=locations]", "Tarkwa-Nsuaem, Prestea-Huni Valley, Wassa Amenfi East")
        page.select_option("select[name=visibility]", "public")
        page.check("input[name=objective_ids]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.click("form button[type=submit]:has-text('Save')")
        page.wait_for_url("**/t/forum-a/initiatives/**")
        assert "Child-labour-free gold" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.goto(f"{live_server}/t/forum-a/inclusion/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert "1 of 1 recommendations answered" in page.inner_text("#relevant-computed")
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    try:
        for path in ("/t/forum-a/public/initiatives/", "/t/forum-a/public/recommendations/", "/t/forum-a/public/"):
            page.goto(f"{live_server}{path}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
            assert "Creative Commons Attribution 4.0 International" in page.inner_text("main"), path
            assert serious(page) == [], path
            if path.endswith("initiatives/"):
                assert "Pact Ghana" in page.inner_text("main")
    finally:
        context.close()
