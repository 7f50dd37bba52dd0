"""Issue 44's upgrade drill (docs/operations.md, "Upgrading"): the previous release's code migrates an empty database
and loads its demo data; a web node of that release serves a signed-in secretariat member's pages without pause while
this checkout's migrations run against the same database (as an upgrade does, before the nodes get the new code);
no request fails; then a node with this checkout's code answers /readyz and the same pages on the upgraded data.

The previous release is the tag ``v<version>`` of the last release in CHANGELOG.md when it exists; otherwise the last
commit of the first-parent history whose newest migration is the one that release's "Schema: migrations 0001 to N"
line names (BARAZA_UPGRADE_FROM overrides both)."""
from __future__ import annotations

import os
import re
import shutil
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
import pytest
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy import make_url

from tests.drills.test_load import NoRedirect, stack

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
SECRETARIAT = "akosua.mensah@example.org"  # the demo's Ghana secretariat, in every release's demo
PAGES = ("/", "/t/ghana-nsccl/", "/t/ghana-nsccl/meetings/", "/t/ghana-nsccl/meetings/past",
         "/t/ghana-nsccl/members/", "/t/ghana-nsccl/actions/", "/t/ghana-nsccl/public/",
         "/t/ghana-nsccl/public/outcomes/")


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def previous_release() -> str | None:
    if os.environ.get("BARAZA_UPGRADE_FROM"):
        return os.environ["BARAZA_UPGRADE_FROM"]
    log = (ROOT / "CHANGELOG.md").read_text()
    version = re.search(r"^## (\d+\.\d+\.\d+)", log, re.M)
    last = re.search(r"Schema: migrations 0001 to (\d{4})", log)
    if version is None or last is None:
        return None
    try:
        return _git("rev-parse", "--verify", "--quiet", f"refs/tags/v{version.group(1)}^{{commit}}")
    except (subprocess.CalledProcessError, FileNotFoundError):
        pass
    try:
        commits = _git("rev-list", "--first-parent", "--max-count=400", "HEAD").split()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    for commit in commits:
        names = _git("ls-tree", "--name-only", commit, "migrations/versions/").split()
        newest = max((re.match(r"\d{4}", Path(n).name).group(0) for n in names if re.match(r"\d{4}", Path(n).name)),
                     default="")
        if newest == last.group(1):
            return commit
        if newest < last.group(1):
            return None
    return None


class Reader:
    """A signed-in browser reading PAGES round and round; every status kept."""

    def __init__(self, base: str, password: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
        html = self.get("/login")[1]
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"email": SECRETARIAT, "password": password, "csrf_token": token}).encode()
        status = self.request(urllib.request.Request(base + "/login", data=body))[0]
        assert status == 303, f"sign-in on the old release failed: {status}"
        self.statuses: Counter[str] = Counter()
        self.failures: list[str] = []

    def request(self, req: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(urllib.request.Request(self.base + path))

    def read_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            for path in PAGES:
                try:
                    status = self.get(path)[0]
                except OSError as e:
                    status, detail = 0, str(e)
                else:
                    detail = ""
                self.statuses[str(status)] += 1
                if status != 200:
                    self.failures.append(f"{path}: {status} {detail}")


def _serve(code: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen([str(VENV / "gunicorn"), "--chdir", str(code), "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "wsgi:app"], cwd=code, env=env, stdout=subprocess.DEVNULL,
                              stderr=log.open("w"), start_new_session=True)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 - loopback
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError(f"gunicorn did not answer: {log.read_text()[-2000:]}")


def _flask(code: Path, env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    done = subprocess.run([str(VENV / "python"), "-m", "flask", "--app", "wsgi", *args], cwd=code, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"flask {' '.join(args)} in {code}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return time.monotonic() - started


def _revision(databases, name: str) -> str:  # noqa: ANN001
    with psycopg.connect(databases.superuser_dsn.replace("dbname=postgres", f"dbname={name}")) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _head() -> str:
    return ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def test_the_previous_release_serves_while_this_ones_migrations_run(databases, redis_url, tmp_path):
    from webapp.demo import DEMO_PASSWORD

    ref = previous_release()
    if ref is None:
        pytest.skip("no previous release found in this checkout's history (set BARAZA_UPGRADE_FROM to a commit)")
    old = tmp_path / "previous"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    shutil.copytree(ROOT / "webapp" / "static" / "vendor", old / "webapp" / "static" / "vendor", dirs_exist_ok=True)

    name = f"{databases.name}_upgrade"
    with psycopg.connect(databases.superuser_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER baraza_owner").format(sql.Identifier(name)))
    stack.grant_app_role(databases.superuser_dsn.replace("dbname=postgres", f"dbname={name}"))
    env = {**os.environ, "BARAZA_ENV": "test", "SECRET_KEY": "drill-secret", "REDIS_URL": redis_url,
           "DATABASE_URL": make_url(databases.app_url).set(database=name).render_as_string(hide_password=False),
           "DATABASE_OWNER_URL": make_url(databases.owner_url).set(database=name).render_as_string(hide_password=False),
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "9", "BASE_URL": "http://baraza.test",
           "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024", "ARGON2_PARALLELISM": "1"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    old_server = new_server = None
    try:
        _flask(old, env, "db", "upgrade")  # the previous release's schema and data
        _flask(old, env, "demo", "load")
        released = _revision(databases, name)
        old_port, new_port = stack.free_port(), stack.free_port()
        old_server = _serve(old, env, old_port, tmp_path / "old.log")
        reader = Reader(f"http://127.0.0.1:{old_port}", DEMO_PASSWORD)
        stop = threading.Event()
        thread = threading.Thread(target=reader.read_until, args=(stop,))
        thread.start()
        try:
            time.sleep(1)
            before = sum(reader.statuses.values())
            seconds = _flask(ROOT, env, "db", "upgrade")  # this checkout's migrations while the old node serves
            during = sum(reader.statuses.values()) - before
            time.sleep(2)  # the old node keeps serving on the upgraded schema until it is replaced
        finally:
            stop.set()
            thread.join(60)
        assert reader.failures == [], reader.failures[:10]
        assert released != _revision(databases, name) == _head(), "this checkout's migrations did not all run"
        assert during > 0, "no request was answered while the migrations ran"
        print(f"upgrade drill: migrations took {seconds:.1f} s; {sum(reader.statuses.values())} requests to the "
              f"previous release's node, {during} of them during the migrations, {dict(reader.statuses)}")

        new_server = _serve(ROOT, env, new_port, tmp_path / "new.log")
        assert urllib.request.urlopen(f"http://127.0.0.1:{new_port}/readyz", timeout=5).status == 200  # noqa: S310
        fresh = Reader(f"http://127.0.0.1:{new_port}", DEMO_PASSWORD)
        for path in PAGES:
            assert fresh.get(path)[0] == 200, path
    finally:
        for server in (old_server, new_server):
            if server is not None:
                server.terminate()
                server.wait(30)
        with psycopg.connect(databases.superuser_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
