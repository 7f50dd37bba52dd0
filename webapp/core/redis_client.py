"""One Redis client per process, from REDIS_URL."""
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
