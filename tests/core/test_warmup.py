"""A web worker warms up before it serves (webapp/core/warmup.py): every template compiled, every catalogue read,
/healthz asked once, and the pool emptied afterwards (a --preload master must fork no connection)."""
from __future__ import annotations

import pytest

from webapp.core import warmup
from webapp.extensions import db


def test_a_worker_compiles_every_template_and_asks_healthz_before_it_serves(app):
    app.jinja_env.cache.clear()
    done = warmup.warm(app)
    assert done["templates"] > 200 and done["catalogues"] == 5 and done["healthz"] == 200
    cached = {key[1] for key in app.jinja_env.cache}  # Jinja keys its cache by (loader ref, name)
    assert {"public/index.html", "meetings/show.html", "base.html"} <= cached
    with app.app_context():
        assert db.engine.pool.checkedout() == 0 and db.engine.pool.checkedin() == 0  # nothing kept from the warm-up


@pytest.mark.parametrize("hosts", [["baraza.example.org", "sms.example.org"], [".example.org"]])
def test_the_warm_up_asks_healthz_by_a_host_production_trusts(app, monkeypatch, hosts):
    """Production answers any Host outside TRUSTED_HOSTS 400 (config.trusted_hosts): the warm-up's /healthz must name
    a trusted one, or no database connection is made and nothing warms."""
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", hosts)
    assert app.test_client().get("/healthz").status_code == 400  # the test client's own host, as before
    assert warmup.warm(app)["healthz"] == 200


def test_warm_up_is_on_in_production_and_off_elsewhere(monkeypatch):
    from webapp.config import from_environment

    monkeypatch.setenv("BARAZA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/d")
    monkeypatch.delenv("WARM_UP", raising=False)
    assert from_environment()["WARM_UP"] is True
    monkeypatch.setenv("BARAZA_ENV", "development")
    assert from_environment()["WARM_UP"] is False
