"""What every open-data response shares: the envelope (the forum, its licence, the language, the page), JSON and
CSV bodies, CORS for GET, and a rate limit per address and forum (API_RATE_LIMIT requests a minute, in Redis)."""
from __future__ import annotations

import json
import logging
import time
from typing import Any

from flask import Response, current_app, request
from flask_babel import get_locale

from tenants.context import current_tenant
from webapp.core import licences, redis_client
from webapp.core.csv import to_csv
from webapp.core.downloads import download_response
from webapp.core.urls import absolute_url

log = logging.getLogger(__name__)
PAGE_SIZE = 100
JSON = "application/json; charset=utf-8"


def locale() -> str:
    return str(get_locale())


def page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def envelope() -> dict[str, Any]:
    tenant = current_tenant()
    lc = licences.of(tenant)
    return {"forum": {"slug": tenant.slug, "name": tenant.name},
            "licence": {"id": lc.id, "name": lc.name, "url": lc.url}, "language": locale()}


def json_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), status=status, mimetype=None,
                    headers={"Content-Type": JSON, "X-Content-Type-Options": "nosniff"})


def listing(endpoint: str, rows: list[dict[str, Any]], more: bool) -> Response:
    """A page of a set: at most PAGE_SIZE records and the address of the next page, if any."""
    n = page()
    nxt = absolute_url(endpoint, page=n + 1, lang=request.args.get("lang")) if more else None
    return json_response({**envelope(), "page": n, "next": nxt, "data": rows})


def sliced(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """This request's page of a set read whole (a forum's recommendations and plans are few)."""
    start = (page() - 1) * PAGE_SIZE
    return rows[start:start + PAGE_SIZE], len(rows) > start + PAGE_SIZE


def slug() -> str:
    return str(current_tenant().slug)


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    return to_csv(header, rows)


def csv_response(name: str, header: list[str], rows: list[list[Any]]) -> Response:
    lc = licences.of(current_tenant())
    response = download_response(csv_text(header, rows), f"{slug()}-{name}.csv", "text/csv; charset=utf-8")
    response.headers["Link"] = f'<{lc.url}>; rel="license"'
    return response


def cors(response: Response) -> Response:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Retry-After"
    return response


def rate_limit() -> Response | None:
    """Before anything is read: 429 with Retry-After past API_RATE_LIMIT requests a minute from one address to one
    forum. Without Redis the API answers rather than not at all."""
    limit = int(current_app.config.get("API_RATE_LIMIT", 120))
    window = int(time.time() // 60)
    key = f"baraza:api-rate:{current_tenant().id}:{request.remote_addr}:{window}"
    try:
        with redis_client.get().pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, 120)
            count = pipe.execute()[0]
    except Exception:
        log.warning("API rate limit unavailable", exc_info=True)
        return None
    if count <= limit:
        return None
    response = json_response({"error": "too_many_requests", "retry_after": 60 - int(time.time()) % 60}, 429)
    response.headers["Retry-After"] = str(60 - int(time.time()) % 60)
    return response
