"""Anonymous public pages served from Redis, keyed by (forum, content version, day, language, page) — issues 23, 31.

A visitor without a session is served the page rendered for the forum's current content version
(webapp/core/content_version.py): a conditional GET whose If-None-Match names that version is answered 304 before
anything is rendered or read, and a cached page is sent as it was rendered. The key holds only what the page reads:
``?lang=`` (the links on the page keep it) and the query arguments each page declares in ``PAGES`` (the archive's
``?page=``, as the number it reads: ``?page=1`` and ``?page=xyz`` are the first page); any other argument, or an
argument a page does not read, changes nothing. A signed-in visitor, one with a flashed message, one whose
remember-me cookie signs them in, and an htmx request for a fragment are never served from the cache nor stored in
it: only anonymous whole pages, which carry no name and no CSRF token.

The pages live in a Redis server of their own (CACHE_REDIS_URL, ``allkeys-lru`` within its ``maxmemory``), never in
the jobs' server, with a TTL and at most PAGE_CACHE_MAX_PER_FORUM pages per forum (the oldest go first). A forum
whose content version could not be bumped is dirty: its pages are neither served nor stored (content_version.py).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from tenants.context import current_tenant
from webapp.core import content_version, downloads, languages, redis_client
from webapp.core.rendering import wants_fragment
from webapp.core.visibility import current_reader
from webapp.core.zones import forum_today

log = logging.getLogger(__name__)


def _page_number() -> str:
    return str(max(request.args.get("page", 1, type=int), 1))


# the query arguments each page reads (besides lang), as the page reads them, and the value that is no argument
ARGS: dict[str, tuple[Callable[[], str], str]] = {"page": (_page_number, "1")}
PAGES: dict[str, tuple[str, ...]] = {"index": (), "outcomes": ("page",), "outcome": (), "meeting": (), "feed": (),
                                   "recommendations": (), "initiatives": (), "consultation": (),
                                   # the open-data API (webapp/opendata), cached the same way
                                   "api_index": (), "api_openapi": (), "api_meetings": ("page",),
                                   "api_outcomes": ("page",), "api_recommendations": ("page",),
                                   "api_plans": ("page",), "api_initiatives": ("page",), "api_csv": (),
                                   "api_bulk": ()}
TTL = content_version.PAGE_TTL  # seconds; a new version makes a new key, so old ones only wait to expire
RENDER_WAIT = 1.0  # seconds a visitor waits for another request's render of the same page before rendering it
RECHECK = 0.1  # seconds between a waiter's looks when no word comes (a store that announced nothing: an older release)
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Cache-Control", "Vary", "ETag", *downloads.HEADERS, "Link")


def _anonymous() -> bool:
    if "_user_id" in session or "_flashes" in session:
        return False
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return not current_user.is_authenticated  # a cookie that signs nobody in is no reason to render
    return True


def _args(endpoint: str) -> str:
    parts = []
    for name in PAGES[endpoint]:
        read, default = ARGS[name]
        value = read()
        if value != default:
            parts.append(f"{name}={value[:20]}")
    return "&".join(parts)


def page_key() -> str | None:
    """This request's key in the page cache, or None when it must be rendered for this visitor alone."""
    endpoint = (request.endpoint or "").rpartition(".")[2]
    if request.method != "GET" or endpoint not in PAGES or wants_fragment() or not _anonymous():
        return None
    tenant = current_tenant()
    if tenant is None or content_version.dirty_here(tenant.id):
        return None
    version = content_version.version(tenant.id)
    if version is None:
        return None
    lang = request.args.get("lang")
    # the forum's creation time: a forum id used again (a database restored beside the same Redis) starts afresh
    born = int(tenant.created_at.timestamp() * 1e6) if tenant.created_at else 0
    # keyed by the reader's visibility class (webapp/core/visibility.py), never by a role: only anonymous readers
    # reach here, so "public"
    return (f"{tenant.id}.{born}:{version}:{current_reader().visibility_class}:{forum_today()}:{get_locale()}:"
            f"{lang if languages.is_content(lang) else ''}:{request.path}?{_args(endpoint)}")


def etag_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _redis_key(key: str) -> str:
    return f"baraza:page:{key}"


def _channel(key: str) -> str:
    return f"baraza:rendered:{key}"  # a page's render announced to the requests waiting for it


def _index_key(tenant_id: int) -> str:
    return f"baraza:pages:{tenant_id}"  # the forum's stored pages by time stored (the cap)


def serve_cached() -> Response | None:
    """Before the view: 304 for a visitor who has this version, the stored page for one who has not; nothing for a
    forum marked dirty (its version could not be bumped)."""
    cache = redis_client.cache()
    key = page_key() if cache is not None else None
    if key is None:
        return None
    tenant_id = current_tenant().id
    try:
        dirty, stored = cache.mget(content_version.DIRTY_KEY.format(tenant_id), _redis_key(key))
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
        return None
    if dirty is not None:
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
    if stored is None:
        stored = _wait_for_another_render(cache, key)
        if stored is None:
            return None
    head, _, body = stored.partition(b"\n")
    g.page_served = True
    response = Response(body, headers=json.loads(head))
    return response.make_conditional(request)


def _wait_for_another_render(cache: Any, key: str) -> bytes | None:
    """A missing page is rendered by one request at a time (issue 42's flood drill: after a change, or on a cold cache,
    every worker rendered the public home at once — 4 renders of 22 statements in the same second, 267–536 ms each,
    the drill's p99): the first takes a short lock and renders (``store`` keeps the page, announces it on the page's
    channel and drops the lock); the others subscribe to that channel, look once more, and wake when the page is
    announced (looking again every RECHECK all the same), up to RENDER_WAIT seconds, then render themselves (a render
    that failed or a slow one never leaves a visitor waiting longer than that)."""
    lock = f"baraza:rendering:{key}"
    try:
        if cache.set(lock, b"1", nx=True, px=int(RENDER_WAIT * 1000)):
            g.page_lock = lock
            return None
        deadline = time.monotonic() + RENDER_WAIT
        with contextlib.closing(cache.pubsub()) as channel:
            channel.subscribe(_channel(key))  # its confirmation is the first message: the next look follows it
            while (stored := cache.get(_redis_key(key))) is None and (left := deadline - time.monotonic()) > 0:
                channel.get_message(timeout=min(left, RECHECK))
            return stored
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
    return None


def store(response: Response) -> Response:
    """After the view: keeps a whole anonymous page (200) under its key, at most PAGE_CACHE_MAX_PER_FORUM a forum, and
    lets go of the render's lock (stored or not: a 404 or a redirect keeps no one waiting)."""
    try:
        return _store(response)
    finally:
        lock = g.pop("page_lock", None)
        if lock:
            with contextlib.suppress(Exception):
                redis_client.cache().delete(lock)


def _store(response: Response) -> Response:
    key = g.get("page_key")
    if key is None or g.get("page_served") or response.status_code != 200 or response.direct_passthrough:
        return response
    cache = redis_client.cache()
    if cache is None:
        return response
    headers = {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers}
    index = _index_key(current_tenant().id)
    cap = max(int(current_app.config.get("PAGE_CACHE_MAX_PER_FORUM", 300)), 1)
    try:
        with cache.pipeline(transaction=False) as pipe:
            pipe.set(_redis_key(key), json.dumps(headers).encode() + b"\n" + response.get_data(), ex=TTL)
            pipe.zadd(index, {_redis_key(key): time.time()})
            pipe.expire(index, TTL)
            pipe.zcard(index)
            pipe.publish(_channel(key), b"1")
            count = pipe.execute()[-2]
        if count > cap:
            oldest = [member for member, _score in cache.zpopmin(index, count - cap)]
            if oldest:
                cache.delete(*oldest)
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
