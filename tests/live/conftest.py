"""Fixtures the live view tests share (issues 38, 39): the test's clock, and the room started by the secretariat."""
from __future__ import annotations

import pytest

from tests.live.helpers import T0, post, room
from webapp.live import clock


@pytest.fixture
def controlled_clock():  # noqa: ANN201 - the room runs on the test's clock (pytestmark usefixtures in a module)
    clock.set(T0)
    yield
    clock.set(None)


@pytest.fixture
def live(app, factory, two_forums, auth):  # noqa: ANN001, ANN201
    """The room, started by the secretariat (signed in): its ids, the live view's path and the votes' path."""
    r = room(app, factory, two_forums["a"])
    auth.login(two_forums["a_sec"]["email"])
    base = f"/t/forum-a/live/{r['id']}"
    assert post(auth.client, f"{base}/start", base).status_code == 303
    return {**r, "base": base, "votes": f"{base}/votes"}
