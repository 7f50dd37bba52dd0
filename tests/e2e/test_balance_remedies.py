"""Browser (issue 39): before a meeting, the balance warnings' remedies on the meeting page at 360 px (nothing wider than
the screen, axe), each taken in one tap: the core constituency missing, then the miners."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.test_live_meeting import _fits, _phone
from tests.live.test_remedies import _unbalanced_meeting

pytestmark = pytest.mark.e2e


def test_the_remedies_fit_a_phone_and_each_is_one_tap(app, browser, live_server, factory, two_forums) -> None:
    m, _people = _unbalanced_meeting(app, factory, two_forums["a"])
    context, page = _phone(browser)
    try:
        sign_in(page, live_server, two_forums["a_sec"]["email"])
        page.goto(f"{live_server}/t/forum-a/meetings/{m['id']}?open=invitees")
        page.wait_for_selector("#remedy-constituencies")
        assert "every core constituency present" in page.inner_text("#remedy-constituencies")
        _fits(page)
        page.click("#remedy-constituencies button")
        page.wait_for_selector("#remedy-constituencies", state="detached")
        assert "1 member is invited." in page.inner_text("main")
        page.click("#remedy-miners_voice button")
        page.wait_for_selector("#remedy-miners_voice", state="detached")
        _fits(page)
    finally:
        context.close()
