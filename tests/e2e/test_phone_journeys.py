"""Browser, issue 33 "the rough edges of the phone journeys": at 360 px, each page this issue changed fits the
screen (scrollWidth no wider than the viewport) and axe finds nothing serious or critical on it — the meeting page
with its invite step, Notices as stacked cards, Organisations, the dashboard's trend (its table as cards, the chart's
target band explained on screen), Affiliates, search, the "not translated" markers and the header's language switch.
One browser context per reader, pages visited in turn: cheap."""
from __future__ import annotations

import pytest

from tenants.rls import tenant_context
from tests.e2e.test_look import PHONE, axe_serious, sign_in
from tests.federation.test_federation import _invite_and_accept, _plan, fed  # noqa: F401 - fed is a fixture
from webapp.extensions import db
from webapp.members import services as roll

pytestmark = pytest.mark.e2e
T = "/t/forum-a"


def fits_and_passes_axe(page, name: str) -> list[str]:  # noqa: ANN001 - a Playwright page
    problems = [f"{name}: {v}" for v in axe_serious(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"{name}: page is {width} px wide")
    return problems


def _forum(app, factory, two_forums) -> dict:
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        for name, acronym, constituency in (
                ("Ghana National Association of Small Scale Miners", "GNASSM", "asm_miners"),
                ("Minerals Commission of Ghana", "MinCom", "government")):
            roll.save_organisation(None, name=name, acronym=acronym, constituency=constituency, country="GH")
        db.session.commit()
    meeting = factory.meeting(a, title="Quarterly plenary of the national steering committee", notify=True,
                              member_ids=(two_forums["a_sec"]["id"], two_forums["a_member"]["id"]))
    return {"meeting": meeting}


def test_the_secretariats_pages_fit_a_phone_and_pass_axe(app, browser, live_server, factory, two_forums):
    data = _forum(app, factory, two_forums)
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        # the meeting page, invitees open: the ways to invite first, then the cards
        page.goto(f"{live_server}{T}/meetings/{data['meeting']['id']}?open=invitees")
        assert page.locator("#invite-group-form").bounding_box()["y"] < page.locator("#invitee-table").bounding_box()["y"]
        problems += fits_and_passes_axe(page, "meeting")
        # Notices: stacked cards, every column's value visible inside the screen with its name
        page.goto(f"{live_server}{T}/notices/")
        card = page.locator("#notices tbody tr").first
        for label in ("Kind", "Status", "Time"):
            cell = card.locator(f"td[data-label='{label}']")
            box = cell.bounding_box()
            assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label, box)
        problems += fits_and_passes_axe(page, "notices")
        # Organisations: "Members" shows in full with its count
        page.goto(f"{live_server}{T}/organisations/")
        members = page.locator("#organisations td[data-label='Members']").first
        box = members.bounding_box()
        assert members.is_visible() and box["x"] + box["width"] <= PHONE["width"], box
        problems += fits_and_passes_axe(page, "organisations")
        # the dashboard: the target band said on screen; the trend's figures as cards that fit
        page.goto(f"{live_server}{T}/inclusion/")
        assert page.locator("figure.chart .chart-note", has_text="The shaded band is the target range").is_visible()
        page.click("#trend-figures > summary")
        first = page.locator("#trend-table tbody tr").first
        assert first.is_visible() and first.bounding_box()["width"] <= PHONE["width"]
        problems += fits_and_passes_axe(page, "dashboard")
        # search: results grouped by kind, each with an excerpt, the matched words marked
        page.goto(f"{live_server}{T}/meetings/search?q=plenary")
        assert page.locator("#results section.result-group h2", has_text="Meetings").count() == 1
        assert page.locator("#results h3 mark", has_text="plenary").count() >= 1
        assert page.locator("#results p.excerpt").count() == page.locator("#results article").count()
        problems += fits_and_passes_axe(page, "search")
    finally:
        context.close()
    assert problems == []


def test_reading_in_ones_language_on_a_phone(app, browser, live_server, factory, two_forums):
    """The Hausa public home with its one note per list, and the language switch in the header: opened from the
    Menu by a signed-in member, it changes the pages' language; a visitor opens it beside "Sign in"."""
    for title in ("Plenary on mercury-free gold processing", "Consultation on child labour at the Obuasi sites"):
        factory.meeting(two_forums["a"], title=title, visibility="public", notify=True)
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server}{T}/public/?lang=ha")
        assert page.locator("section:has(#upcoming-title) p.untranslated").count() == 1
        assert page.locator("section:has(#upcoming-title) p.untranslated").inner_text() == \
            "(an nuna da Turanci: ba a fassara ba tukuna)"
        page.click("header.site .language-menu > details > summary")
        assert page.locator("header.site .language-choices a[lang=fr]").is_visible()
        problems += fits_and_passes_axe(page, "public home, Hausa, switch open")
        page.click("header.site .language-choices a[lang=fr]")
        page.wait_for_function("document.documentElement.lang === 'fr'")
        sign_in(page, live_server, two_forums["a_member"]["email"])
        page.click("header.site details.menu > summary")
        page.click("header.site .language-menu > details > summary")
        choices = page.locator("header.site .language-choices")
        assert choices.is_visible() and choices.locator("a[href$='/members/me#locale']").is_visible()
        problems += fits_and_passes_axe(page, "home, menu and switch open")
        choices.locator("button[lang=sw]").click()
        page.wait_for_function("document.documentElement.lang === 'sw'")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
    assert problems == []


def test_the_affiliates_cards_fit_a_phone_with_one_date_per_forum(app, browser, live_server, client, auth,
                                                                   queue_redis, fed):  # noqa: F811
    from datetime import date

    from worker.federation import take_snapshot

    _plan(app, fed["district"])
    take_snapshot(_invite_and_accept(client, auth, fed), date.today().isoformat())
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, fed["coord_sec"]["email"])
        page.goto(f"{live_server}/t/coord/federation/")
        card = page.locator("#affiliates tbody tr").first
        assert card.locator(".as-of").count() == 1 and card.get_by_text("as of").count() == 1
        women = card.locator("td[data-label=\"Women's share\"]")
        box = women.bounding_box()
        assert box["height"] < 40 and box["x"] + box["width"] <= PHONE["width"], box  # label and figure on one line
        problems = fits_and_passes_axe(page, "affiliates")
    finally:
        context.close()
    assert problems == []
