"""Redis clients, one of each per process: the jobs' server (REDIS_URL: RQ, content versions, counters; never evicts)
and the public page cache's own server (CACHE_REDIS_URL: ``allkeys-lru``; unset, no page is cached)."""
from __future__ import annotations

import redis
from flask import current_app


def get() -> redis.Redis:
    client = current_app.extensions.get("baraza_redis")
    if client is None:
        client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=2,
                                      socket_timeout=5)
        current_app.extensions["baraza_redis"] = client
    return client


def cache() -> redis.Redis | None:
    """The page cache's server, or None when CACHE_REDIS_URL is not set (pages are then rendered every time: a
    cache never goes in the jobs' server, whose ``noeviction`` a full cache would turn into refused enqueues)."""
    url = current_app.config.get("CACHE_REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get("baraza_cache_redis")
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        current_app.extensions["baraza_cache_redis"] = client
    return client
