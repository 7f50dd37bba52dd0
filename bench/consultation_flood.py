"""The public consultation's flood drill (issue 42): 1,000 comments from 200 verified visitors, each from its own
network address, in a minute, against the demo's open consultation (the Katanga platform), while 16 readers fetch
the consultation's public page and the forum's public home. Passes when nothing unmoderated is published (the
public page shows the same comments after the flood as before it, and every new comment waits in the queue) and the
public pages' p99 stays under 200 ms.

    .venv/bin/python bench/consultation_flood.py              # throwaway PostgreSQL/Redis, demo data, 60 s
    .venv/bin/python bench/consultation_flood.py --seconds 30

Like bench/side_by_side.py it starts scripts/stack.py's throwaway PostgreSQL and Redis, migrates, loads the demo,
and runs Baraza as production does (docs/operations.md): Debian's nginx with deploy/nginx.conf and
deploy/baraza_proxy.conf as shipped (TLS with a throwaway self-signed certificate; the rate limits and
X-Forwarded-For it sets) in front of gunicorn with the documented ``--workers 2 × cores`` sync workers and
PROXY_COUNT=1. Each visitor connects from its own loopback address (127.1.x.y), which nginx hands on as
X-Forwarded-For, as a visitor's network address reaches the app in production; readers connect from 127.0.0.1.
``--direct`` runs the earlier layout instead, for comparison: clients straight to gunicorn with 2 sync workers, each
visitor's address forged in X-Forwarded-For. The 200 visitors' contacts are verified beforehand in the database (the
code itself is tested in tests/consultations: here only the comments flood): each visitor carries a session cookie
signed with the app's key naming its contact, fetches the form once for its CSRF token, then posts five comments, the
1,000 spread evenly over the minute (about 17 a second). Every fetch opens a new connection (as the drill always
did). Exits non-zero when a rule fails.

Besides the figures it prints the kernel's TCP counters over the run (``nstat``: ListenOverflows, ListenDrops,
TCPTimeouts, TCPSynRetrans, RetransSegs: machine-wide, so other work on the machine adds to them) and the deepest
accept queue seen on each listening socket (``ss -lnt`` every 100 ms), so that a slow tail can be told apart: a
queue behind busy workers, or a connection dropped at a full queue and retransmitted after Linux's 200 ms minimum
retransmission timeout.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from bench.side_by_side import run_flask, stack_module  # noqa: E402

PORT = 5207  # where the clients connect: nginx (or gunicorn with --direct)
APP_PORT = 5208  # gunicorn behind nginx
VISITORS, PER_VISITOR, READERS = 200, 5, 8  # readers: each fetches a public page every second
THRESHOLD_MS = 200.0
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COUNTERS = ("TcpExtListenOverflows", "TcpExtListenDrops", "TcpExtTCPTimeouts", "TcpExtTCPSynRetrans",
            "TcpRetransSegs")


class Front:
    """Where the clients connect: nginx over TLS (the production layout), or gunicorn directly (``--direct``)."""

    tls: ssl.SSLContext | None = None


FRONT = Front()


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def _prepare(env: dict[str, str]) -> tuple[int, list[str]]:
    """The open consultation's id, and one signed session cookie per verified visitor."""
    os.environ.update(env)
    from datetime import UTC, datetime

    from sqlalchemy import select

    from tenants.models import Tenant
    from tenants.rls import tenant_context
    from webapp import create_app
    from webapp.consultations.models import Consultation, Contact
    from webapp.extensions import db

    app = create_app()
    cookies = []
    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "katanga-platform"))
        with tenant_context(tenant):
            cid = db.session.scalar(select(Consultation.id).where(Consultation.status == "open"))
            contacts = [Contact(channel="email", address=f"flood-{n}@example.org", attempts=0,
                                verified_at=datetime.now(UTC)) for n in range(VISITORS)]
            db.session.add_all(contacts)
            db.session.commit()
            ids = [c.id for c in contacts]
        serializer = app.session_interface.get_signing_serializer(app)
        name = app.config["SESSION_COOKIE_NAME"]
        cookies = [f"{name}={serializer.dumps({'consultation_contact': [tenant.id, i]})}" for i in ids]
    return cid, cookies


LAST_COOKIE: dict[int, str] = {}  # thread id -> the session cookie the last answer set (the form adds its CSRF token)


def _request(method: str, path: str, headers: dict[str, str], body: str | None = None,
             source: str = "127.0.0.1") -> tuple[int, str, float]:
    started = time.monotonic()
    conn: http.client.HTTPConnection
    if FRONT.tls:
        conn = http.client.HTTPSConnection("127.0.0.1", PORT, timeout=30, context=FRONT.tls,
                                           source_address=(source, 0))
    else:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(source, 0))
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            LAST_COOKIE[threading.get_ident()] = v.split(";", 1)[0]
    conn.close()
    return r.status, text, (time.monotonic() - started) * 1000


def visitor(n: int, cookie: str, base: str, seconds: float, out: list, lock: threading.Lock) -> None:
    address = f"127.1.{n // 250}.{n % 250 + 1}"  # through nginx: the connection's own address
    headers = {"Cookie": cookie, "Host": "127.0.0.1", "Referer": f"https://127.0.0.1{base}/take-part"}
    if not FRONT.tls:
        headers["X-Forwarded-For"] = address  # gunicorn directly: no proxy sets it
    total = VISITORS * PER_VISITOR  # the flood's posts are spread evenly over the minute: post k of visitor n at slot
    start_at = time.monotonic()    # k * VISITORS + n, so that the 1,000 arrive at 1000 / seconds a second
    time.sleep(max(0.0, n * seconds / total - 0.5))
    status, html, _ms = _request("GET", f"{base}/take-part", headers, source=address)
    headers["Cookie"] = LAST_COOKIE.get(threading.get_ident(), cookie)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if status != 200 or not token:
        with lock:
            out.append(("form", status, 0.0))
        return
    for k in range(PER_VISITOR):
        time.sleep(max(0.0, start_at + (k * VISITORS + n) * seconds / total - time.monotonic()))
        link = " See www.example.org/x" if (n + k) % 7 == 0 else ""
        body = urllib.parse.urlencode({"csrf_token": token.group(1), "body": f"Flood comment {n}-{k}.{link}",
                                       "name": f"Visitor {n}", "language": "fr"})
        status, _text, ms = _request("POST", f"{base}/comment", {
            **headers, "Content-Type": "application/x-www-form-urlencoded"}, body, source=address)
        with lock:
            out.append(("comment", status, ms))


def reader(paths: list[str], until: float, out: list, lock: threading.Lock) -> None:
    k = 0
    while time.monotonic() < until:
        started = time.monotonic()
        status, _text, ms = _request("GET", paths[k % len(paths)], {"Host": "127.0.0.1"})
        with lock:
            out.append((paths[k % len(paths)], status, ms))
        k += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def _wait_healthy(port: int, procs: list[subprocess.Popen], tls: ssl.SSLContext | None = None) -> None:
    for _ in range(300):
        with contextlib.suppress(OSError):
            conn = (http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=tls) if tls
                    else http.client.HTTPConnection("127.0.0.1", port, timeout=2))
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        time.sleep(0.2)
    for proc in procs:
        proc.terminate()
    raise SystemExit("Baraza did not start")


def start_logged(root: Path, port: int, env: dict[str, str], log: Path, workers: int) -> subprocess.Popen:
    """Baraza under gunicorn with ``workers`` sync workers, its JSON request lines (route, duration_ms) into ``log``."""
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(root / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                                 "--workers", str(workers), "--worker-class", "sync", "wsgi:app"], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=sink)
    _wait_healthy(port, [proc])
    return proc


def ensure_nginx() -> None:
    """Debian's nginx, installed with apt as scripts/test does when it is missing (as root)."""
    if Path(NGINX).exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("==> installing nginx-light with apt-get", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light"], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return
    raise SystemExit("nginx is missing: apt-get install nginx-light (or run with --direct)")


def start_nginx(root: Path, folder: Path) -> subprocess.Popen:
    """deploy/nginx.conf and deploy/baraza_proxy.conf as shipped, filled in as tests/drills/test_layout.py does: a
    throwaway self-signed certificate, one upstream (this machine's gunicorn)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "static").mkdir(exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days",
                    "2", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    text = (root / "deploy" / "nginx.conf").read_text()
    for name, value in {"USER": "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
                        "RUN": str(folder), "LISTEN": f"127.0.0.1:{PORT}", "HOST": "localhost",
                        "UPSTREAMS": f"server 127.0.0.1:{APP_PORT} max_fails=1 fail_timeout=5s;",
                        "CERT": str(cert), "KEY": str(key), "STATIC": str(folder / "static"),
                        "CONF": str(folder)}.items():
        text = text.replace(f"@{name}@", value)
    conf = folder / "nginx.conf"
    conf.write_text(text)
    shutil.copy(root / "deploy" / "baraza_proxy.conf", folder / "baraza_proxy.conf")
    subprocess.run([NGINX, "-t", "-c", str(conf), "-g", "daemon off;"], check=True, capture_output=True)
    return subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def tcp_counters() -> dict[str, int]:
    """The kernel's TCP counters (absolute), from ``nstat -az``; empty when nstat is missing."""
    try:
        text = subprocess.run(["nstat", "-az"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in COUNTERS:
            found[parts[0]] = int(parts[1])
    return found


def watch_accept_queues(ports: list[int], until: float, deepest: dict[int, int]) -> None:
    """The deepest accept queue (Recv-Q of the listening socket, ``ss -lnt``) of each port, sampled every 100 ms."""
    while time.monotonic() < until:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            text = subprocess.run(["ss", "-lnt"], check=True, capture_output=True, text=True).stdout
            for line in text.splitlines()[1:]:
                parts = line.split()
                for port in ports:
                    if len(parts) >= 4 and parts[3].endswith(f":{port}"):
                        deepest[port] = max(deepest.get(port, 0), int(parts[1]))
        time.sleep(0.1)


def server_times(log: Path) -> dict[str, list[float]]:
    """duration_ms by route, from gunicorn's JSON request lines (the server's own time, without the queue)."""
    out: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            row = json.loads(line)
            if row.get("message") == "request":
                out.setdefault(row.get("route", "?"), []).append(float(row.get("duration_ms", 0)))
                SLOWEST.append((float(row.get("duration_ms", 0)), row.get("time", ""), row.get("route", "?"),
                                row.get("statements")))
    SLOWEST.sort(reverse=True)
    return out


SLOWEST: list[tuple[float, str, str, object]] = []  # the server's slowest requests: ms, time, route, statements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--direct", action="store_true",
                        help="the earlier layout: clients straight to gunicorn with 2 sync workers, no nginx")
    args = parser.parse_args()
    stack = stack_module(BENCH.parent)
    root = BENCH.parent
    workers = 2 if args.direct else 2 * (os.cpu_count() or 1)  # docs/operations.md: --workers $((2 * CORES))
    if not args.direct:
        ensure_nginx()
        FRONT.tls = ssl.create_default_context()
        FRONT.tls.check_hostname, FRONT.tls.verify_mode = False, ssl.CERT_NONE  # the drill's self-signed certificate
    with stack.throwaway_dir() as base, stack.local_services(base, throwaway=True) as services:
        env = {**os.environ, **services, "BARAZA_ENV": "production", "TRUSTED_HOSTS": "localhost,127.0.0.1",
               "SECRET_KEY": "bench-consultation-flood", "BASE_URL": f"http://127.0.0.1:{PORT}",
               "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": "1", "PROXY_COUNT": "1", "PYTHONPATH": str(root)}
        print("==> migrating and loading the demo data", flush=True)
        run_flask(root, {**env, "BARAZA_ENV": "development"}, "db", "upgrade")
        run_flask(root, {**env, "BARAZA_ENV": "development"}, "demo", "load")
        cid, cookies = _prepare({**env, "BARAZA_ENV": "development"})
        public = f"/t/katanga-platform/public/consultations/{cid}"
        form_base = f"/t/katanga-platform/public/consultations/{cid}"
        log = base / "gunicorn.log"
        procs = [start_logged(root, PORT if args.direct else APP_PORT, env, log, workers)]
        if not args.direct:
            procs.append(start_nginx(root, base / "nginx"))
            _wait_healthy(PORT, procs, FRONT.tls)
        try:
            before = _request("GET", public, {"Host": "127.0.0.1"})[1]
            # the flood changes nothing public (comments wait in the queue), so the public pages are measured as they
            # are under it: rendered once and cached. The one render after a change (or a cold start) is its own
            # figure: printed below, and one request at a time renders it (webapp/public/cache.py)
            first_render_ms = _request("GET", "/t/katanga-platform/public/", {"Host": "127.0.0.1"})[2]
            shown_before = before.count('class="comment"')
            out: list = []
            lock = threading.Lock()
            load_before = os.getloadavg()
            until = time.monotonic() + args.seconds + 5
            counters_before, deepest = tcp_counters(), {}
            ports = [PORT] if args.direct else [PORT, APP_PORT]
            watcher = threading.Thread(target=watch_accept_queues, args=(ports, until + 30, deepest), daemon=True)
            watcher.start()
            threads = [threading.Thread(target=reader, args=([public, "/t/katanga-platform/public/"], until, out,
                                                             lock)) for _ in range(READERS)]
            threads += [threading.Thread(target=visitor, args=(n, c, form_base, args.seconds, out, lock))
                        for n, c in enumerate(cookies)]
            started = time.monotonic()
            for t in threads:
                t.start()
            peak = max(os.getloadavg()[0], 0.0)
            for t in threads:
                while t.is_alive():
                    t.join(1)
                    peak = max(peak, os.getloadavg()[0])
            took = time.monotonic() - started
            counters_after = tcp_counters()
            after = _request("GET", public, {"Host": "127.0.0.1"})[1]
        finally:
            for proc in reversed(procs):
                proc.terminate()
                proc.wait()
        server = server_times(log)
    comments = [(s, ms) for kind, s, ms in out if kind == "comment"]
    pages = [(s, ms) for kind, s, ms in out if kind not in ("comment", "form")]
    accepted = sum(1 for s, _ms in comments if s == 200)
    refused = {s: sum(1 for x, _ms in comments if x == s) for s in {s for s, _ in comments}}
    page_ms = [ms for _s, ms in pages]
    p99 = _percentile(page_ms, 99)
    print(f"comments posted: {len(comments)} in {took:.1f} s, accepted into the queue: {accepted}, by status: {refused}")
    print(f"comment POST p50/p95/p99 ms: {_percentile([m for _s, m in comments], 50):.1f} / "
          f"{_percentile([m for _s, m in comments], 95):.1f} / {_percentile([m for _s, m in comments], 99):.1f}")
    print(f"public page fetches: {len(pages)}, non-200: {sum(1 for s, _ in pages if s != 200)}, p50/p95/p99 ms: "
          f"{_percentile(page_ms, 50):.1f} / {_percentile(page_ms, 95):.1f} / {p99:.1f}")
    shown_after = after.count('class="comment"')
    print(f"published comments on the public page before/after: {shown_before} / {shown_after}; "
          f"flood text on the public page after: {'Flood comment' in after}")
    print(f"the public home's first render after the start (before the flood, one request): {first_render_ms:.1f} ms")
    print("slowest on the server (ms, time, route, statements):",
          "; ".join(f"{ms:.0f} {t[11:19]} {r} {n}" for ms, t, r, n in SLOWEST[:8]))
    for route in ("tenant.public.consultation", "tenant.public.index", "tenant.consultation_forms.comment"):
        ms = server.get(route, [])
        print(f"server time {route}: n={len(ms)} p50/p99 ms {_percentile(ms, 50):.1f} / {_percentile(ms, 99):.1f}")
    print(f"layout: {'clients -> gunicorn' if args.direct else 'clients -> nginx (TLS) -> gunicorn'}, "
          f"{workers} sync workers")
    print("TCP counters over the run (nstat: the network namespace, the whole machine unless run in its own): " + ", ".join(
        f"{k.removeprefix('TcpExt')} {counters_after.get(k, 0) - counters_before.get(k, 0)}" for k in COUNTERS
        if k in counters_before))
    print("deepest accept queue (ss -lnt Recv-Q): " + ", ".join(
        f"{'nginx' if p == PORT and not args.direct else 'gunicorn'} :{p} {deepest.get(p, 0)}" for p in ports))
    print(f"load average before: {load_before[0]:.2f}, peak during: {peak:.2f}; cores: {os.cpu_count()}")
    failed = ("Flood comment" in after or shown_after != shown_before or p99 >= THRESHOLD_MS
              or any(s != 200 for s, _ in pages))
    print("FAIL" if failed else "PASS")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
