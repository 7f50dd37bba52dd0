"""Browser: an anonymous visitor on a phone reads a published outcome in Spanish; axe finds no serious issue."""
from __future__ import annotations

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
