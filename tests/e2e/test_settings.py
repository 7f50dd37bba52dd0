"""Browser, on a 360 px phone: the secretariat changes the forum's settings; the page fits the screen."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tenants.models import Tenant
from tests.e2e.conftest import sign_in
from webapp.extensions import db

pytestmark = pytest.mark.e2e


def test_secretariat_edits_settings_on_a_phone(app, phone, live_server, two_forums):
    sign_in(phone, live_server, two_forums["a_sec"]["email"])
    phone.click("a:has-text('Forum settings')")
    phone.wait_for_selector("h1:has-text('Forum settings')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("textarea[name=about]", "The mining task force of the national steering committee.")
    phone.check("input[name=core_constituencies][value=asm_miners]")
    phone.fill("input[name=quorum_share]", "0")  # a mistake: a clear message, nothing lost
    phone.click("form button[type=submit]:has-text('Save')")
    phone.wait_for_selector(".field-error")
    assert "Between 1 and 100." in phone.inner_text("main")
    assert phone.input_value("textarea[name=about]").startswith("The mining task force")
    assert phone.is_checked("input[name=core_constituencies][value=asm_miners]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill("input[name=quorum_share]", "66")
    phone.click("form button[type=submit]:has-text('Save')")
    phone.wait_for_selector("text=The forum's settings are saved.")
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "forum-a"))
        assert tenant.settings["quorum_share"] == 0.66 and "asm_miners" in tenant.settings["core_constituencies"]
    # Chromium logs every 4xx answer; the 422 is the designed answer to a form error and is swapped in
    assert [e for e in phone.errors if "status of 422" not in e] == []
