"""A live server in a thread and Debian's Chromium driven by Playwright (never `playwright install`)."""
from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360 x 740 phone screen; collects console errors and failed requests."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # a request the browser itself aborts because the page navigated away is not a failure
    page.on("requestfailed", lambda r: page.errors.append(f"failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    yield page
    context.close()


@pytest.fixture
def verify_by_sms(kannel, run_worker) -> Callable[..., str]:  # noqa: ANN001 - fixtures
    """A visitor on a public form's first step (a consultation's comment, a suggestion) verifies a phone: SMS
    chosen, the number sent, the worker sends the code through Kannel, the visitor types it in. Returns the SMS's
    text."""
    def verify(page, phone: str) -> str:  # noqa: ANN001 - a Playwright page
        page.check("#channel-0")  # SMS
        page.fill("#address", phone)
        page.locator("#verify button[type=submit]").click()
        run_worker()
        [sms] = kannel.wait_received(1)
        page.fill("#code", re.search(r"\b(\d{6})\b", sms.text).group(1))
        page.locator("#code-form button[type=submit]").click()
        return sms.text
    return verify


def sign_in(page, live_server: str, email: str) -> None:  # noqa: ANN001 - a Playwright page
    """Signs in through the form, as a person would, and waits for the forum's home."""
    from tests.conftest import PASSWORD

    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_url(f"{live_server}/t/forum-a/")


def sign_out(page) -> None:  # noqa: ANN001 - a Playwright page
    """Signs out through the header's button; on a phone it sits under the Menu, which opens first."""
    menu = page.locator("header.site details.menu:not([open]) > summary")
    if menu.count() and menu.is_visible():
        menu.click()
    page.click("form[action='/logout'] button")


def choose_language(page, code: str) -> None:  # noqa: ANN001 - a Playwright page
    """Switches the interface language through the header (issue 33): the Menu first where it is closed (a phone),
    then the language menu, then the language; waits for the page in that language."""
    menu = page.locator("header.site details.menu:not([open]) > summary")
    if menu.count() and menu.is_visible():
        menu.click()
    languages = page.locator("header.site .language-menu > details:not([open]) > summary")
    if languages.count():
        languages.click()
    page.click(f"header.site .language-menu button[lang={code}]")
    page.wait_for_selector(f"html[lang={code}]")
