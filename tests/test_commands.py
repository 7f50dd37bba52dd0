"""The run command and ``flask demo load`` are for development: production settings are refused.

(That both commands work from a clone in a private folder is proved by scripts/check_private_folder.sh,
which .ci/run calls: it needs a fresh clone and a run of each command.)
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from webapp import create_app
from webapp.auth.models import User
from webapp.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_command_refuses_production_settings_before_starting_anything():
    closed = _closed_port()
    # Were it not refused, it would use these (closed) servers and fail on the migrations, not start its own.
    env = {**os.environ, "BARAZA_ENV": "production", "SECRET_KEY": "a-real-secret", "PORT": str(_closed_port()),
           "DATABASE_URL": f"postgresql+psycopg://baraza_app:x@127.0.0.1:{closed}/baraza",
           "DATABASE_OWNER_URL": f"postgresql+psycopg://baraza_owner:x@127.0.0.1:{closed}/baraza",
           "REDIS_URL": f"redis://127.0.0.1:{closed}/0"}
    r = subprocess.run([sys.executable, "scripts/stack.py", "run"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode != 0
    assert "./scripts/run is for development only and refuses BARAZA_ENV=production" in r.stderr
    assert "demo data" in r.stderr and "Production settings" in r.stderr
    assert "==>" not in r.stdout + r.stderr  # no step began: no migration, no demo data, no server
    assert "Traceback" not in r.stderr


def test_flask_demo_load_refuses_production(app, databases, monkeypatch):
    monkeypatch.setenv("BARAZA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("DATABASE_URL", databases.app_url)
    monkeypatch.setenv("DATABASE_OWNER_URL", databases.owner_url)
    production = create_app()  # settings from the environment, as `flask --app wsgi demo load` builds them
    assert production.config["BARAZA_ENV"] == "production"
    result = production.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "refuses to load the demo data in production" in result.output
    assert "demo data loaded" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0  # no demo account, no admin
