"""Browser: an anonymous visitor on a phone reads a published outcome in Spanish; axe finds no serious issue."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.public.test_public import publish

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_anonymous_visitor_reads_outcomes_in_spanish(app, browser, live_server, factory, two_forums):
    m = factory.meeting(two_forums["a"], title="Consulta sobre el mercurio", visibility="public", notify=True,
                        days_ahead=-3)
    publish(app, two_forums["a"], m["id"], "The list of hazardous tasks was adopted.",
            [("Adopt the list", "public")], summary_es="Se adoptó la lista de tareas peligrosas.")
    assert AXE.exists(), "npm ci installs axe-core (package.json devDependencies)"
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.goto(f"{live_server}/?lang=es")
        assert serious(page) == []
        page.click("a:has-text('Forum A')")
        page.wait_for_url("**/t/forum-a/public/?lang=es")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("text=Se adoptó la lista de tareas peligrosas.").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert serious(page) == []
        assert context.cookies() == []  # no cookie for an anonymous visitor
        assert errors == []
    finally:
        context.close()


def test_public_follows_the_calendar_to_a_meeting_and_its_outcomes_in_swahili(app, browser, live_server, factory,
                                                                              two_forums, tmp_path):
    """360 px: the public home in Swahili → the public calendar's link to a meeting → its page → its published
    outcomes; Swahili throughout, nothing wider than the screen, no serious axe violation."""
    from urllib.parse import urlsplit

    from icalendar import Calendar

    m = factory.meeting(two_forums["a"], title="Mkutano wa wazi kuhusu zebaki", visibility="public", notify=True,
                        days_ahead=-3, online_link="https://meet.example.org/j/98765?pwd=a-rather-long-password",
                        online_link_public=True)
    publish(app, two_forums["a"], m["id"], "The list of hazardous tasks was adopted.", [("Adopt the list", "public")])
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def check(swahili: str, name: str) -> None:
        assert page.locator("html").get_attribute("lang") == "sw", page.url
        assert page.get_by_text(swahili).count() >= 1, (name, swahili)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
        assert serious(page) == [], name
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    try:
        page.goto(f"{live_server}/t/forum-a/public/?lang=sw")
        check("Mikutano ijayo", "home")
        href = page.get_attribute("a[href*='calendar.ics']", "href")
        assert "lang=sw" in href
        ics = context.request.get(f"{live_server}{href}")
        [event] = Calendar.from_ical(ics.body()).walk("VEVENT")
        url = urlsplit(str(event["URL"]))
        page.goto(f"{live_server}{url.path}?{url.query}")
        assert page.url.endswith(f"/t/forum-a/public/meetings/{m['id']}?lang=sw")
        check("Ajenda", "meeting")
        page.click("#outcomes-link a")
        page.wait_for_url(f"**/t/forum-a/public/outcomes/{m['id']}?lang=sw")
        check("Mabadiliko yote yaliyopatikana yaliyochapishwa", "outcome")
        assert context.cookies() == []
        assert errors == []
    finally:
        if os.environ.get("BARAZA_SCREENSHOTS"):  # a folder to keep the 360 px screenshots in, to look at them
            import shutil

            for png in tmp_path.glob("*.png"):
                shutil.copy(png, Path(os.environ["BARAZA_SCREENSHOTS"]) / png.name)
        context.close()
