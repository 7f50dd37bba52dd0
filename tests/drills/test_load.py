"""Fault drills on the web tier: PostgreSQL drops every connection, or is stopped and started, and the app answers again
without a restart; 50 concurrent users for DRILL_SECONDS (60 by default) of mixed reads and writes against
gunicorn, with no error, no deadlock and every write in the database."""
from __future__ import annotations

import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
from sqlalchemy import func, select

from tenants.rls import tenant_context
from tests.actions.test_actions import make_plan
from tests.conftest import PASSWORD
from tests.drills.test_faults import worker_env
from webapp.actions.models import ActionUpdate
from webapp.extensions import db
from webapp.meetings.models import Invitation

ROOT = Path(__file__).resolve().parents[2]
USERS = 50
SECRETARIES = 5


def terminate_connections(databases) -> int:
    with psycopg.connect(databases.superuser_dsn, autocommit=True) as conn:
        return len(conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = %s AND pid <> pg_backend_pid()", (databases.name,)).fetchall())


def test_app_answers_again_after_postgresql_drops_every_connection(app, client, auth, databases, two_forums):
    auth.login(two_forums["a_sec"]["email"])
    assert client.get("/t/forum-a/members/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert terminate_connections(databases) >= 1  # the pooled connections die, as on a server restart
    r = client.get("/t/forum-a/members/")
    assert r.status_code == 200 and "Amadou Member" in r.get_data(as_text=True)
    assert client.get("/healthz").get_json()["database"] == "ok"


class User:
    def __init__(self, base: str, email: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
        html = self.get("/login")[1]
        self.token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        status, _ = self.post("/login", {"email": email, "password": PASSWORD})
        assert status == 303, f"sign-in failed for {email}: {status}"
        self.token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"',
                               self.get("/t/forum-a/actions/mine")[1]).group(1)

    def request(self, req: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str], htmx: bool = False) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"} | ({"HX-Request": "true"} if htmx else {})
        return self.request(urllib.request.Request(self.base + path, data=body, headers=headers))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def _load_stack():  # noqa: ANN202 - scripts/stack.py, which starts PostgreSQL for ./scripts/run and the tests
    import importlib.util

    spec = importlib.util.spec_from_file_location("stack", ROOT / "scripts" / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stack = _load_stack()
free_port = stack.free_port


def test_50_concurrent_users_mixed_reads_and_writes(app, factory, databases, redis_url, smtp_server, two_forums,
                                                    tmp_path):
    seconds = float(os.environ.get("DRILL_SECONDS", "60"))
    tenant = two_forums["a"]
    people = [factory.member(tenant, f"Drill Secretary {i}", "secretariat", email=f"drill.sec{i}@forum-a.test")
              for i in range(SECRETARIES)]
    people += [factory.member(tenant, f"Drill Member {i}", "member", email=f"drill.member{i}@forum-a.test")
               for i in range(USERS - SECRETARIES)]
    plan = make_plan(app, tenant, [{"title": f"Drill action {i}", "owner_member_id": p["id"], "baseline": 0,
                                    "target": 100, "current_value": 0} for i, p in enumerate(people[SECRETARIES:])])
    meeting = factory.meeting(tenant, title="Drill plenary", member_ids=tuple(p["id"] for p in people), notify=True)
    with app.app_context(), tenant_context(tenant):
        invitations = list(db.session.scalars(select(Invitation.id).where(Invitation.meeting_id == meeting["id"])))

    port = free_port()
    env = worker_env(app, databases, redis_url, smtp_server[1].port) | {
        "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024", "ARGON2_PARALLELISM": "1"}
    # gunicorn's stderr (a JSON line per request since issue 44) goes to a file: a pipe nobody reads until the end
    # fills after 64 KB and blocks every worker mid-request
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--backlog", "256", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        users = [User(base, p["email"]) for p in people]
        results: Counter[str] = Counter()
        updates_ok = Counter()
        failures: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def run(index: int, user: User) -> None:
            rnd = random.Random(index)
            item_id = plan["item_ids"][index - SECRETARIES] if index >= SECRETARIES else None
            while time.monotonic() < deadline:
                roll = rnd.random()
                try:
                    if item_id and roll < 0.3:
                        kind, expect = "write: action update", 200
                        status, _ = user.post(f"/t/forum-a/actions/items/{item_id}/update",
                                              {"status": "in_progress", "value": str(rnd.randint(1, 99)),
                                               "note": f"Visited site {rnd.randint(1, 500)}",
                                               "confirm_lower": "1"}, htmx=True)  # random totals go down too
                    elif item_id is None and roll < 0.5:
                        kind, expect = "write: attendance", 200
                        inv = rnd.choice(invitations)
                        status, _ = user.post(f"/t/forum-a/meetings/{meeting['id']}/attendance/{inv}",
                                              {"present": rnd.choice(["1", ""])}, htmx=True)
                    else:
                        kind, expect = "read", 200
                        path = rnd.choice(["/t/forum-a/", "/t/forum-a/actions/mine", "/t/forum-a/members/",
                                           f"/t/forum-a/meetings/{meeting['id']}",
                                           f"/t/forum-a/actions/plans/{plan['plan_id']}", "/t/forum-a/public/"])
                        status, _ = user.get(path)
                except OSError as e:  # connection refused/reset or timeout
                    status, expect, kind = 0, 200, f"error {e}"
                with lock:
                    results[kind] += 1
                    if status == expect and kind == "write: action update":
                        updates_ok[item_id] += 1
                    if status != expect:
                        failures.append(f"{kind} -> {status}")

        threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        err = log.read()
        log.close()
    served = sum(results.values())
    print(f"drill: {USERS} users for {elapsed:.0f} s: {served} requests ({served / elapsed:.0f}/s), "
          f"{len(failures)} failed; {dict(results)}")
    assert not any(t.is_alive() for t in threads), "a user is stuck (deadlock?)"
    assert failures == [], failures[:10]
    assert served >= USERS * 3
    assert "deadlock" not in err.lower() and "Traceback" not in err, err[-2000:]
    with app.app_context(), tenant_context(tenant):  # every accepted write is in the database
        assert db.session.scalar(select(func.count()).select_from(ActionUpdate)) == sum(updates_ok.values())


def test_postgresql_restart_the_app_answers_again_without_a_restart(redis_url):
    """A real stop and start of a PostgreSQL server of its own under a running gunicorn."""
    with stack.throwaway_dir() as base:  # a folder PostgreSQL's user can reach (pytest's tmp_path is private)
        _restart_drill(base, redis_url)


def _restart_drill(base, redis_url) -> None:  # noqa: ANN001
    pg = stack.Postgres(base / "postgres", stack.free_port())
    pg.throwaway = True
    pg.start()
    port = free_port()
    server = None
    try:
        stack.ensure_roles_and_database(pg.superuser_dsn, "baraza", "owner-pw", "app-pw")
        env = {**os.environ, "BARAZA_ENV": "test", "SECRET_KEY": "drill", "REDIS_URL": redis_url,
               "DATABASE_URL": stack.url(stack.APP_ROLE, "app-pw", pg.port, "baraza"),
               "DATABASE_OWNER_URL": stack.url(stack.OWNER_ROLE, "owner-pw", pg.port, "baraza")}
        subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "db", "upgrade"], env=env, cwd=ROOT,
                       check=True, capture_output=True)
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                                   "--workers", "2", "wsgi:app"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"

        def get(path: str) -> int:
            try:
                with urllib.request.urlopen(base + path, timeout=10) as r:  # noqa: S310 - loopback
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code
            except OSError:
                return 0

        deadline = time.monotonic() + 30
        while get("/healthz") != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [get("/") for _ in range(6)] == [200] * 6  # both workers hold pooled connections now
        pg.stop()
        assert get("/healthz") == 503  # the app itself still answers, and says the database is down
        pg.start()
        started = time.monotonic()
        assert [get("/") for _ in range(6)] == [200] * 6  # no restart of the app
        assert get("/healthz") == 200
        print(f"drill: PostgreSQL restarted, the app answered again {time.monotonic() - started:.2f} s after")
    finally:
        if server:
            server.terminate()
            server.wait(30)
        pg.stop()
