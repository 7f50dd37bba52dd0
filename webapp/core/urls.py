"""URL helpers."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for

from webapp.core.text import is_one_line


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: never another host, never a scheme, never '//host'."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or not is_one_line(target):
        return default
    return target


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for emails and feeds, from BASE_URL (never from a request's Host header). Works in
    jobs too: no request context is pushed (its teardown would reset the job's tenant)."""
    adapter = current_app.url_map.bind("localhost")
    return current_app.config["BASE_URL"] + adapter.build(endpoint, values)


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute link in what is cached or sent from a request (a feed, a calendar): BASE_URL and the path url_for
    builds for this request (its url_defaults apply: a public page's ?lang=), never the request's host."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)
