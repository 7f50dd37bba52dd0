"""Parts of signed-in pages rendered once and shared between readers who may read the same things (issue 43).

A page that most readers read alike (a meeting's head, agenda, papers, decisions, minutes, invitees) keeps those
parts, as rendered HTML, in the page cache's Redis server (CACHE_REDIS_URL, the evicting one), under a key made of
the forum and its content version (webapp/core/content_version.py: any change to the forum's rows makes new keys),
the object, the language, the time zone and the reader's **visibility class** (webapp/core/visibility.py, the one
rule by reader): never the role, never the reader. The page's frame and the reader's own parts (their answer and
its CSRF token, their action items, the chair's figures) are rendered for every request.

A template marks a shared part with ``{% call part("name") %}…{% endcall %}`` where ``part`` hands the call to
``Parts.show``: a cached part is written as stored; on a miss the part is rendered and kept, and after the page the
view stores what was rendered (``store``). A page rendered without a key (``Parts.none()``: the secretariat's page,
whose parts carry forms) renders every part and keeps nothing.

What a part may hold: what every reader of the class may read. No CSRF token, no signed link, no name another
reader of the class may not see: ``store`` refuses a part carrying a CSRF token (``csrf_token``'s hidden input),
as a last guard.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from tenants.context import current_tenant
from webapp.core import content_version, redis_client

log = logging.getLogger(__name__)
TTL = content_version.PAGE_TTL  # seconds; a new version makes new keys, so old ones only wait to expire
_CSRF = 'name="csrf_token"'


class Parts:
    """One page's shared parts: those found in the cache, and those rendered for it by this request."""

    def __init__(self, key: str | None, found: dict[str, str] | None = None,
                 meta: dict[str, Any] | None = None) -> None:
        self.key = key
        self.found = found or {}
        self.meta = meta or {}  # what the frame needs on a hit, stored with the parts
        self.rendered: dict[str, str] = {}

    @classmethod
    def none(cls) -> Parts:
        """Every part rendered, nothing kept: a page that is not shared."""
        return cls(None)

    @property
    def hit(self) -> bool:
        """Every part of the page came from the cache (the page's data need not be read)."""
        return bool(self.found)

    def show(self, name: str, caller: Callable[[], str]) -> Markup:
        if name in self.found:
            return Markup(self.found[name])  # noqa: S704 - rendered (and escaped) by Jinja when it was stored
        html = caller()
        if self.key is not None:
            self.rendered[name] = str(html)
        return Markup(html)  # noqa: S704 - the caller's output, escaped by Jinja

    def store(self, meta: dict[str, Any] | None = None) -> None:
        """Keeps the parts this request rendered (with ``meta``: small facts the frame needs on a hit)."""
        if self.key is None or not self.rendered or self.found:
            return
        if any(_CSRF in html for html in self.rendered.values()):
            log.error("a shared part carries a CSRF token: not cached (%s)", self.key)
            return
        cache = redis_client.cache()
        if cache is None:
            return
        try:
            cache.set(self.key, json.dumps({"parts": self.rendered, "meta": meta or {}}), ex=TTL)
        except Exception:
            log.warning("parts not cached", exc_info=True)


class Each(Parts):
    """One part per object of a list (an action item's card), each under its own key: readers who reach an object
    through different lists (two owners of one organisation's item) share the object's part."""

    def __init__(self, keys: dict[str, str], found: dict[str, str] | None = None) -> None:
        super().__init__(None, found)
        self.keys = keys  # part name -> its key

    @property
    def hit(self) -> bool:
        return bool(self.keys) and self.keys.keys() <= self.found.keys()

    def show(self, name: str, caller: Callable[[], str]) -> Markup:
        if name in self.found:
            return Markup(self.found[name])  # noqa: S704 - rendered (and escaped) by Jinja when it was stored
        html = caller()
        if name in self.keys:
            self.rendered[name] = str(html)
        return Markup(html)  # noqa: S704 - the caller's output, escaped by Jinja

    def store(self, meta: dict[str, Any] | None = None) -> None:
        """Keeps each part this request rendered under its own key (one round trip)."""
        kept = {name: html for name, html in self.rendered.items() if _CSRF not in html}
        if len(kept) < len(self.rendered):
            log.error("a shared part carries a CSRF token: not cached (%s)", sorted(set(self.rendered) - set(kept)))
        cache = redis_client.cache()
        if not kept or cache is None:
            return
        try:
            with cache.pipeline(transaction=False) as pipe:
                for name, html in kept.items():
                    pipe.set(self.keys[name], json.dumps({"parts": {name: html}, "meta": meta or {}}), ex=TTL)
                pipe.execute()
        except Exception:
            log.warning("parts not cached", exc_info=True)


def key(kind: str, object_id: int, *, locale: str, zone: str, visibility_class: str) -> str | None:
    """The cache key of an object's shared parts for readers of ``visibility_class``; None when nothing may be
    cached (no page cache server, the forum's version unknown or its bump failed)."""
    prefix = _prefix()
    return None if prefix is None else f"{prefix}:{kind}:{object_id}:{locale}:{zone}:{visibility_class}"


def _prefix() -> str | None:
    """The forum at its content version, what every key of its parts starts with (None: nothing may be cached)."""
    tenant = current_tenant()
    if tenant is None or redis_client.cache() is None or content_version.dirty_here(tenant.id):
        return None
    version = content_version.version(tenant.id)
    if version is None:
        return None
    # the forum's creation time: a forum id used again (a database restored beside the same Redis) starts afresh
    born = int(tenant.created_at.timestamp() * 1e6) if tenant.created_at else 0
    return f"baraza:parts:{tenant.id}.{born}:{version}"


def for_reader(kind: str, object_id: int, reader: Any) -> Parts:  # noqa: ANN401 - a visibility.Reader
    """The parts of ``kind`` stored for readers of ``reader``'s class, in the request's language and the reader's
    zone (found, or a ``Parts`` that keeps what the page renders)."""
    from flask_babel import get_locale

    from webapp.core.zones import reader_zone_name

    return load(key(kind, object_id, locale=str(get_locale()), zone=reader_zone_name(),
                    visibility_class=reader.visibility_class))


def for_each(kind: str, object_ids: list[int], reader: Any) -> Parts:  # noqa: ANN401 - a visibility.Reader
    """One part per object (named ``<kind>-<id>``), each stored for readers of ``reader``'s class in the request's
    language and the reader's zone: those found, and the keys to keep the others under (one round trip)."""
    from flask_babel import get_locale

    from webapp.core.zones import reader_zone_name

    prefix = _prefix()
    if prefix is None or not object_ids:
        return Parts.none()
    tail = f"{get_locale()}:{reader_zone_name()}:{reader.visibility_class}"
    keys = {f"{kind}-{oid}": f"{prefix}:{kind}:{oid}:{tail}" for oid in object_ids}
    tenant = current_tenant()
    names = list(keys)
    try:
        dirty, *stored = redis_client.cache().mget(content_version.DIRTY_KEY.format(tenant.id),
                                                   *(keys[n] for n in names))
    except Exception:
        log.warning("parts cache unavailable", exc_info=True)
        return Parts.none()
    if dirty is not None:
        return Parts.none()
    found = {name: json.loads(raw)["parts"][name] for name, raw in zip(names, stored, strict=True) if raw is not None}
    return Each(keys, found)


def load(part_key: str | None) -> Parts:
    """The parts stored under ``part_key`` (none found: a ``Parts`` that keeps what the page renders)."""
    if part_key is None:
        return Parts.none()
    cache = redis_client.cache()
    tenant = current_tenant()
    try:
        dirty, stored = cache.mget(content_version.DIRTY_KEY.format(tenant.id), part_key)
    except Exception:
        log.warning("parts cache unavailable", exc_info=True)
        return Parts.none()
    if dirty is not None:
        return Parts.none()
    if stored is None:
        return Parts(part_key)
    data = json.loads(stored)
    return Parts(part_key, data.get("parts") or {}, data.get("meta") or {})
