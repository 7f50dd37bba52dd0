"""Anonymous public pages served from Redis, keyed by (forum, content version, day, language, page) — issue 23.

A visitor without a session is served the page rendered for the forum's current content version
(webapp/core/content_version.py): a conditional GET whose If-None-Match names that version is answered 304 before
anything is rendered or read, and a cached page is sent as it was rendered. Query arguments that do not change the
page (``?x=…``) do not change the key; ``?lang=`` does (the links on the page keep it) and ``?page=`` does. A
signed-in visitor, one with a flashed message or a remember-me cookie, and an htmx request for a fragment are
never served from the cache nor stored in it: only anonymous whole pages, which carry no name and no CSRF token.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, g, request, session
from flask_babel import get_locale

from tenants.context import current_tenant
from webapp.core import content_version, redis_client
from webapp.core.i18n import LANGUAGES
from webapp.core.rendering import wants_fragment
from webapp.core.time import forum_today

log = logging.getLogger(__name__)
PAGES = frozenset({"index", "outcomes", "outcome", "meeting", "feed"})
ARGS = ("page",)  # the query arguments that change a cached page, besides lang
TTL = 24 * 3600  # seconds; a new version makes a new key, so old ones only wait to expire
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Cache-Control", "Vary", "ETag")


def _anonymous() -> bool:
    return "_user_id" not in session and "_flashes" not in session and \
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies


def page_key() -> str | None:
    """This request's key in the page cache, or None when it must be rendered for this visitor alone."""
    if request.method != "GET" or (request.endpoint or "").rpartition(".")[2] not in PAGES or not _anonymous() \
            or wants_fragment():
        return None
    tenant = current_tenant()
    version = content_version.version(tenant.id) if tenant is not None else None
    if version is None:
        return None
    lang = request.args.get("lang")
    args = "&".join(f"{a}={request.args.get(a, '')[:20]}" for a in ARGS if a in request.args)
    # the forum's creation time: a forum id used again (a database restored beside the same Redis) starts afresh
    born = int(tenant.created_at.timestamp() * 1e6) if tenant.created_at else 0
    return (f"{tenant.id}.{born}:{version}:{forum_today()}:{get_locale()}:{lang if lang in LANGUAGES else ''}:"
            f"{request.path}?{args}")


def etag_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _redis_key(key: str) -> str:
    return f"baraza:page:{key}"


def serve_cached() -> Response | None:
    """Before the view: 304 for a visitor who has this version, the stored page for one who has not."""
    key = page_key()
    if key is None:
        return None
    g.page_key = key
    etag = etag_of(key)
    if etag in request.if_none_match:
        g.page_served = True
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, max-age=60"
        response.vary.update(("Accept-Language", "HX-Request"))
        return response
    try:
        stored = redis_client.get().get(_redis_key(key))
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
        return None
    if stored is None:
        return None
    head, _, body = stored.partition(b"\n")
    g.page_served = True
    response = Response(body, headers=json.loads(head))
    return response.make_conditional(request)


def store(response: Response) -> Response:
    """After the view: keeps a whole anonymous page (200) under its key."""
    key = g.get("page_key")
    if key is None or g.get("page_served") or response.status_code != 200 or response.direct_passthrough:
        return response
    headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    try:
        redis_client.get().set(_redis_key(key), json.dumps(headers).encode() + b"\n" + response.get_data(), ex=TTL)
    except Exception:
        log.warning("page not cached", exc_info=True)
    return response


def install(bp: Blueprint) -> None:
    bp.before_request(serve_cached)
    bp.after_request(store)


def version_etag() -> str | None:
    """The ETag of this request's cached page, when it has one (set in place of a hash of the body)."""
    key: Any = g.get("page_key")
    return etag_of(key) if key else None
