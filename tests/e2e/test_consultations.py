"""Browser, issue 42: on a 360 px phone with JavaScript off, a visitor verifies a phone by an SMS code that goes
through Kannel and comments in Swahili on a draft put out for public comment; the comment is absent from the public
page, the forum's home, its feed and its open-data API until the secretariat publishes it from the queue; at the
close "what we heard" is published with the final text. The form, the public page and the queue fit the screen and
pass axe."""
from __future__ import annotations

import pytest

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests.consultations.test_consultations import _consultation
from tests.e2e.test_look import PHONE, sign_in
from tests.e2e.test_phone_journeys import fits_and_passes_axe
from webapp.extensions import db

pytestmark = pytest.mark.e2e
SWAHILI = "Ongezeni kubeba mizigo mizito kwenye mashimo ya madini."


def test_a_visitor_verifies_by_sms_comments_in_swahili_and_the_secretariat_publishes(
        app, browser, live_server, verify_by_sms, two_forums) -> None:
    a = two_forums["a"]
    with app.app_context(), tenant_context(a):
        db.session.get(Tenant, a.id).enabled_locales = ["en", "sw"]
        db.session.commit()
    cid = _consultation(app, a)
    public = f"{live_server}/t/forum-a/public/consultations/{cid}"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{public}?lang=sw")
        page.locator("#take-part a").click()
        assert "nambari yako ni" in verify_by_sms(page, "+233201234631")
        page.fill("#body", SWAHILI)
        page.fill("#name", "Neema M.")
        page.select_option("#language", "sw")
        page.locator("#comment button[type=submit]").click()
        assert page.locator("h1").inner_text() == "Asante: maoni yako yametumwa"
    finally:
        context.close()
    reader = app.test_client()
    for path in (f"/t/forum-a/public/consultations/{cid}?lang=sw", "/t/forum-a/public/", "/t/forum-a/public/feed.atom",
                 "/t/forum-a/api/v1/", "/t/forum-a/api/v1/bulk.zip"):
        assert b"mizigo mizito" not in reader.get(path).get_data(), path
    context = browser.new_context(viewport=PHONE, bypass_csp=True, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{public}/take-part?lang=sw")
        problems = fits_and_passes_axe(page, "consultation form")
        page.goto(f"{public}?lang=sw")
        problems += fits_and_passes_axe(page, "public consultation page")
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/consultations/{cid}")
        assert "+233201234631" in page.content() and "mizigo mizito" in page.content()
        problems += fits_and_passes_axe(page, "moderation queue")
        with page.expect_navigation():  # the publish POST answered before the next page is asked for
            page.locator("article.comment form button", has_text="Publish").first.click()
        page.goto(f"{live_server}/t/forum-a/consultations/{cid}/close")
        page.fill("#heard", "## Heavy loads\n\nSeveral comments asked for carrying heavy loads: added to the list.")
        page.fill("#final_text", "Mining pits and carrying heavy loads are hazardous work for anyone under 18.")
        with page.expect_navigation():  # the close POST answered (a closed context would drop it)
            page.locator("form button[type=submit]").last.click()
        assert problems == []
    finally:
        context.close()
    after = app.test_client().get(f"/t/forum-a/public/consultations/{cid}?lang=sw").get_data(as_text=True)
    assert SWAHILI in after and "Neema M." in after and 'lang="sw"' in after
    assert "Tuliyoyasikia" in after and "carrying heavy loads are hazardous work" in after
