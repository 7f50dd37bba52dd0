"""The public consultation's flood drill (issue 42): 1,000 comments from 200 verified visitors, each from its own
network address, in a minute, against the demo's open consultation (the Katanga platform), while 16 readers fetch
the consultation's public page and the forum's public home. Passes when nothing unmoderated is published (the
public page shows the same comments after the flood as before it, and every new comment waits in the queue) and the
public pages' p99 stays under 200 ms.

    .venv/bin/python bench/consultation_flood.py              # throwaway PostgreSQL/Redis, demo data, 60 s
    .venv/bin/python bench/consultation_flood.py --seconds 30

Like bench/side_by_side.py it starts scripts/stack.py's throwaway PostgreSQL and Redis, migrates, loads the demo,
and runs Baraza under the bench's gunicorn settings (2 sync workers, production settings, PROXY_COUNT=1 so that
each visitor's X-Forwarded-For is its network address). The 200 visitors' contacts are verified beforehand in the
database (the code itself is tested in tests/consultations: here only the comments flood): each visitor carries a
session cookie signed with the app's key naming its contact, fetches the form once for its CSRF token, then posts
five comments, the 1,000 spread evenly over the minute (about 17 a second). Exits non-zero when a rule fails.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from bench.side_by_side import run_flask, stack_module  # noqa: E402

PORT = 5207
VISITORS, PER_VISITOR, READERS = 200, 5, 8  # readers: each fetches a public page every second
THRESHOLD_MS = 200.0


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


def _request(method: str, path: str, headers: dict[str, str], body: str | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            LAST_COOKIE[threading.get_ident()] = v.split(";", 1)[0]
    conn.close()
    return r.status, text, (time.monotonic() - started) * 1000


def visitor(n: int, cookie: str, base: str, seconds: float, out: list, lock: threading.Lock) -> None:
    address = f"10.{n // 250}.{n % 250}.7"
    headers = {"Cookie": cookie, "X-Forwarded-For": address, "Host": "127.0.0.1"}
    total = VISITORS * PER_VISITOR  # the flood's posts are spread evenly over the minute: post k of visitor n at slot
    start_at = time.monotonic()    # k * VISITORS + n, so that the 1,000 arrive at 1000 / seconds a second
    time.sleep(max(0.0, n * seconds / total - 0.5))
    status, html, _ms = _request("GET", f"{base}/take-part", headers)
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
            **headers, "Content-Type": "application/x-www-form-urlencoded"}, body)
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


def start_logged(root: Path, port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Baraza under the bench's gunicorn settings, its JSON request lines (route, duration_ms) into ``log``."""
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(root / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                                 "--workers", "2", "--worker-class", "sync", "wsgi:app"], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=sink)
    for _ in range(300):
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("Baraza did not start")


def server_times(log: Path) -> dict[str, list[float]]:
    """duration_ms by route, from gunicorn's JSON request lines (the server's own time, without the queue)."""
    out: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            row = json.loads(line)
            if row.get("message") == "request":
                out.setdefault(row.get("route", "?"), []).append(float(row.get("duration_ms", 0)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    stack = stack_module(BENCH.parent)
    root = BENCH.parent
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
        proc = start_logged(root, PORT, env, log)
        try:
            before = _request("GET", public, {"Host": "127.0.0.1"})[1]
            shown_before = before.count('class="comment"')
            out: list = []
            lock = threading.Lock()
            load_before = os.getloadavg()
            until = time.monotonic() + args.seconds + 5
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
            after = _request("GET", public, {"Host": "127.0.0.1"})[1]
        finally:
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
    for route in ("tenant.public.consultation", "tenant.public.index", "tenant.consultation_forms.comment"):
        ms = server.get(route, [])
        print(f"server time {route}: n={len(ms)} p50/p99 ms {_percentile(ms, 50):.1f} / {_percentile(ms, 99):.1f}")
    print(f"load average before: {load_before[0]:.2f}, peak during: {peak:.2f}; cores: {os.cpu_count()}")
    failed = ("Flood comment" in after or shown_after != shown_before or p99 >= THRESHOLD_MS
              or any(s != 200 for s, _ in pages))
    print("FAIL" if failed else "PASS")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
