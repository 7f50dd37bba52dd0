"""Browser: bytes transferred on a first and a repeat visit (issue 20, "Light").

A first visit transfers at most 60 KB (compressed HTML, hashed and precompressed static files); a repeat
visit in the same browser transfers the HTML only: every static file comes from the browser's cache,
without a revalidation request (immutable, content-hashed names).
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
FIRST_VISIT_LIMIT = 60 * 1024


class Meter:
    """Sums encodedDataLength (bytes on the wire, headers included) over CDP's network events."""

    def __init__(self, page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.from_cache: set[str] = set()  # request ids the browser answered from its cache, asking no one
        self.responses: list[tuple[str, str]] = []
        self.bytes = 0
        self.cdp.on("Network.requestServedFromCache", lambda e: self.from_cache.add(e["requestId"]))
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _response(self, event: dict) -> None:
        response = event["response"]
        if not response["url"].startswith("http"):  # data: URLs (icons inside a stylesheet) are no transfer
            return
        if not (response.get("fromDiskCache") or response.get("fromPrefetchCache")):
            self.responses.append((event["requestId"], f"{response['status']} {response['url']}"))

    @property
    def network(self) -> list[str]:
        """Requests that reached the server (a 304 revalidation does)."""
        return [line for request_id, line in self.responses if request_id not in self.from_cache]

    def _finished(self, event: dict) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def reset(self) -> None:
        self.responses.clear()
        self.from_cache.clear()
        self.bytes = 0

    def clear_cache(self) -> None:
        self.cdp.send("Network.clearBrowserCache")


def visit(page, meter: Meter, url: str) -> tuple[int, list[str]]:  # noqa: ANN001 - a Playwright page
    meter.reset()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return meter.bytes, list(meter.network)


def first_and_repeat(page, meter: Meter, url: str) -> tuple[int, int, list[str]]:  # noqa: ANN001
    meter.clear_cache()
    first, first_requests = visit(page, meter, url)
    assert any("/static/" in r for r in first_requests), first_requests  # the page does load static files
    repeat, repeat_requests = visit(page, meter, url)
    print(f"{url}: first visit {first} B, repeat visit {repeat} B; repeat requests {repeat_requests}")
    return first, repeat, repeat_requests


def assert_light(first: int, repeat_requests: list[str]) -> None:
    assert first <= FIRST_VISIT_LIMIT, f"first visit transferred {first} bytes (limit {FIRST_VISIT_LIMIT})"
    # the repeat visit asks the server for the HTML only: no static file, not even a 304 revalidation
    assert [r for r in repeat_requests if "/static/" in r or "favicon" in r] == []
    assert len(repeat_requests) == 1, repeat_requests


@pytest.fixture
def desktop(browser):
    context = browser.new_context()  # the HTTP cache is on in a new context
    page = context.new_page()
    yield page
    context.close()


def test_public_home_is_light(desktop, live_server, two_forums):
    meter = Meter(desktop)
    first, _repeat, repeat_requests = first_and_repeat(desktop, meter, f"{live_server}/")
    assert_light(first, repeat_requests)


def test_sign_in_page_is_light(desktop, live_server, two_forums):
    meter = Meter(desktop)
    first, _repeat, repeat_requests = first_and_repeat(desktop, meter, f"{live_server}/login")
    assert_light(first, repeat_requests)


def test_forum_home_signed_in_is_light(desktop, live_server, two_forums):
    sign_in(desktop, live_server, two_forums["a_sec"]["email"])
    meter = Meter(desktop)
    first, _repeat, repeat_requests = first_and_repeat(desktop, meter, f"{live_server}/t/forum-a/")
    assert_light(first, repeat_requests)
    # the page still works: htmx from our own server, under the CSP
    assert desktop.evaluate("typeof htmx") == "object"
    assert desktop.locator("h1").inner_text() == "Forum A"
