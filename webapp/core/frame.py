"""The site header of every page, rendered once per kind of reader and language in each web worker (issue 43).

The header (the forum's link, the menu, the language switch, sign-out) is the same for every reader who sees the
same links: it reads the forum, the language, whether someone is signed in, and three permissions (reads the
forum, sees restricted things, administers the platform); its links read the request's blueprint and ``?lang=``
(a public page keeps the language on its links). Rendering it was about a tenth of a signed-in page: some
twenty ``url_for`` and twenty translated labels. ``base.html`` wraps it in ``{% call site_header() %}``: the first
request of each kind renders it, and later ones take it from this process's memory.

Two things in it belong to the request, never to the kind of reader: the CSRF token of the language form and of the
sign-out button (one per session), and the page to come back to after choosing a language. The stored copy holds a
mark in their place (the token is replaced by the mark after the first rendering; the page is ``NEXT_MARK`` in the
template), and each request writes its own in. ``show`` refuses to keep a header in which the token was not found
where the template's forms put it, so a change to the header that writes the token elsewhere is rendered on every
request instead of kept (and logged).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from tenants.context import current_tenant
from webapp.core.permissions import current_member, may_read_forum, may_see_restricted

log = logging.getLogger(__name__)
CSRF_MARK = "\x00csrf\x00"  # never in a rendered page: Jinja writes no NUL
NEXT_MARK = "/\x00next\x00"  # the language form's page to come back to
_KEEP = 512  # kinds of header kept per process: forums x languages x kinds of reader it served
_headers: dict[tuple[object, ...], str] = {}


def _kind() -> tuple[object, ...]:
    """Everything the header reads, as one key: with what the URLs it builds read of the request (the blueprint and
    ``?lang=``, which public pages keep on their links: public/views.py ``keep_language``)."""
    tenant = current_tenant()
    signed_in = bool(current_user.is_authenticated)
    return (str(get_locale()), request.script_root, request.blueprint, (request.args.get("lang") or "")[:20],
            signed_in, signed_in and bool(current_user.is_platform_admin),
            None if tenant is None else (tenant.id, tenant.slug, tenant.name, may_read_forum(), may_see_restricted(),
                                         current_member._get_current_object() is not None))


def _fill(stored: str, token: str) -> Markup:
    page = request.full_path.rstrip("?")
    return Markup(stored.replace(CSRF_MARK, str(escape(token))).replace(NEXT_MARK, str(escape(page))))  # noqa: S704


def show(caller: Callable[[], str]) -> Markup:
    """The header for this request: the stored one of its kind with this request's token and page, or rendered."""
    key = _kind()
    token = generate_csrf() if current_user.is_authenticated else ""
    stored = _headers.get(key)
    if stored is None:
        html = str(caller())
        stored = html.replace(f'value="{escape(token)}"', f'value="{CSRF_MARK}"') if token else html
        if token and token in stored:
            log.error("the site header writes the CSRF token where no form of it does: not kept")
            return _fill(html, token)
        if len(_headers) >= _KEEP:
            _headers.clear()
        _headers[key] = stored
    return _fill(stored, token)
