"""The open-data API, version 1: read-only JSON of a forum's public record and the same sets as CSV, served and
cached like the public pages (webapp/public/cache.py: keyed by the content version, ``?page=`` and ``?lang=``),
with ETag and Last-Modified, CORS for GET and a rate limit. Described by openapi.json, served beside it."""
from __future__ import annotations

import io
import json
import zipfile
from importlib import resources

from flask import Blueprint, Response, abort

from webapp.core.downloads import download_response
from webapp.core.urls import absolute_url
from webapp.opendata import http, queries, tables
from webapp.public import cache as page_cache
from webapp.public.views import cacheable

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(http.rate_limit)  # before the page cache: a cached answer counts too
page_cache.install(bp)
bp.after_request(http.cors)

SETS = ("meetings", "outcomes", "recommendations", "plans", "initiatives")


@bp.get("/")
def api_index() -> Response:
    """What the API offers: its sets, their CSV, the OpenAPI description and the licence."""
    sets = [{"name": name, "url": absolute_url(f".api_{name}"),
             "csv": absolute_url(".api_csv", name=tables.CSV_OF[name])} for name in SETS]
    return cacheable(http.json_response({**http.envelope(), "api_version": "1",
                                         "openapi": absolute_url(".api_openapi"), "sets": sets,
                                         "bulk": absolute_url(".api_bulk")}))


@bp.get("/openapi.json")
def api_openapi() -> Response:
    text = resources.files("webapp.opendata").joinpath("openapi.json").read_text(encoding="utf-8")
    return cacheable(http.json_response(json.loads(text)))


@bp.get("/meetings")
def api_meetings() -> Response:
    rows = queries.meetings(http.locale(), http.PAGE_SIZE + 1, (http.page() - 1) * http.PAGE_SIZE)
    return cacheable(http.listing(".api_meetings", rows[:http.PAGE_SIZE], len(rows) > http.PAGE_SIZE))


@bp.get("/outcomes")
def api_outcomes() -> Response:
    rows = queries.outcomes(http.locale(), http.PAGE_SIZE + 1, (http.page() - 1) * http.PAGE_SIZE)
    return cacheable(http.listing(".api_outcomes", rows[:http.PAGE_SIZE], len(rows) > http.PAGE_SIZE))


@bp.get("/recommendations")
def api_recommendations() -> Response:
    return cacheable(http.listing(".api_recommendations", *http.sliced(queries.recommendations(http.locale()))))


@bp.get("/plans")
def api_plans() -> Response:
    return cacheable(http.listing(".api_plans", *http.sliced(queries.plans(http.locale()))))


@bp.get("/initiatives")
def api_initiatives() -> Response:
    return cacheable(http.listing(".api_initiatives", *http.sliced(queries.initiatives())))


@bp.get("/<name>.csv")
def api_csv(name: str) -> Response:
    """A whole set as CSV (the public pages link here)."""
    table = tables.TABLES.get(name) or abort(404)
    return cacheable(http.csv_response(name, *table(http.locale())))


@bp.get("/bulk.zip")
def api_bulk() -> Response:
    """Everything at once: each set as CSV, the licence and the forum, in one ZIP file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, table in tables.TABLES.items():
            z.writestr(f"{name}.csv", http.csv_text(*table(http.locale())))
        z.writestr("about.json", json.dumps(http.envelope(), ensure_ascii=False, indent=1))
    return cacheable(download_response(out.getvalue(), f"{http.slug()}-open-data.zip", "application/zip"))
