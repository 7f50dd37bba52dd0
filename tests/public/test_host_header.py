"""Issue 31: links in anything cached or sent are built from BASE_URL, never from the request's Host header or a
client's X-Forwarded-Host; in production a request for a host that is not the configured one is refused."""
from __future__ import annotations

import pytest

from webapp import config as config_module
from webapp import create_app

EVIL = "evil.example"


def _public_meeting(factory, two_forums) -> int:  # noqa: ANN001
    return factory.meeting(two_forums["a"], title="Open plenary", visibility="public", notify=True)["id"]


def test_a_forged_host_never_reaches_the_cached_feed(client, factory, two_forums):
    meeting_id = _public_meeting(factory, two_forums)
    forged = client.get("/t/forum-a/public/feed.atom", base_url=f"http://{EVIL}")
    assert forged.status_code == 200
    assert EVIL not in forged.get_data(as_text=True)
    later = client.get("/t/forum-a/public/feed.atom")  # the next reader, served from the page cache
    body = later.get_data(as_text=True)
    assert later.headers["ETag"] == forged.headers["ETag"] and EVIL not in body
    assert "<id>http://baraza.test/t/forum-a/public/</id>" in body
    assert f'href="http://baraza.test/t/forum-a/public/meetings/{meeting_id}"' in body
    assert 'rel="self" href="http://baraza.test/t/forum-a/public/feed.atom"' in body
    ics = client.get("/t/forum-a/public/calendar.ics", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert EVIL not in ics and f"http://baraza.test/t/forum-a/public/meetings/{meeting_id}" in ics


@pytest.fixture
def production(app, monkeypatch):  # noqa: ANN001, ANN201
    """The app as production builds it from its environment: behind one proxy, answering at baraza.test."""
    monkeypatch.setenv("BARAZA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("BASE_URL", "https://baraza.test")
    monkeypatch.setenv("PROXY_COUNT", "1")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("SMS_CALLBACK_URL", raising=False)
    return create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                       "REDIS_URL": app.config["REDIS_URL"]})


PROXIED = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}


def test_production_refuses_other_hosts_and_ignores_a_clients_forwarded_host(production, factory, two_forums):
    meeting_id = _public_meeting(factory, two_forums)
    client = production.test_client()
    assert client.get("/t/forum-a/public/feed.atom", base_url=f"http://{EVIL}", headers=PROXIED).status_code == 400
    assert client.get("/healthz", base_url=f"http://{EVIL}").status_code == 400
    # a client-sent X-Forwarded-Host passes through a proxy that does not set it: it is not the host
    r = client.get("/t/forum-a/public/feed.atom", base_url="http://baraza.test",
                   headers={**PROXIED, "X-Forwarded-Host": EVIL})
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and EVIL not in body
    assert f'href="https://baraza.test/t/forum-a/public/meetings/{meeting_id}"' in body
    assert client.get("/t/forum-a/public/", base_url="http://baraza.test", headers=PROXIED).status_code == 200


def test_trusted_hosts_come_from_base_url_and_the_callback_url_and_can_be_set(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app@db/baraza")
    monkeypatch.setenv("BARAZA_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://baraza.example.org/")
    monkeypatch.setenv("SMS_CALLBACK_URL", "http://10.0.0.5:8000")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    assert config_module.from_environment()["TRUSTED_HOSTS"] == ["baraza.example.org", "10.0.0.5"]
    monkeypatch.setenv("TRUSTED_HOSTS", "baraza.example.org, .example.net")
    assert config_module.from_environment()["TRUSTED_HOSTS"] == ["baraza.example.org", ".example.net"]
    monkeypatch.delenv("TRUSTED_HOSTS")
    monkeypatch.setenv("BARAZA_ENV", "development")  # the run command answers on whatever address it was reached
    assert config_module.from_environment()["TRUSTED_HOSTS"] is None


def test_no_link_is_built_from_the_request_host():
    """Absolute links come from BASE_URL (webapp.core.urls: external_url in jobs, absolute_url in requests)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"_external\s*=\s*True|host_url|url_root|request\.host\b|request\.url\b")
    found = [f"{p.relative_to(root)}:{n}: {line.strip()}"
             for folder in ("webapp", "worker", "tenants") for p in sorted((root / folder).rglob("*"))
             if p.suffix in (".py", ".html", ".xml", ".txt", ".ics") and p.is_file()
             for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1) if pattern.search(line)]
    assert found == []
