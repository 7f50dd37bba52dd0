"""Platform-level pages: the directory of forums, language choice, health check, favicon."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, send_from_directory, session
from flask_login import current_user
from sqlalchemy import or_, select, text
from werkzeug.wrappers import Response as WzResponse

from tenants.models import Tenant
from webapp.core import redis_client
from webapp.core.i18n import LANGUAGES
from webapp.core.rendering import render
from webapp.core.urls import safe_next
from webapp.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def directory() -> Response:
    q = request.args.get("q", "").strip()[:100]
    stmt = select(Tenant)
    if q:
        like = f"%{q}%"
        from webapp.core.templating import country_codes_named

        stmt = stmt.where(or_(Tenant.name.ilike(like), Tenant.country.ilike(like), Tenant.slug.ilike(like),
                              Tenant.country.in_(country_codes_named(q))))
    forums = db.session.scalars(stmt.order_by(Tenant.last_published_at.desc().nulls_last(), Tenant.name)).all()
    return render("directory.html", forums=forums, q=q)


@bp.post("/language")
def choose_language() -> WzResponse:
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang  # the user's preference, kept for emails too
    return redirect(safe_next(request.form.get("next")), 303)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    status = {"database": "ok", "redis": "ok"}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as e:  # report, do not raise: this is what a load balancer asks
        status["database"] = f"error: {type(e).__name__}"
    try:
        redis_client.get().ping()
    except Exception as e:
        status["redis"] = f"error: {type(e).__name__}"
    ok = all(v == "ok" for v in status.values())
    return jsonify(status=("ok" if ok else "degraded"), **status), (200 if ok else 503)


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Readiness: database reachable, its migrations at this code's head, Redis reachable (issue 44)."""
    from webapp.core import readiness

    status = readiness.checks()
    ok = all(v == "ok" for v in status.values())
    return jsonify(status=("ok" if ok else "not ready"), **status), (200 if ok else 503)


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus's scrape (issue 44): only for the addresses of METRICS_ALLOW, a 404 for anyone else."""
    from webapp.core import metrics as figures

    if not figures.allowed(request.remote_addr):
        abort(404)
    return Response(figures.exposition(), mimetype="text/plain; version=0.0.4; charset=utf-8")


@bp.get("/favicon.ico")
def favicon() -> Response:
    return send_from_directory(current_app.static_folder + "/img", "favicon.svg", mimetype="image/svg+xml",
                               max_age=86400)
