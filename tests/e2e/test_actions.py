"""Browser (360 x 740, Hausa): a member opens My actions, sets an item to 60% with a note; the plan shows it."""
from __future__ import annotations

import pytest

from tests.actions.test_actions import make_plan
from tests.e2e.conftest import choose_language, sign_in

pytestmark = pytest.mark.e2e


def test_member_updates_an_action_in_hausa_on_a_phone(app, phone, live_server, two_forums):
    from flask_babel import force_locale, gettext

    plan = make_plan(app, two_forums["a"], [{"title": "Survey children at Obuasi sites", "baseline": 0, "target": 100,
                                             "current_value": 10, "owner_member_id": two_forums["a_member"]["id"]}])
    sign_in(phone, live_server, two_forums["a_member"]["email"])
    choose_language(phone, "ha")
    phone.goto(f"{live_server}/t/forum-a/actions/mine")
    with app.test_request_context(), force_locale("ha"):
        title = gettext("My actions")
    assert title != "My actions" and phone.locator("h1").inner_text() == title
    card = phone.locator(f"#item-{plan['item_ids'][0]}")
    card.locator("input[name=value]").fill("60")
    card.locator("input[name=note]").fill("An ziyarci wurare biyu")
    card.locator("button[type=submit]").click()
    phone.wait_for_selector(f"#item-{plan['item_ids'][0]} progress[value='60']")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(f"{live_server}/t/forum-a/actions/plans/{plan['plan_id']}")
    assert "60%" in phone.locator("#plan-progress").inner_text()
    assert phone.errors == []
