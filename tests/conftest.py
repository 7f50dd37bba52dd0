"""Fixtures: every test runs against real PostgreSQL (as the non-owner app role, RLS on) and Redis.

scripts/test starts throwaway servers and migrates the template database ``baraza``; each xdist
worker clones its own database from it and uses its own Redis database number.
"""
from __future__ import annotations

import contextlib
import email
import email.policy
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
import redis
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tenants.models import Tenant
from tenants.rls import tenant_context
from tests import citus
from webapp import create_app
from webapp.auth import services as accounts
from webapp.extensions import db
from webapp.members import services as members

# CI draws the same fuzz examples on every run, so main stays reproducible (a failure there fails here too, with
# CI=true); a local run explores at random and keeps what it finds in .hypothesis/, and FUZZ_DEPTH=30 digs deeper.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

PASSWORD = "correct horse battery staple"
TEMPLATE_DB = "baraza"


def _require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run the suite with ./scripts/test", returncode=2)
    return value


def _worker_index(worker_id: str) -> int:
    return 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))


@dataclass(frozen=True)
class Databases:
    app_url: str
    owner_url: str
    superuser_dsn: str
    name: str


@pytest.fixture(scope="session")
def databases(worker_id: str) -> Iterator[Databases]:
    superuser = _require_env("BARAZA_PG_SUPERUSER_DSN")
    app_url = make_url(_require_env("DATABASE_URL"))
    owner_url = make_url(_require_env("DATABASE_OWNER_URL"))
    name = f"baraza_test_{worker_id}"
    with psycopg.connect(superuser, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER baraza_owner").format(
            sql.Identifier(name), sql.Identifier(TEMPLATE_DB)))
    yield Databases(
        app_url=app_url.set(database=name).render_as_string(hide_password=False),
        owner_url=owner_url.set(database=name).render_as_string(hide_password=False),
        superuser_dsn=superuser,
        name=name,
    )


@pytest.fixture(scope="session")
def redis_url(worker_id: str) -> str:
    base = _require_env("REDIS_URL").rsplit("/", 1)[0]
    return f"{base}/{1 + _worker_index(worker_id)}"


@pytest.fixture(scope="session")
def cache_redis_url(worker_id: str) -> str:
    """This xdist worker's database on the page cache's own Redis (allkeys-lru, started by ./scripts/test)."""
    base = _require_env("CACHE_REDIS_URL").rsplit("/", 1)[0]
    return f"{base}/{1 + _worker_index(worker_id)}"


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd). ``mode``: "ok", "tempfail" (451) or "reject" (550)."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.mode = "ok"
        self.delay = 0.0  # seconds per message, to make a drill's kill land in the middle of a batch
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.mode == "reject":
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.mode == "tempfail":
            return "451 4.3.0 Try again later"
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in m["To"]]

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
        self.mode = "ok"
        self.delay = 0.0


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[SmtpSink, Controller]]:
    sink = SmtpSink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield sink, controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server: tuple[SmtpSink, Controller]) -> Iterator[SmtpSink]:
    sink, _controller = smtp_server
    sink.reset()
    yield sink
    sink.reset()


@pytest.fixture(scope="session")
def app(databases: Databases, redis_url: str, cache_redis_url: str,
        smtp_server: tuple[SmtpSink, Controller]) -> Flask:
    from worker.runtime import set_app

    _sink, controller = smtp_server
    app = create_app({
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_TIMEOUT": 5,
        "NOTICE_RETRY_INTERVALS": (0, 0),
        "BASE_URL": "http://baraza.test",
        "TESTING": True,
        "BARAZA_ENV": "test",
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": databases.app_url,
        "DATABASE_OWNER_URL": databases.owner_url,
        "REDIS_URL": redis_url,
        "CACHE_REDIS_URL": cache_redis_url,
        "SESSION_COOKIE_SECURE": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
    })
    set_app(app)  # jobs run in this app (in the forked RQ work horse too)
    return app


@pytest.fixture(scope="session")
def citus_recorder() -> Iterator[citus.Recorder | None]:
    """Checks every statement the app role sends for what Citus needs (tests/citus.py)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not os.environ.get("DATABASE_URL"):
        yield None
        return
    rec = citus.recorder(make_url(os.environ["DATABASE_URL"]).username)
    event.listen(Engine, "before_cursor_execute", rec)
    yield rec
    event.remove(Engine, "before_cursor_execute", rec)


@pytest.fixture(autouse=True)
def citus_ready(citus_recorder: citus.Recorder | None) -> Iterator[None]:
    """Fails the test whose statements Citus could not route to one forum's shard."""
    if citus_recorder is not None:
        citus_recorder.take()
    yield
    if citus_recorder is not None and (problems := citus_recorder.take()):
        pytest.fail(citus.report(problems), pytrace=False)


def _tables_to_clean() -> list[str]:
    return [t.name for t in reversed(db.metadata.sorted_tables)]


@pytest.fixture(autouse=True)
def clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empties every table after each test that used the database (TRUNCATE as the owner)."""
    yield
    if "databases" not in request.fixturenames:
        return
    dbs: Databases = request.getfixturevalue("databases")
    tables = _tables_to_clean()
    truncate = sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
        sql.SQL(", ").join(sql.Identifier(t) for t in tables))
    with psycopg.connect(dbs.owner_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        for attempt in range(5):
            try:
                conn.execute(truncate)
                break
            except psycopg.errors.DeadlockDetected:
                # a request still in flight when the test ended — Kannel's late delivery report or inbound SMS, served
                # by this test worker's callback thread — read one table and waited for another that the TRUNCATE
                # had locked (fresh-clone run at ecdb8f3): PostgreSQL aborted the TRUNCATE; that request then
                # finishes, and the TRUNCATE is asked again (left undone, the next test met this one's forums)
                if attempt == 4:
                    raise
                time.sleep(0.2)
    # forum ids start again at 1: no cached page or dirty marker of this test's forums outlives it
    from webapp.core import content_version

    content_version._dirty_here.clear()
    with redis.Redis.from_url(request.getfixturevalue("cache_redis_url")) as cache:
        cache.flushdb()


@pytest.fixture
def queue_redis(app: Flask) -> Iterator[redis.Redis]:
    """This xdist worker's Redis database, emptied before and after the test."""
    conn = redis.Redis.from_url(app.config["REDIS_URL"])
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture
def run_worker(app: Flask, queue_redis: redis.Redis):
    """Runs a real RQ worker (forking a work horse per job) until the queues are empty: Baraza's (worker/stopping.py),
    whose exit does not wait up to a minute for its pub/sub thread."""
    import worker.delivery  # noqa: F401
    import worker.federation  # noqa: F401
    import worker.recordings  # noqa: F401
    import worker.reports  # noqa: F401
    import worker.sms  # noqa: F401
    import worker.sweeps  # noqa: F401
    from webapp.core.queue import QUEUES
    from worker.stopping import Worker

    def run() -> None:
        Worker(list(QUEUES), connection=queue_redis).work(burst=True, with_scheduler=False)

    return run


@pytest.fixture(scope="session")
def kannel_instance(app: Flask, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """This test worker's own Kannel: bearerbox + smsbox against fakesmsc on free loopback ports, a spool store in a
    private folder (devtools/kannel_local.py). Started the first time a test asks for it, with the app
    served on a loopback port for Kannel's callbacks (inbound SMS, delivery reports)."""
    import threading

    from werkzeug.serving import make_server

    from devtools import kannel_local

    if not kannel_local.available():
        pytest.fail("Kannel is not installed: ./scripts/test installs it (apt-get install kannel kannel-extras)")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    k = kannel_local.LocalKannel(tmp_path_factory.mktemp("kannel") / "k",
                                 app_url=f"http://127.0.0.1:{server.server_port}", redis_url=app.config["REDIS_URL"])
    k.start()
    yield k
    k.remove()
    server.shutdown()


@pytest.fixture
def kannel(app: Flask, kannel_instance):  # noqa: ANN001, ANN201
    """The worker's Kannel, running and empty-handed; the app sends through it for the test's duration."""
    k = kannel_instance
    if any(k.procs.get(n) is None or k.procs[n].poll() is not None for n in ("bearerbox", "smsbox", "fakesmsc")):
        k.restart()
    k.clear()
    saved = {key: app.config.get(key) for key in ("SMS_GATEWAY_URL", "SMS_USERNAME", "SMS_PASSWORD", "SMS_DEV_DIR",
                                                  "SMS_CALLBACK_SECRET", "SMS_CALLBACK_URL", "SMS_DEV_PHONES")}
    app.config.update(k.environment(), SMS_DEV_DIR="")
    yield k
    app.config.update(saved)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Factory:
    """Builds forums, users and members through the services, as the app role, one commit each."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def forum(self, slug: str, name: str | None = None, **fields: object) -> Tenant:
        with self.app.app_context():
            tenant = Tenant(slug=slug, name=name or slug.replace("-", " ").title(), **fields)
            db.session.add(tenant)
            db.session.commit()
            db.session.refresh(tenant)
            db.session.expunge(tenant)
            return tenant

    def member(self, tenant: Tenant, name: str, role: str = "member", account: bool = True,
               email: str | None = None) -> dict[str, object]:
        email = email or re.sub(r"[^a-z]+", ".", name.lower()).strip(".") + f"@{tenant.slug}.test"
        with self.app.app_context(), tenant_context(tenant):
            user = accounts.find_user_by_email(email) if account else None
            if account and user is None:
                user = accounts.create_user(email, name, PASSWORD)
            m = members.add_member(name, email, role, user=user)
            db.session.commit()
            return {"id": m.id, "email": email, "tenant_id": tenant.id, "user_id": user.id if user else None}


    def meeting(self, tenant: Tenant, title: str = "Plenary meeting", member_ids: tuple[int, ...] = (),
                days_ahead: int = 30, notify: bool = False, **values: object) -> dict[str, object]:
        """A committee seating ``member_ids``, a meeting of it (inviting them), one agenda item, one document."""
        from datetime import UTC, datetime, timedelta

        from webapp.meetings import services as meetings
        from webapp.members import services as roll
        from webapp.members.models import Member

        with self.app.app_context(), tenant_context(tenant):
            committee = roll.save_committee(None, name=f"Committee of {title}", kind="plenary", level="national")
            for mid in member_ids:
                roll.set_seat(committee, db.session.get(Member, (tenant.id, mid)), "member")
            start = (datetime.now(UTC) + timedelta(days=days_ahead)).replace(minute=0, second=0, microsecond=0)
            m = meetings.save_meeting(None, {"title": title, "committee_id": committee.id, "kind": "plenary",
                                             "start_at": start, "end_at": start + timedelta(hours=3),
                                             "venue": "Accra", "online_link": None, "language": "en",
                                             "interpretation_languages": [], "expected_outputs": "A work plan",
                                             "visibility": "members", **values})
            item = meetings.save_agenda_item(m, None, title="Opening", presenter="Chair", minutes=10,
                                             kind="information")
            doc = meetings.add_document(m, "agenda.pdf", b"%PDF-1.4 test", "Factory")
            if notify:
                meetings.send_notice(m)
            db.session.commit()
            return {"id": m.id, "committee_id": committee.id, "item_id": item.id, "doc_id": doc.id,
                    "start": start}


@pytest.fixture
def factory(app: Flask, databases: Databases) -> Factory:
    return Factory(app)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf(self, path: str = "/login") -> str:
        html = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
            re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str = PASSWORD, next_url: str | None = None):  # noqa: ANN201
        path = "/login" + (f"?next={next_url}" if next_url else "")
        return self.client.post(path, data={"email": email, "password": password, "csrf_token": self.csrf()})

    def logout(self):  # noqa: ANN201
        return self.client.post("/logout", data={"csrf_token": self.csrf("/")})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def two_forums(factory: Factory) -> dict[str, object]:
    """Tenant A and tenant B, each with a secretariat member who can sign in."""
    a = factory.forum("forum-a", "Forum A")
    b = factory.forum("forum-b", "Forum B")
    return {
        "a": a,
        "b": b,
        "a_sec": factory.member(a, "Ama Secretariat", "secretariat"),
        "b_sec": factory.member(b, "Bea Secretariat", "secretariat"),
        "a_member": factory.member(a, "Amadou Member", "member"),
    }


@contextlib.contextmanager
def count_queries(app: Flask) -> Iterator[dict[str, int]]:
    """Counts the SQL statements the app sends while the block runs: ``with count_queries(app) as n: ...``."""
    from sqlalchemy import event

    counter = {"n": 0}

    def inc(*_args: object) -> None:
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", inc)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", inc)


def app_role_connection(databases: Databases) -> psycopg.Connection:
    return psycopg.connect(databases.app_url.replace("postgresql+psycopg", "postgresql"))


def current_setting(conn: object) -> str:
    return conn.execute(text("SELECT current_setting('app.tenant_id', true)")).scalar()


@pytest.fixture(scope="session", autouse=True)
def log_lines_carry_no_personal_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Issue 44: every request and job log line the whole suite writes (JSON, as in production) is read back at the
    end: no e-mail address, no phone number, no query string in any field (ids and the user's hash aside)."""
    import json
    import logging

    from webapp.core import logs

    path = tmp_path_factory.mktemp("logs") / "baraza.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(logs.formatter(text=False))
    logging.getLogger("baraza").addHandler(handler)
    yield
    logging.getLogger("baraza").removeHandler(handler)
    handler.close()
    found = []
    for line in path.read_text().splitlines():
        fields = json.loads(line)
        for key, value in fields.items():
            if key in {"time", "request_id", "user", "job_id"} or not isinstance(value, str):
                continue
            if "@" in value or "?" in value or "=" in value or re.search(r"\+?\d{7,}", value):
                found.append(f"{key}={value!r} in {line}")
    assert not found, "personal data or a query string in the logs:\n" + "\n".join(found[:20])
