"""How long a signed-in session lasts: an idle timeout and an absolute lifetime (SESSION_IDLE_MINUTES,
SESSION_MAX_HOURS). Both timestamps live in the signed session cookie, so no request writes to the
database for them; last-seen is refreshed at most once a minute, so the cookie is not rewritten on
every request either. Server-side revocation stays with the user's session token (see models.User)."""
from __future__ import annotations

import time
from typing import Any

from flask import current_app, flash, has_request_context, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_logged_in

ISSUED, SEEN = "_iat", "_seen"
REFRESH_EVERY = 60  # seconds


def now() -> float:
    """The clock (tests replace it)."""
    return time.time()


def start(*_args: Any, **_kwargs: Any) -> None:
    """Every sign-in (Flask-Login's login_user, wherever it is called) starts both clocks."""
    if has_request_context():
        session[ISSUED] = session[SEEN] = int(now())


user_logged_in.connect(start)


def check() -> None:
    """Before each request: a signed-in session past either limit is signed out, with a message."""
    if "_user_id" not in session or request.endpoint == "static":  # static files never carry a new cookie
        return
    t = int(now())
    issued, seen = session.get(ISSUED), session.get(SEEN)
    config = current_app.config
    # a session without both timestamps (made before lifetimes were kept) is of unknown age: it has ended, since
    # fresh timestamps would give a cookie copied long ago a new lifetime
    if not isinstance(issued, int) or not isinstance(seen, int) or t - issued > config["SESSION_MAX_HOURS"] * 3600:
        message = _("Your session has ended. Please sign in again.")
    elif t - seen > config["SESSION_IDLE_MINUTES"] * 60:
        message = _("You were signed out after a time without activity. Please sign in again.")
    else:
        if t - seen >= REFRESH_EVERY:
            session[SEEN] = t
        return
    # the message above is already in the user's language; the sign-in page keeps speaking it
    lang = session.get("lang") or getattr(current_user, "locale", None)
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(message, "warning")
