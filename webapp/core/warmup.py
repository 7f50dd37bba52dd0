"""A web worker's warm-up before it serves (issue 42's flood drill): the first request a fresh gunicorn worker
served took 140–200 ms of server time for a page that then takes 5 ms — Jinja compiling the page's templates and
macros, Babel reading the catalogues — and with four workers on a cold start that was the public pages' p99.
``wsgi.py`` calls ``warm`` when WARM_UP is on (the default in production): every template compiled and every
interface catalogue read, SQLAlchemy's mappers configured, and one ``/healthz`` asked by a host the app trusts (a
database connection and a Redis one made, their statements compiled); the pool is then emptied, so a ``--preload``
master forks no connection into its workers."""
from __future__ import annotations

import logging
import time

from flask import Flask
from flask_babel import force_locale, get_translations
from sqlalchemy.orm import configure_mappers

from webapp.core.i18n import LANGUAGES
from webapp.extensions import db

log = logging.getLogger(__name__)
TEMPLATE_ENDINGS = (".html", ".txt", ".ics", ".xml", ".svg", ".j2")


def trusted_host(app: Flask) -> str:
    """A Host the app answers (production answers any other 400, config.trusted_hosts): the first of TRUSTED_HOSTS —
    a leading dot's domain itself —, or the test client's own where any host is trusted."""
    first = (app.config.get("TRUSTED_HOSTS") or ["localhost"])[0]
    return first.lstrip(".").partition(":")[0] or "localhost"


def warm(app: Flask) -> dict[str, float]:
    """Compiles every template and reads every interface catalogue; returns what it did and how long it took."""
    started = time.monotonic()
    compiled = 0
    for name in app.jinja_env.list_templates():
        if name.endswith(TEMPLATE_ENDINGS):
            app.jinja_env.get_template(name)
            compiled += 1
    with app.test_request_context():
        for code in LANGUAGES:
            with force_locale(code):
                get_translations()
    configure_mappers()
    # 503 while the database is down: warm all the same
    status = app.test_client().get("/healthz", base_url=f"http://{trusted_host(app)}/").status_code
    with app.app_context():
        db.engine.dispose()
    took = time.monotonic() - started
    log.info("warmed up: %d templates compiled, %d catalogues read, /healthz %d, in %.2f s", compiled,
             len(LANGUAGES), status, took)
    return {"templates": compiled, "catalogues": len(LANGUAGES), "healthz": status, "seconds": round(took, 2)}
